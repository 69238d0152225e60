package io.codesession.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.usage.UsageService.Request;
import org.junit.jupiter.api.Test;

class UsageSplitTest {

    private static Request req(Long t, Long p, Long c) {
        return new Request(null, "openai", "gpt-4o", t, p, c, null, null);
    }

    @Test
    void bareTokensUseTheSeventyThirtyEstimate() {
        assertThat(UsageService.split(req(20000L, null, null), 20000)).containsExactly(14000, 6000);
    }

    @Test
    void oneSideAloneInventsNothing() {
        assertThat(UsageService.split(req(null, 5000L, null), 5000)).containsExactly(5000, 0);
        assertThat(UsageService.split(req(null, null, 700L), 700)).containsExactly(0, 700);
    }

    @Test
    void tokensPlusOneSideDeriveTheOther() {
        assertThat(UsageService.split(req(1000L, 800L, null), 1000)).containsExactly(800, 200);
        assertThat(UsageService.split(req(1000L, null, 300L), 1000)).containsExactly(700, 300);
        assertThat(UsageService.split(req(null, 12000L, 3000L), 15000)).containsExactly(12000, 3000);
    }
}
