package io.codesession.cli;

import io.codesession.common.Format;
import io.codesession.usage.Budget;
import io.codesession.usage.BudgetService.Check;
import io.codesession.usage.BudgetService.State;

/** Human rendering of budgets, shared by the budget commands, log-ai and status. */
final class BudgetView {

    private BudgetView() {
    }

    static String limits(Budget b) {
        return "session " + money(b.session()) + ", daily " + money(b.daily()) + ", monthly " + money(b.monthly());
    }

    static String money(Double v) {
        return v == null ? "—" : Format.cost(v);
    }

    /** One line per check: red when exceeded, yellow from 80 %, gray otherwise. */
    static void printState(Output out, State state) {
        for (Check c : state.checks()) {
            out.line("  " + style(out, c, c.describe()));
        }
    }

    static String style(Output out, Check c, String text) {
        if (c.exceeded()) {
            return out.red(text);
        }
        return c.spentRounded() >= 0.8 * c.limit() ? out.yellow(text) : out.gray(text);
    }

    /** The warning line log-ai and status print when a budget is exceeded. */
    static void warnIfExceeded(Output out, State state) {
        if (state != null && state.exceeded()) {
            out.line(out.red("  " + state.reason()));
        }
    }
}
