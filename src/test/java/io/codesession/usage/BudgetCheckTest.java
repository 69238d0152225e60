package io.codesession.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesession.common.CsException;
import io.codesession.usage.BudgetService.Change;
import io.codesession.usage.BudgetService.Check;
import io.codesession.usage.BudgetService.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a limit counts as exceeded, what remains, the reason text and the JSON of a check. */
class BudgetCheckTest {

    static Check daily(double limit, double spent) {
        return new Check(BudgetKind.DAILY, null, limit, spent, "2026-03-05", null);
    }

    @Test
    void exceededOnceTheSpendReachesTheLimit() {
        assertThat(daily(1, 0.99).exceeded()).isFalse();
        assertThat(daily(1, 1).exceeded()).as("reached = nothing left").isTrue();
        assertThat(daily(1, 1.01).exceeded()).isTrue();
        assertThat(daily(0, 0).exceeded()).as("a zero limit blocks at once").isTrue();
        // Float noise below 10 decimals does not decide: 0.1 + 0.2 is 0.30000000000000004.
        assertThat(daily(0.3, 0.1 + 0.2).exceeded()).isTrue();
        assertThat(daily(0.3, 0.1 + 0.2).remaining()).isZero();
        assertThat(daily(0.3000000001, 0.1 + 0.2).exceeded()).isFalse();
    }

    @Test
    void remainingNeverNegativeAndRounded() {
        assertThat(daily(5, 1.2).remaining()).isEqualTo(3.8);
        assertThat(daily(5, 7).remaining()).isZero();
        assertThat(daily(0.1, 0.066).remaining()).isEqualTo(0.034);
    }

    @Test
    void anInfiniteSpendIsExceededAndReportedAsNull() {
        Check c = new Check(BudgetKind.SESSION, "/repo", 5, Double.POSITIVE_INFINITY, null, 2L);
        assertThat(c.exceeded()).isTrue();
        assertThat(c.remaining()).isZero();
        assertThat(io.codesession.common.Json.compact(BudgetJson.check(c))).isEqualTo(
                "{\"kind\":\"session\",\"global\":false,\"limit\":5,\"spent\":null,\"remaining\":0,\"exceeded\":true,\"sessionId\":2}");
    }

    @Test
    void stateReasonNamesEachExceededLimit() {
        State s = new State("/repo", 7L, List.of(
                new Check(BudgetKind.SESSION, "/repo", 5, 1, null, 7L),
                daily(2, 2.5),
                new Check(BudgetKind.MONTHLY, "/repo", 10, 12, "2026-03", null)));
        assertThat(s.exceeded()).isTrue();
        assertThat(s.reason()).isEqualTo("Budget exceeded: daily budget of $2.00 (global) reached: $2.50 spent on "
                + "2026-03-05 (UTC day) across all projects; monthly budget of $10.00 for /repo reached: $12.00 spent in "
                + "2026-03 (UTC month)");
        assertThat(io.codesession.common.Json.compact(BudgetJson.state(s))).startsWith(
                "{\"scope\":\"/repo\",\"sessionId\":7,\"exceeded\":true,\"checks\":[{\"kind\":\"session\",\"global\":false,"
                        + "\"limit\":5,\"spent\":1,\"remaining\":4,\"exceeded\":false,\"sessionId\":7},{\"kind\":\"daily\","
                        + "\"global\":true,\"limit\":2,\"spent\":2.5,\"remaining\":0,\"exceeded\":true,\"period\":\"2026-03-05\"}");
        State ok = new State("/repo", null, List.of(daily(2, 1)));
        assertThat(ok.exceeded()).isFalse();
        assertThat(ok.reason()).isNull();
        assertThat(io.codesession.common.Json.compact(BudgetJson.state(ok))).doesNotContain("reason");
    }

    @Test
    void limitsAreStrict() {
        assertThat(BudgetService.parseLimit("12.5", "--daily")).isEqualTo(Change.of(12.5));
        assertThat(BudgetService.parseLimit("0", "--daily")).isEqualTo(Change.of(0));
        assertThat(BudgetService.parseLimit("NONE", "--daily")).isEqualTo(Change.CLEAR);
        assertThat(BudgetService.parseLimit("1000000", "--daily")).isEqualTo(Change.of(1_000_000));
        for (String bad : new String[] {"-1", "1e3", "NaN", "Infinity", "$5", "5 ", "", "0x10", "1000000.01", "12abc"}) {
            assertThatThrownBy(() -> BudgetService.parseLimit(bad, "--daily")).as(bad).isInstanceOf(CsException.class)
                    .hasMessageContaining("--daily must be a non-negative number of dollars");
        }
    }
}
