package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.usage.Budget;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetKind;
import io.codesession.usage.BudgetService;
import io.codesession.usage.BudgetService.Cleared;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "clear", description = {"Remove a budget, or only some of its limits.",
    "Without --session/--daily/--monthly every limit of the budget is removed."})
public class BudgetClearCommand implements Runnable {

    @Option(names = "--session", description = "Remove only the per-session limit.")
    boolean session;

    @Option(names = "--daily", description = "Remove only the daily limit.")
    boolean daily;

    @Option(names = "--monthly", description = "Remove only the monthly limit.")
    boolean monthly;

    @Option(names = "--all", description = "Remove every budget (global and all scopes).")
    boolean all;

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
        if (all) {
            if (target.global || target.scope != null || session || daily || monthly) {
                throw CsException.invalid("--all removes every budget; it cannot be combined with other options");
            }
            List<Budget> removed = budgets.clearAll();
            if (json.json) {
                out.json(out.envelope().add("cleared", !removed.isEmpty()).add("removed", removed.size()));
                return;
            }
            out.blank();
            out.line(removed.isEmpty() ? out.gray("No budgets to remove")
                    : out.green("Removed " + removed.size() + " budget(s)"));
            out.blank();
            return;
        }
        Set<BudgetKind> kinds = EnumSet.noneOf(BudgetKind.class);
        if (session) {
            kinds.add(BudgetKind.SESSION);
        }
        if (daily) {
            kinds.add(BudgetKind.DAILY);
        }
        if (monthly) {
            kinds.add(BudgetKind.MONTHLY);
        }
        String scope = target.resolve(budgets, false);
        Cleared r = budgets.clear(scope, kinds);
        if (json.json) {
            out.json(out.envelope().add("cleared", r.changed()).add("scope", scope).add("global", scope == null)
                    .add("configured", r.after() == null ? null : BudgetJson.budget(r.after())));
            return;
        }
        String where = scope == null ? "the global budget" : "the budget for " + scope;
        out.blank();
        if (r.before() == null) {
            out.line(out.gray("No budget is set for " + (scope == null ? "global" : scope) + "; nothing to remove"));
        } else if (!r.changed()) {
            out.line(out.gray("Those limits of " + where + " were not set; nothing changed"));
        } else if (r.after() == null) {
            out.line(out.green("Removed " + where));
        } else {
            out.line(out.green("Updated " + where + ": " + BudgetView.limits(r.after())));
        }
        out.blank();
    }
}
