package io.codesession.usage;

import io.codesession.common.Json;
import io.codesession.usage.BudgetService.Check;
import io.codesession.usage.BudgetService.Overview;
import io.codesession.usage.BudgetService.State;
import java.util.List;

/**
 * The JSON of budgets, shared by every front end ({@code cs budget}, {@code log-ai},
 * {@code status}, {@code auto-log}, the dashboard, the proxy and MCP): docs/budgets.md.
 */
public final class BudgetJson {

    private BudgetJson() {
    }

    /**
     * {@code {"scope", "sessionId", "exceeded", "checks": [...], "reason"?}}: the object every
     * command adds under the key {@code budget}. {@code reason} only when exceeded.
     */
    public static Json.Obj state(State s) {
        Json.Obj o = Json.obj().add("scope", s.scope()).add("sessionId", s.sessionId()).add("exceeded", s.exceeded())
                .add("checks", checks(s.checks()));
        o.addIfPresent("reason", s.reason());
        return o;
    }

    /**
     * {@code {"kind", "global", "limit", "spent", "remaining", "exceeded"}} plus {@code period}
     * (daily: {@code yyyy-MM-dd}, monthly: {@code yyyy-MM}, UTC) or {@code sessionId} (session;
     * null without an active session). {@code spent} is null when it is not a finite number
     * (a 2.6.0 overflow), which counts as exceeded.
     */
    public static Json.Obj check(Check c) {
        double spent = c.spentRounded();
        Json.Obj o = Json.obj().add("kind", c.kind().id()).add("global", c.global()).add("limit", c.limit())
                .add("spent", Double.isFinite(spent) ? spent : null).add("remaining", c.remaining())
                .add("exceeded", c.exceeded());
        if (c.kind() == BudgetKind.SESSION) {
            o.add("sessionId", c.sessionId());
        } else {
            o.add("period", c.period());
        }
        return o;
    }

    public static List<Json.Obj> checks(List<Check> checks) {
        return checks.stream().map(BudgetJson::check).toList();
    }

    /** A configured budget: {@code {"scope", "global", "session", "daily", "monthly", "updatedAt"}} (null = not set). */
    public static Json.Obj budget(Budget b) {
        return Json.obj().add("scope", b.scope()).add("global", b.global()).add("session", b.session())
                .add("daily", b.daily()).add("monthly", b.monthly()).add("updatedAt", b.updatedAt());
    }

    /** A configured budget with its current spend: {@link #budget} plus {@code exceeded} and {@code checks}. */
    public static Json.Obj overview(Overview o) {
        return budget(o.budget()).add("exceeded", o.exceeded()).add("checks", checks(o.checks()));
    }
}
