package io.codesession.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsNumbersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.048|0.048",
        "3|3",
        "3.0|3",
        "0.8|0.8",
        "2.5|2.5",
        "0.0000792|0.0000792",
        "0.000001|0.000001",
        "0.0000001|1e-7",
        "1.5e-7|1.5e-7",
        "100000000000000000000|100000000000000000000",
        "1e21|1e+21",
        "1.2345e25|1.2345e+25",
        "1e308|1e+308",
        "-0.5|-0.5",
        "123.456|123.456",
        "9007199254740993|9007199254740992",
        "1234567.125|1234567.125",
    })
    void formatsLikeJavaScript(double value, String expected) {
        assertThat(JsNumbers.format(value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void shortestRoundTripAndNonFinite() {
        assertThat(JsNumbers.format(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(JsNumbers.json(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(JsNumbers.json(Double.NaN)).isEqualTo("null");
        assertThat(JsNumbers.format(-0.0)).isEqualTo("0");
    }

    @org.junit.jupiter.api.Test
    void roundsToTenDecimalsHalfUp() {
        assertThat(JsNumbers.round10(0.0065 + 0.002)).isEqualTo(0.0085);
        assertThat(JsNumbers.round10(0.01125)).isEqualTo(0.01125);
        assertThat(JsNumbers.round10(1.00000000005)).isEqualTo(1.0000000001);
        assertThat(JsNumbers.round10(Double.POSITIVE_INFINITY)).isInfinite();
    }
}
