package io.codesession.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatTest {

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({"0,0s", "30,30s", "59,59s", "60,1m", "3599,59m", "3600,1h 0m", "3661,1h 1m", "7322,2h 2m",
        "86399,23h 59m", "360000,100h 0m", "-5,0s"})
    void duration(double seconds, String expected) {
        assertThat(Format.duration(seconds)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0,$0.00", "1,$1.00", "0.5,$0.50", "12.345,$12.35", "0.001,$0.0010", "0.0099,$0.0099",
        "0.01,$0.01", "100.99,$100.99", "1.005,$1.00"})
    void cost(double value, String expected) {
        assertThat(Format.cost(value)).isEqualTo(expected);
    }

    @Test
    void infiniteCostAndTokens() {
        assertThat(Format.cost(Double.POSITIVE_INFINITY)).isEqualTo("$Infinity");
        assertThat(Format.tokens(12400)).isEqualTo("12,400");
    }

    @Test
    void relativePhrases() {
        Instant now = Instant.parse("2026-03-05T12:00:00Z");
        assertThat(Format.relative("2026-03-05T11:59:50.000Z", now)).isEqualTo("less than a minute ago");
        assertThat(Format.relative("2026-03-05T11:55:00.000Z", now)).isEqualTo("5 minutes ago");
        assertThat(Format.relative("2026-03-05T10:00:00.000Z", now)).isEqualTo("about 2 hours ago");
        assertThat(Format.relative("2026-03-02T12:00:00.000Z", now)).isEqualTo("3 days ago");
        assertThat(Format.relative("2026-03-05T10:21:07+01:00", now)).isEqualTo("about 3 hours ago");
    }
}
