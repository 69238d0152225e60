package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.usage.Budget;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetKind;
import io.codesession.usage.BudgetService;
import io.codesession.usage.BudgetService.Change;
import io.codesession.usage.BudgetService.State;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "set", description = {"Set spending limits in dollars; limits not named are kept.",
    "A limit is a plain non-negative number (0 blocks all spending), or none to remove it."})
public class BudgetSetCommand implements Runnable {

    @Option(names = "--session", paramLabel = "<usd>", description = "Limit per session (the cost of the active session).")
    String session;

    @Option(names = "--daily", paramLabel = "<usd>", description = "Limit per UTC day.")
    String daily;

    @Option(names = "--monthly", paramLabel = "<usd>", description = "Limit per UTC calendar month.")
    String monthly;

    @Mixin
    BudgetTarget target;

    @Mixin
    JsonMixin json;

    @Inject
    BudgetService budgets;
    @Inject
    Output out;

    @Override
    public void run() {
        Map<BudgetKind, Change> changes = new EnumMap<>(BudgetKind.class);
        if (session != null) {
            changes.put(BudgetKind.SESSION, BudgetService.parseLimit(session, "--session"));
        }
        if (daily != null) {
            changes.put(BudgetKind.DAILY, BudgetService.parseLimit(daily, "--daily"));
        }
        if (monthly != null) {
            changes.put(BudgetKind.MONTHLY, BudgetService.parseLimit(monthly, "--monthly"));
        }
        if (changes.isEmpty()) {
            throw CsException.invalid("Nothing to set: give --session, --daily and/or --monthly (dollars, or none)");
        }
        String scope = target.resolve(budgets, true);
        Budget b = budgets.set(scope, changes);
        State state = budgets.check(scope != null ? scope : budgets.currentScope(), null);
        if (json.json) {
            out.json(out.envelope().add("configured", b.isEmpty() ? null : BudgetJson.budget(b))
                    .add("budget", BudgetJson.state(state)));
            return;
        }
        out.blank();
        String where = scope == null ? "global budget" : "budget for " + scope;
        if (b.isEmpty()) {
            out.line(out.green("Removed the " + where + " (no limit left)"));
        } else {
            out.line(out.green("Set the " + where + ": " + BudgetView.limits(b)));
        }
        BudgetView.printState(out, state);
        out.blank();
    }
}
