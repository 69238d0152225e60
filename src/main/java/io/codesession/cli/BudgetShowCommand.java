package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import io.codesession.usage.BudgetService.Check;
import io.codesession.usage.BudgetService.Overview;
import io.codesession.usage.BudgetService.State;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "show", description = {"List the budgets with their spend, and the state of this directory's scope.",
    "A session limit shows the costliest active session it covers."})
public class BudgetShowCommand implements Runnable {

    @Mixin
    JsonMixin json;

    @Inject
    BudgetService budgets;
    @Inject
    Output out;

    @Override
    public void run() {
        List<Overview> all = budgets.overview();
        State here = budgets.check((Long) null);
        if (json.json) {
            out.json(out.envelope().add("budgets", all.stream().map(BudgetJson::overview).toList())
                    .add("budget", BudgetJson.state(here)));
            return;
        }
        out.blank();
        if (all.isEmpty()) {
            out.line(out.gray("No budgets configured. Set one with: cs budget set --daily <usd> [--global]"));
            out.blank();
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Overview o : all) {
            String name = o.budget().global() ? "global" : o.budget().scope();
            for (Check c : o.checks()) {
                String spent = Format.cost(c.spentRounded());
                String what = switch (c.kind()) {
                    case SESSION -> c.sessionId() == null ? "no active session" : "session " + c.sessionId();
                    case DAILY, MONTHLY -> c.period() + " (UTC)";
                };
                rows.add(List.of(name, c.kind().id(), Format.cost(c.limit()), spent, what, Format.cost(c.remaining()),
                        c.exceeded() ? "EXCEEDED" : "ok"));
            }
        }
        out.line(out.bold("Budgets"));
        out.line(Table.render(out, List.of("Budget", "Kind", "Limit", "Spent", "Of", "Left", "Status"), rows)
                .stripTrailing());
        out.line(out.gray("  Session limits show the costliest active session they cover."));
        if (!here.checks().isEmpty()) {
            out.blank();
            out.line(out.bold("Here (" + here.scope() + ")") + (here.exceeded() ? "  " + out.red("EXCEEDED") : ""));
            BudgetView.printState(out, here);
        }
        out.blank();
    }
}
