package io.codesession.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvFieldTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain|\"plain\"",
        "say \"hi\"|\"say \"\"hi\"\"\"",
        "a,b|\"a,b\"",
        "=1+1|\"'=1+1\"",
        "+x|\"'+x\"",
        "-x|\"'-x\"",
        "@x|\"'@x\"",
        "a=b|\"a=b\"",
        "``|\"\"",
    })
    void quotesAndNeutralises(String value, String expected) {
        assertThat(ExportService.text(new StringBuilder(), value).toString()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void lineBreaksStayRaw() {
        assertThat(ExportService.text(new StringBuilder(), "a\r\nb\nc").toString()).isEqualTo("\"a\r\nb\nc\"");
    }
}
