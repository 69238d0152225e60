package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cs log-ai}: pricing.md §8 worked examples, token arithmetic without phantom tokens,
 * model id normalisation, errors that store nothing, agent names, and session aggregates.
 */
class LogAiIT {

    @TempDir
    Path tmp;

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Asserts the pricing object: source, modelKnown, rates and (when not null) the matched key. */
    static void pricing(JsonNode log, String source, boolean known, double in, double out, String matchedKey) {
        JsonNode p = log.path("pricing");
        List<String> expectedKeys = new ArrayList<>(List.of("source", "modelKnown", "inputPer1M", "outputPer1M",
                "cacheWrite5mPer1M", "cacheWrite1hPer1M", "cacheReadPer1M", "longContext"));
        if (matchedKey != null) {
            expectedKeys.add("matchedKey");
        }
        assertThat(keys(p)).isEqualTo(expectedKeys);
        assertThat(p.path("source").asText()).isEqualTo(source);
        assertThat(p.path("modelKnown").asBoolean()).isEqualTo(known);
        assertThat(p.path("inputPer1M").asDouble()).isEqualTo(in);
        assertThat(p.path("outputPer1M").asDouble()).isEqualTo(out);
        if (matchedKey != null) {
            assertThat(p.path("matchedKey").asText()).isEqualTo(matchedKey);
        }
    }

    static void session(JsonNode log, long id, double aiCost, long aiTokens) {
        JsonNode s = log.path("session");
        assertThat(keys(s)).containsExactly("id", "aiCost", "aiTokens");
        assertThat(s.path("id").asLong()).isEqualTo(id);
        assertThat(s.path("aiCost").asDouble()).as("session aiCost").isEqualTo(aiCost);
        assertThat(s.path("aiTokens").asLong()).as("session aiTokens").isEqualTo(aiTokens);
    }

