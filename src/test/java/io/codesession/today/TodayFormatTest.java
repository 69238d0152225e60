package io.codesession.today;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TodayFormatTest {

    @Test
    void relativeTime() {
        Instant now = Instant.parse("2026-03-06T12:00:00Z");
        assertThat(TodayFormat.relativeTime(now.minusSeconds(59), now)).isEqualTo("just now");
        assertThat(TodayFormat.relativeTime(now.plusSeconds(30), now)).isEqualTo("just now");
        assertThat(TodayFormat.relativeTime(now.minus(Duration.ofMinutes(59)), now)).isEqualTo("59m ago");
        assertThat(TodayFormat.relativeTime(now.minus(Duration.ofMinutes(60)), now)).isEqualTo("1h ago");
        assertThat(TodayFormat.relativeTime(now.minus(Duration.ofHours(23)), now)).isEqualTo("23h ago");
        assertThat(TodayFormat.relativeTime(now.minus(Duration.ofDays(6)), now)).isEqualTo("6d ago");
        assertThat(TodayFormat.relativeTime(now.minus(Duration.ofDays(30)), now)).matches("\\d{1,2}/\\d{1,2}/2026");
        assertThat(TodayFormat.relativeTime("2026-03-06T09:00:00+01:00", now)).isEqualTo("4h ago");
    }

    @Test
    void widthIgnoresColourAndCountsWideCharacters() {
        assertThat(TodayFormat.width("\u001b[1mmain\u001b[0m")).isEqualTo(4);
        assertThat(TodayFormat.width("修正")).isEqualTo(4);
        assertThat(TodayFormat.width("fix 🚀")).isEqualTo(6);
        assertThat(TodayFormat.width("e\u0301")).isEqualTo(1);
    }

    @Test
    void truncateKeepsNMinusOneColumnsAndAnEllipsis() {
        assertThat(TodayFormat.truncate("abcdef", 6)).isEqualTo("abcdef");
        assertThat(TodayFormat.truncate("abcdefg", 6)).isEqualTo("abcde…");
        assertThat(TodayFormat.truncate("修正修正修正", 6)).isEqualTo("修正…");
        assertThat(TodayFormat.width(TodayFormat.truncate("修正修正修正", 6))).isLessThanOrEqualTo(6);
    }

    @Test
    void oneLineDropsControlCharacters() {
        assertThat(TodayFormat.oneLine("fix\u001b[2J\u001b]0;title\u0007 it\nnow\tplease")).isEqualTo("fix[2J]0;title it now please");
    }
}
