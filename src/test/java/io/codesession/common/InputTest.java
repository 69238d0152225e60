package io.codesession.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputTest {

    @ParameterizedTest
    @ValueSource(strings = {"12abc", "1.9", "1e3", "-5", "0x10", " 42", "", "abc", "+3", "99999999999999999999"})
    void integersAreStrict(String text) {
        assertThatThrownBy(() -> Input.nonNegativeInteger(text, Input.TOKENS_MAX, "Tokens must be a non-negative integer"))
                .isInstanceOf(CsException.class)
                .extracting(e -> ((CsException) e).code()).isEqualTo(CsException.INVALID_INPUT);
    }

    @Test
    void integersInRange() {
        assertThat(Input.nonNegativeInteger("0", 10, "x")).isZero();
        assertThat(Input.nonNegativeInteger("10", 10, "x")).isEqualTo(10);
        assertThatThrownBy(() -> Input.nonNegativeInteger("11", 10, "x")).hasMessageContaining("at most 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-1", "1e308", "1.5abc", "", ".", "1.", "0x1p3"})
    void decimalsAreStrict(String text) {
        assertThatThrownBy(() -> Input.nonNegativeDecimal(text, Input.COST_MAX, "Cost must be a non-negative number"))
                .isInstanceOf(CsException.class);
    }

    @Test
    void decimalsInRange() {
        assertThat(Input.nonNegativeDecimal("0.01", 1e6, "x")).isEqualTo(0.01);
        assertThat(Input.nonNegativeDecimal(".5", 1e6, "x")).isEqualTo(0.5);
        assertThatThrownBy(() -> Input.nonNegativeDecimal("1000001", 1e6, "x")).isInstanceOf(CsException.class);
    }

    @Test
    void sessionIdsArePositive() {
        assertThat(Input.sessionId("7")).isEqualTo(7);
        assertThatThrownBy(() -> Input.sessionId("0")).isInstanceOf(CsException.class);
        assertThatThrownBy(() -> Input.sessionId("abc")).isInstanceOf(CsException.class);
        assertThatThrownBy(() -> Input.sessionId("-1")).isInstanceOf(CsException.class);
    }

    @Test
    void textLimits() {
        assertThat(Input.line("é".repeat(100), 100, "Provider", false)).hasSize(100);
        assertThatThrownBy(() -> Input.line("x".repeat(101), 100, "Provider", false)).hasMessageContaining("too long");
        assertThatThrownBy(() -> Input.line("  ", 100, "Name", false)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Input.line("a\u0001b", 100, "Name", false)).hasMessageContaining("control");
        assertThatThrownBy(() -> Input.line("a\nb", 100, "Name", false)).hasMessageContaining("control");
        assertThat(Input.multiline("a\nb\tc", 100, "Note", true)).isEqualTo("a\nb\tc");
    }
}