    @Test
    void workedExamplesTokenArithmeticAndAggregates() {
        CsDriver cs = new CsDriver(tmp);
        long id = cs.json("start", "pricing examples", "--json").path("id").asLong();

        // (12000×2 + 3000×8)/1e6
        JsonNode a = cs.json("log-ai", "-p", "openai", "-m", "gpt-4.1", "--prompt-tokens", "12000",
                "--completion-tokens", "3000", "--json");
        assertThat(keys(a)).containsExactly("schemaVersion", "codesessionVersion", "logged", "pricing", "session");
        JsonNode logged = a.path("logged");
        assertThat(keys(logged)).containsExactly("provider", "model", "tokens", "promptTokens", "completionTokens",
                "cost", "id", "timestamp");
        assertThat(logged.path("provider").asText()).isEqualTo("openai");
        assertThat(logged.path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(logged.path("tokens").asLong()).isEqualTo(15000);
        assertThat(logged.path("promptTokens").asLong()).isEqualTo(12000);
        assertThat(logged.path("completionTokens").asLong()).isEqualTo(3000);
        assertThat(logged.path("cost").asDouble()).isEqualTo(0.048);
        pricing(a, "built-in", true, 2, 8, "gpt-4.1");
        session(a, id, 0.048, 15000);

        // Bare --tokens: 70/30 → (14000×3 + 6000×15)/1e6; no prompt/completion keys, NULL columns.
        JsonNode b = cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "20000", "--json");
        assertThat(keys(b.path("logged"))).containsExactly("provider", "model", "tokens", "cost", "id", "timestamp");
        assertThat(b.path("logged").path("cost").asDouble()).isEqualTo(0.132);
        pricing(b, "built-in", true, 3, 15, "claude-sonnet-4");
        session(b, id, 0.18, 35000);

        // (100000×0.15 + 20000×0.6)/1e6
        JsonNode c = cs.json("log-ai", "-p", "google", "-m", "gemini-2.5-flash", "--prompt-tokens", "100000",
                "--completion-tokens", "20000", "--json");
        assertThat(c.path("logged").path("cost").asDouble()).isEqualTo(0.027);
        pricing(c, "built-in", true, 0.15, 0.6, "gemini-2.5-flash");
        session(c, id, 0.207, 155000);

        // Manual cost for an unknown model.
        JsonNode d = cs.json("log-ai", "-p", "x", "-m", "my-model", "-t", "500", "-c", "0.01", "--json");
        assertThat(d.path("logged").path("cost").asDouble()).isEqualTo(0.01);
        assertThat(d.path("logged").path("tokens").asLong()).isEqualTo(500);
        pricing(d, "manual", false, 0, 0, null);
        session(d, id, 0.217, 155500);

        // Only --prompt-tokens: completion is 0, no 70/30 phantom tokens → 5000×2.5/1e6.
        JsonNode e = cs.json("log-ai", "-p", "openai", "-m", "gpt-4o", "--prompt-tokens", "5000", "--json");
        assertThat(keys(e.path("logged"))).containsExactly("provider", "model", "tokens", "promptTokens", "cost", "id",
                "timestamp");
        assertThat(e.path("logged").path("tokens").asLong()).isEqualTo(5000);
        assertThat(e.path("logged").path("promptTokens").asLong()).isEqualTo(5000);
        assertThat(e.path("logged").path("cost").asDouble()).isEqualTo(0.0125);
        session(e, id, 0.2295, 160500);

        // --tokens with one side: the other side is the rest → (6000×2.5 + 4000×10)/1e6.
        JsonNode f = cs.json("log-ai", "-p", "openai", "-m", "gpt-4o", "-t", "10000", "--completion-tokens", "4000",
                "--json");
        assertThat(keys(f.path("logged"))).containsExactly("provider", "model", "tokens", "completionTokens", "cost",
                "id", "timestamp");
        assertThat(f.path("logged").path("cost").asDouble()).isEqualTo(0.055);
        session(f, id, 0.2845, 170500);

        // Manual cost for a known model reports its rates.
        JsonNode g = cs.json("log-ai", "-p", "openai", "-m", "gpt-4o", "-t", "100", "-c", "0", "--json");
        assertThat(g.path("logged").path("cost").asDouble()).isZero();
        pricing(g, "manual", true, 2.5, 10, "gpt-4o");
        session(g, id, 0.2845, 170600);

        assertThat(cs.sql("SELECT provider, model, tokens, prompt_tokens, completion_tokens, cost, agent_name "
                + "FROM ai_usage ORDER BY id")).containsExactly(
                row("provider", "openai", "model", "gpt-4.1", "tokens", 15000, "prompt_tokens", 12000,
                        "completion_tokens", 3000, "cost", 0.048, "agent_name", null),
                row("provider", "anthropic", "model", "claude-sonnet-4", "tokens", 20000, "prompt_tokens", null,
                        "completion_tokens", null, "cost", 0.132, "agent_name", null),
                row("provider", "google", "model", "gemini-2.5-flash", "tokens", 120000, "prompt_tokens", 100000,
                        "completion_tokens", 20000, "cost", 0.027, "agent_name", null),
                row("provider", "x", "model", "my-model", "tokens", 500, "prompt_tokens", null,
                        "completion_tokens", null, "cost", 0.01, "agent_name", null),
                row("provider", "openai", "model", "gpt-4o", "tokens", 5000, "prompt_tokens", 5000,
                        "completion_tokens", null, "cost", 0.0125, "agent_name", null),
                row("provider", "openai", "model", "gpt-4o", "tokens", 10000, "prompt_tokens", null,
                        "completion_tokens", 4000, "cost", 0.055, "agent_name", null),
                row("provider", "openai", "model", "gpt-4o", "tokens", 100, "prompt_tokens", null,
                        "completion_tokens", null, "cost", 0.0, "agent_name", null));

        // The session aggregates equal the SQL sums of the rows.
        Map<String, Object> sums = cs.sql("SELECT ROUND(SUM(cost) * 1e10) / 1e10 AS cost, SUM(tokens) AS tokens "
                + "FROM ai_usage WHERE session_id = " + id).getFirst();
        Map<String, Object> agg = cs.sql("SELECT ai_cost, ai_tokens FROM sessions WHERE id = " + id).getFirst();
        assertThat(agg.get("ai_cost")).isEqualTo(sums.get("cost")).isEqualTo(0.2845);
        assertThat(((Number) agg.get("ai_tokens")).longValue()).isEqualTo(((Number) sums.get("tokens")).longValue())
                .isEqualTo(170600);
        JsonNode status = cs.json("status", "--json");
        assertThat(status.path("aiCost").asDouble()).isEqualTo(0.2845);
        assertThat(status.path("aiTokens").asLong()).isEqualTo(170600);
        assertThat(status.path("aiUsage")).hasSize(7);
        assertThat(status.path("aiUsage").get(4).has("completionTokens")).isFalse();

        // Human success output.
        Result human = cs.run("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "12400", "--agent", "Bot");
        human.assertOk();
        // (8680×3 + 3720×15)/1e6 = 0.08184
        assertThat(human.stdout()).contains("Logged: 12,400 tokens, $0.08 (Bot)")
                .contains("Session total: 183,000 tokens, $0.37");
    }

    @Test
    void providerKeysAndModelIdNormalisation() {
        CsDriver cs = new CsDriver(tmp);
        cs.json("pricing", "set", "gpt-4o", "2.25", "9", "--provider", "openai", "--json");
        long id = cs.json("start", "lookup", "--json").path("id").asLong();

        // openai/gpt-4o (custom) is found before gpt-4o: (1000×2.25 + 1000×9)/1e6
        JsonNode custom = cs.json("log-ai", "-p", "openai", "-m", "gpt-4o", "--prompt-tokens", "1000",
                "--completion-tokens", "1000", "--json");
        assertThat(custom.path("logged").path("cost").asDouble()).isEqualTo(0.01125);
        pricing(custom, "custom", true, 2.25, 9, "openai/gpt-4o");

        // azure/gpt-4o is missing → built-in gpt-4o: (1000×2.5 + 1000×10)/1e6
        JsonNode azure = cs.json("log-ai", "-p", "azure", "-m", "gpt-4o", "--prompt-tokens", "1000",
                "--completion-tokens", "1000", "--json");
        assertThat(azure.path("logged").path("cost").asDouble()).isEqualTo(0.0125);
        pricing(azure, "built-in", true, 2.5, 10, "gpt-4o");

        // Dated id → family: 700×3 + 300×15 = 6600 → 0.0066; the logged model stays as given.
        JsonNode dated = cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4-20250514", "-t", "1000", "--json");
        assertThat(dated.path("logged").path("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(dated.path("logged").path("cost").asDouble()).isEqualTo(0.0066);
        pricing(dated, "built-in", true, 3, 15, "claude-sonnet-4");

        // Upper case + ISO-dated suffix: 1000×2.5/1e6 (no custom openai/ key for provider "OpenAI-EU").
        JsonNode upper = cs.json("log-ai", "-p", "OpenAI-EU", "-m", "GPT-4O-2024-08-06", "--prompt-tokens", "1000",
                "--json");
        assertThat(upper.path("logged").path("cost").asDouble()).isEqualTo(0.0025);
        pricing(upper, "built-in", true, 2.5, 10, "gpt-4o");

        // @-dated id: 700×5 + 300×25 = 11000 → 0.011
        JsonNode at = cs.json("log-ai", "-p", "vertex", "-m", "claude-opus-4-6@20250101", "-t", "1000", "--json");
        assertThat(at.path("logged").path("cost").asDouble()).isEqualTo(0.011);
        pricing(at, "built-in", true, 5, 25, "claude-opus-4-6");

        // vendor/model → last segment: 1000×0.15 + 1000×0.6 = 750 → 0.00075
        JsonNode routed = cs.json("log-ai", "-p", "openrouter", "-m", "google/gemini-2.5-flash", "--prompt-tokens",
                "1000", "--completion-tokens", "1000", "--json");
        assertThat(routed.path("logged").path("cost").asDouble()).isEqualTo(0.00075);
        pricing(routed, "built-in", true, 0.15, 0.6, "gemini-2.5-flash");
        // 0.01125 + 0.0125 + 0.0066 + 0.0025 + 0.011 + 0.00075
        assertThat(routed.path("session").path("aiCost").asDouble()).isEqualTo(0.0446);

        // Unknown model: error with extras, nothing stored.
        JsonNode unknown = cs.jsonError("log-ai", "-p", "acme", "-m", "no-such-model", "-t", "1000", "--json");
        assertThat(keys(unknown)).containsExactly("code", "message", "model", "provider");
        assertThat(unknown.path("code").asText()).isEqualTo("unknown_model");
        assertThat(unknown.path("model").asText()).isEqualTo("no-such-model");
        assertThat(unknown.path("provider").asText()).isEqualTo("acme");
        assertThat(unknown.path("message").asText()).contains("no-such-model");
        // A date suffix on an unknown family stays unknown.
        assertThat(cs.jsonError("log-ai", "-p", "x", "-m", "x@20250101", "-t", "10", "--json").path("code").asText())
                .isEqualTo("unknown_model");
        Result human = cs.run("log-ai", "-p", "acme", "-m", "no-such-model", "-t", "1000");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stdout()).isBlank();
        assertThat(human.stderr()).contains("Unknown model \"no-such-model\"");
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage")).containsExactly(row("n", 6));
        assertThat(cs.sql("SELECT ai_tokens FROM sessions WHERE id = " + id)).containsExactly(row("ai_tokens", 9000));
    }

    @Test
    void validationErrorsStoreNothing() {
        CsDriver cs = new CsDriver(tmp);
        JsonNode noSession = cs.jsonError("log-ai", "-p", "openai", "-m", "gpt-4o", "-t", "10", "--json");
        assertThat(noSession.path("code").asText()).isEqualTo("no_active_session");
        cs.json("start", "validation", "--json");

        JsonNode missing = cs.jsonError("log-ai", "-p", "openai", "-m", "gpt-4o", "--json");
        assertThat(missing.path("code").asText()).isEqualTo("missing_tokens");
        assertThat(missing.path("message").asText()).isEqualTo("Must provide --tokens or --prompt-tokens/--completion-tokens");
        assertThat(cs.jsonError("log-ai", "-p", "openai", "-m", "gpt-4o", "-t", "0", "--json").path("code").asText())
                .isEqualTo("missing_tokens");

        // Strict numbers: no parseInt leniency.
        for (String bad : List.of("12abc", "1.9", "1e3", "-5", "0x10")) {
            JsonNode err = cs.jsonError("log-ai", "-p", "openai", "-m", "gpt-4o", "-t", bad, "--json");
            assertThat(err.path("code").asText()).as("-t %s", bad).isEqualTo("invalid_input");
        }
        assertThat(cs.jsonError("log-ai", "-p", "openai", "-m", "gpt-4o", "--prompt-tokens", "1.5", "--json")
                .path("code").asText()).isEqualTo("invalid_input");
        assertThat(cs.jsonError("log-ai", "-p", "x", "-m", "y", "-t", "10", "-c", "1e3", "--json").path("code").asText())
                .isEqualTo("invalid_input");
        for (String bad : List.of("0", "abc")) {
            JsonNode err = cs.jsonError("log-ai", "-p", "x", "-m", "y", "-t", "10", "-c", "1", "-s", bad, "--json");
            assertThat(err.path("code").asText()).as("-s %s", bad).isEqualTo("invalid_input");
        }
        JsonNode wrongSession = cs.jsonError("log-ai", "-p", "x", "-m", "y", "-t", "10", "-c", "1", "-s", "42", "--json");
        assertThat(wrongSession.path("code").asText()).isEqualTo("session_not_found");
        assertThat(wrongSession.path("id").asLong()).isEqualTo(42);

        Result human = cs.run("log-ai", "-p", "openai", "-m", "gpt-4o", "-t", "12abc");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stderr()).contains("Tokens must be a non-negative integer");
        human.assertNoStackTrace();

        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage")).containsExactly(row("n", 0));
        assertThat(cs.sql("SELECT ai_cost, ai_tokens FROM sessions")).containsExactly(row("ai_cost", 0.0, "ai_tokens", 0));
    }

    @Test
    void agentNameFromEnvironmentAndOption() throws IOException {
        CsDriver cs = new CsDriver(tmp).env("CODESESSION_AGENT_NAME", "Env Agent");
        cs.json("start", "agents", "--json");
        JsonNode fromEnv = cs.json("log-ai", "-p", "x", "-m", "y", "-t", "10", "-c", "0.001", "--json");
        assertThat(fromEnv.path("logged").path("agentName").asText()).isEqualTo("Env Agent");
        JsonNode fromOption = cs.json("log-ai", "-p", "x", "-m", "y", "-t", "10", "-c", "0.002", "--agent", "Cli Agent",
                "--json");
        assertThat(fromOption.path("logged").path("agentName").asText()).isEqualTo("Cli Agent");
        // "@name" is an agent name, not a request to read a file of that name.
        Files.writeString(cs.cwd().resolve("notes"), "FILE CONTENT");
        JsonNode at = cs.json("log-ai", "-p", "x", "-m", "y", "-t", "10", "-c", "0.003", "--agent", "@notes", "--json");
        assertThat(at.path("logged").path("agentName").asText()).isEqualTo("@notes");
        assertThat(cs.sql("SELECT agent_name, cost FROM ai_usage ORDER BY id")).containsExactly(
                row("agent_name", "Env Agent", "cost", 0.001),
                row("agent_name", "Cli Agent", "cost", 0.002),
                row("agent_name", "@notes", "cost", 0.003));
        assertThat(fromOption.path("session").path("aiCost").asDouble()).isEqualTo(0.003);
        assertThat(at.path("session").path("aiCost").asDouble()).isEqualTo(0.006);
    }
}
