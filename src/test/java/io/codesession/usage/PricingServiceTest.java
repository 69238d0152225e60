package io.codesession.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesession.common.CsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingServiceTest {

    @TempDir
    Path tmp;

    PricingService pricing;

    @BeforeEach
    void setUp() {
        pricing = new PricingService();
        pricing.useFile(new PricingFile(tmp.resolve("pricing.json")));
    }

    @Test
    void builtInTableIsTheSpecTable() {
        List<PricingService.BuiltIn> b = pricing.builtIns();
        assertThat(b.size()).isGreaterThan(40);
        assertThat(b.getFirst().key()).isEqualTo("claude-opus-4-6");
        assertThat(b.get(24).key()).isEqualTo("deepseek-v3");
        assertThat(b).extracting(PricingService.BuiltIn::key).doesNotHaveDuplicates();
        assertThat(b).extracting(PricingService.BuiltIn::key)
                .contains("claude-sonnet-4", "codex-mini-latest", "gpt-5.1-codex-max", "gpt-5.1-codex-mini", "gpt-5.3-codex");
        assertThat(b).allSatisfy(e -> {
            assertThat(e.price().input()).isNotNegative();
            assertThat(e.price().output()).isNotNegative();
        });
        assertThat(pricing.lookup("claude-haiku-3.5", null).orElseThrow().price())
                .isEqualTo(new Price(0.8, 4, 1, 1.6, 0.08, null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "claude-sonnet-4,claude-sonnet-4",
        "CLAUDE-SONNET-4,claude-sonnet-4",
        "claude-sonnet-4-20250514,claude-sonnet-4",
        "claude-sonnet-4@20250514,claude-sonnet-4",
        "claude-sonnet-4-5-20250929,claude-sonnet-4-5",
        "claude-sonnet-4.5,claude-sonnet-4-5",
        "gpt-4o-2024-08-06,gpt-4o",
        "gpt-4o-mini-2024-07-18,gpt-4o-mini",
        "anthropic/claude-sonnet-4,claude-sonnet-4",
        "openrouter/openai/gpt-4.1,gpt-4.1",
        "claude-haiku-3-5,claude-haiku-3.5",
    })
    void resolvesRealWorldIds(String model, String key) {
        assertThat(pricing.lookup(model, "anthropic").orElseThrow().key()).isEqualTo(key);
    }

    @Test
    void unknownAndPrototypeNamesAreUnknown() {
        assertThat(pricing.lookup("constructor", null)).isEmpty();
        assertThat(pricing.lookup("toString", null)).isEmpty();
        assertThat(pricing.lookup("my-model", "x")).isEmpty();
        assertThat(pricing.lookup("", "x")).isEmpty();
    }

    @Test
    void overridesMergeAndProviderKeysWinFirst() throws Exception {
        Files.writeString(tmp.resolve("pricing.json"), """
                {"openai/gpt-4o": {"input": 2.25, "output": 9}, "my-llm": {"input": 0.2, "output": 0.6}}""");
        PriceMatch custom = pricing.lookup("gpt-4o", "openai").orElseThrow();
        assertThat(custom.key()).isEqualTo("openai/gpt-4o");
        assertThat(custom.source()).isEqualTo("custom");
        assertThat(PricingService.cost(custom.price(), 1000, 1000)).isEqualTo(0.01125);
        PriceMatch builtIn = pricing.lookup("gpt-4o", "azure").orElseThrow();
        assertThat(builtIn.source()).isEqualTo("built-in");
        assertThat(PricingService.cost(builtIn.price(), 1000, 1000)).isEqualTo(0.0125);
        assertThat(pricing.effective().keySet()).endsWith("openai/gpt-4o", "my-llm");
    }

    @Test
    void corruptFileIsAClearError() throws Exception {
        Files.writeString(tmp.resolve("pricing.json"), "{\"m\": {\"input\": 1}}");
        assertThatThrownBy(() -> pricing.lookup("gpt-4o", null))
                .isInstanceOf(CsException.class)
                .hasMessageContaining("pricing.json")
                .hasMessageContaining("\"output\"");
        Files.writeString(tmp.resolve("pricing.json"), "{not json");
        assertThatThrownBy(() -> pricing.effective()).hasMessageContaining("not valid JSON");
        Files.writeString(tmp.resolve("pricing.json"), "{\"m\": {\"input\": -1, \"output\": 1}}");
        assertThatThrownBy(() -> pricing.effective()).hasMessageContaining("invalid \"input\"");
    }

    @Test
    void costMatchesWorkedExamples() {
        assertThat(PricingService.cost(new Price(2, 8), 12000, 3000)).isEqualTo(0.048);
        assertThat(PricingService.cost(new Price(3, 15), 14000, 6000)).isEqualTo(0.132);
        assertThat(PricingService.cost(new Price(0.15, 0.6), 100000, 20000)).isEqualTo(0.027);
    }
}
