package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.session.SessionJson;
import io.codesession.usage.AiUsage;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import io.codesession.usage.BudgetService.State;
import io.codesession.usage.UsageService;
import io.codesession.usage.UsageService.Request;
import io.codesession.usage.UsageService.Result;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "log-ai", description = "Log AI usage (tokens and cost) to the active session.")
public class LogAiCommand implements Runnable {

    @Option(names = {"-p", "--provider"}, required = true, paramLabel = "<provider>",
            description = "Provider, e.g. anthropic, openai, google.")
    String provider;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "<model>", description = "Model id.")
    String model;

    @Option(names = {"-t", "--tokens"}, paramLabel = "<tokens>",
            description = "Total tokens. Alone, it is priced as 70%% prompt / 30%% completion.")
    String tokens;

    @Option(names = {"-c", "--cost"}, paramLabel = "<cost>", description = "Cost in dollars (default: computed).")
    String cost;

    @Option(names = "--prompt-tokens", paramLabel = "<n>", description = "Prompt (input) tokens.")
    String promptTokens;

    @Option(names = "--completion-tokens", paramLabel = "<n>", description = "Completion (output) tokens.")
    String completionTokens;

    @Option(names = "--cache-read-tokens", paramLabel = "<n>",
            description = "Cache-read (cached input) tokens, billed at the model's cache-read rate.")
    String cacheReadTokens;

    @Option(names = "--cache-write-tokens", paramLabel = "<n>",
            description = "Cache-write tokens (5-minute cache), billed at the model's cache-write rate.")
    String cacheWriteTokens;

    @Option(names = "--cache-write-1h-tokens", paramLabel = "<n>",
            description = "Cache-write tokens (1-hour cache), billed at the model's 1-hour cache-write rate.")
    String cacheWrite1hTokens;

    @Option(names = "--agent", paramLabel = "<name>",
            description = "Agent name (default: $CODESESSION_AGENT_NAME).")
    String agent;

    @Mixin
    SessionMixin session;

    @Mixin
    JsonMixin json;

    @Inject
    UsageService usage;
    @Inject
    BudgetService budgets;
    @Inject
    Output out;

    @Override
    public void run() {
        Long id = session.id();
        Long t = tokens == null ? null
                : Input.nonNegativeInteger(tokens, Input.TOKENS_MAX, "Tokens must be a non-negative integer");
        Long p = promptTokens == null ? null
                : Input.nonNegativeInteger(promptTokens, Input.TOKENS_MAX, "Prompt tokens must be a non-negative integer");
        Long c = completionTokens == null ? null
                : Input.nonNegativeInteger(completionTokens, Input.TOKENS_MAX,
                        "Completion tokens must be a non-negative integer");
        Double dollars = cost == null ? null
                : Input.nonNegativeDecimal(cost, Input.COST_MAX, "Cost must be a non-negative number");
        Long cr = cacheReadTokens == null ? null
                : Input.nonNegativeInteger(cacheReadTokens, Input.TOKENS_MAX, "Cache-read tokens must be a non-negative integer");
        Long cw = cacheWriteTokens == null ? null
                : Input.nonNegativeInteger(cacheWriteTokens, Input.TOKENS_MAX,
                        "Cache-write tokens must be a non-negative integer");
        Long cw1h = cacheWrite1hTokens == null ? null
                : Input.nonNegativeInteger(cacheWrite1hTokens, Input.TOKENS_MAX,
                        "Cache-write (1 h) tokens must be a non-negative integer");
        String agentName = agent != null ? agent : System.getenv("CODESESSION_AGENT_NAME");
        Result r = usage.log(new Request(id, provider, model, t, p, c, dollars, agentName, cw, cw1h, cr));
        AiUsage u = r.logged();
        State budget = budgets.stateOfSession(r.sessionId()).orElse(null);
        if (json.json) {
            Json.Obj logged = Json.obj().add("provider", u.provider()).add("model", u.model()).add("tokens", u.tokens());
            logged.addIfPresent("promptTokens", u.promptTokens());
            logged.addIfPresent("completionTokens", u.completionTokens());
            logged.addIfPresent("cacheWriteTokens", u.cacheCreationTokens());
            logged.addIfPresent("cacheWrite1hTokens", u.cacheCreation1hTokens());
            logged.addIfPresent("cacheReadTokens", u.cacheReadTokens());
            logged.add("cost", u.cost());
            logged.addIfPresent("agentName", u.agentName());
            logged.add("id", u.id()).add("timestamp", u.timestamp());
            Json.Obj pricing = Json.obj().add("source", r.pricing().source()).add("modelKnown", r.pricing().modelKnown())
                    .add("inputPer1M", r.pricing().inputPer1M()).add("outputPer1M", r.pricing().outputPer1M())
                    .add("cacheWrite5mPer1M", r.pricing().cacheWrite5mPer1M())
                    .add("cacheWrite1hPer1M", r.pricing().cacheWrite1hPer1M())
                    .add("cacheReadPer1M", r.pricing().cacheReadPer1M())
                    .add("longContext", r.pricing().longContext());
            pricing.addIfPresent("matchedKey", r.pricing().key());
            Json.Obj doc = out.envelope().add("logged", logged).add("pricing", pricing).add("session", Json.obj()
                    .add("id", r.sessionId()).add("aiCost", SessionJson.cost(r.sessionCost()))
                    .add("aiTokens", r.sessionTokens()));
            if (budget != null) {
                doc.add("budget", BudgetJson.state(budget));
            }
            out.json(doc);
            return;
        }
        out.blank();
        out.line(out.green("Logged: " + Format.tokens(u.tokens()) + " tokens, " + Format.cost(u.cost())
                + (u.agentName() == null ? "" : " (" + u.agentName() + ")")));
        out.line(out.gray("  Session total: " + Format.tokens(r.sessionTokens()) + " tokens, " + Format.cost(r.sessionCost())));
        BudgetView.warnIfExceeded(out, budget);
        out.blank();
    }
}
