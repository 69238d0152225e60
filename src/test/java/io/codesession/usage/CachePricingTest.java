package io.codesession.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codesession.common.CsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache rates, long-context tiers and the extended pricing.json entries; every value worked by hand. */
class CachePricingTest {

    @TempDir
    Path tmp;

    PricingService pricing;

    @BeforeEach
    void setUp() {
        pricing = new PricingService();
        pricing.useFile(new PricingFile(tmp.resolve("pricing.json")));
    }

    private Price price(String model) {
        return pricing.lookup(model, null).orElseThrow().price();
    }

    @Test
    void anthropicCacheClassesAtTheirRates() {
        // sonnet 4.5: 1000 in × 3 + 500 out × 15 + 2000 w5m × 3.75 + 4000 w1h × 6 + 100000 read × 0.3
        // = 3000 + 7500 + 7500 + 24000 + 30000 = 72000 → 0.072 (prompt 107000 ≤ 200000: base rates)
        TokenUsage u = new TokenUsage(1000, 500, 2000, 4000, 100_000);
        assertThat(PricingService.cost(price("claude-sonnet-4-5-20250929"), u)).isEqualTo(0.072);
        // haiku 4.5: 10000 × 1 + 1000 × 5 + 8000 × 1.25 + 0 + 50000 × 0.1 = 10000+5000+10000+5000 = 30000 → 0.03
        assertThat(PricingService.cost(price("claude-haiku-4-5-20251001"), new TokenUsage(10_000, 1000, 8000, 0, 50_000)))
                .isEqualTo(0.03);
        // opus 4.1 at 15/75, opus 4.5 at 5/25: 1000 in + 1000 out
        assertThat(PricingService.cost(price("claude-opus-4-1-20250805"), new TokenUsage(1000, 1000, 0, 0, 0)))
                .isEqualTo(0.09);
        assertThat(PricingService.cost(price("claude-opus-4-5-20251101"), new TokenUsage(1000, 1000, 0, 0, 0)))
                .isEqualTo(0.03);
    }

    @Test
    void longContextTierBillsTheWholeRequest() {
        Price sonnet = price("claude-sonnet-4");
        // Exactly at the threshold: base. 200000 prompt (100000 in + 100000 read) + 1000 out:
        // 100000×3 + 100000×0.3 + 1000×15 = 300000 + 30000 + 15000 = 345000 → 0.345
        assertThat(PricingService.cost(sonnet, new TokenUsage(100_000, 1000, 0, 0, 100_000))).isEqualTo(0.345);
        // One more prompt token: everything at the tier (6 / 22.5 / 7.5 / 12 / 0.6):
        // 100001×6 + 1000×22.5 + 100000×0.6 = 600006 + 22500 + 60000 = 682506 → 0.682506
        assertThat(PricingService.cost(sonnet, new TokenUsage(100_001, 1000, 0, 0, 100_000))).isEqualTo(0.682506);
        // Cache writes count toward the threshold: 1000 in + 150000 w5m + 60000 w1h = 211000 > 200000:
        // 1000×6 + 150000×7.5 + 60000×12 + 2000×22.5 = 6000 + 1125000 + 720000 + 45000 = 1896000 → 1.896
        assertThat(PricingService.cost(sonnet, new TokenUsage(1000, 2000, 150_000, 60_000, 0))).isEqualTo(1.896);
        // Gemini 2.5 Pro: 250000 in (> 200000) + 1000 out at 2.5/15: 625000 + 15000 → 0.64
        assertThat(PricingService.cost(price("gemini-2.5-pro"), new TokenUsage(250_000, 1000, 0, 0, 0))).isEqualTo(0.64);
        // Haiku 4.5 has no tier: 300000 in × 1 → 0.3
        assertThat(PricingService.cost(price("claude-haiku-4-5"), new TokenUsage(300_000, 0, 0, 0, 0))).isEqualTo(0.3);
    }

    @Test
    void openAiCachedInputAtTheListedRate() {
        // gpt-4.1: 8000 uncached × 2 + 2000 cached × 0.5 + 500 out × 8 = 16000 + 1000 + 4000 = 21000 → 0.021
        assertThat(PricingService.cost(price("gpt-4.1"), new TokenUsage(8000, 500, 0, 0, 2000))).isEqualTo(0.021);
        // gpt-5-codex: 1000 × 1.25 + 9000 × 0.125 + 100 × 10 = 1250 + 1125 + 1000 = 3375 → 0.003375
        assertThat(PricingService.cost(price("gpt-5-codex"), new TokenUsage(1000, 100, 0, 0, 9000))).isEqualTo(0.003375);
        // o4-mini cached 0.275: 4000 × 0.275 = 1100 → 0.0011
        assertThat(PricingService.cost(price("o4-mini"), new TokenUsage(0, 0, 0, 0, 4000))).isEqualTo(0.0011);
    }

    @Test
    void builtInLineFormat() {
        PricingService.BuiltIn b = PricingService.parseBuiltIn("m\tX\t2\t10\t-\t-\t-", 1);
        assertThat(b.price()).isEqualTo(new Price(2, 10, 2.5, 4, 0.2, null));
        PricingService.BuiltIn t = PricingService.parseBuiltIn("m\tX\t1\t2\t1\t1\t0.1\t1000\t2\t4\t-\t-\t0.3", 2);
        assertThat(t.price().longContext()).isEqualTo(new Price.LongContext(1000, 2, 4, 2.5, 4, 0.3));
        assertThatThrownBy(() -> PricingService.parseBuiltIn("m\tX\t1\t2", 7)).hasMessageContaining("line 7");
        assertThatThrownBy(() -> PricingService.parseBuiltIn("m\tX\t1\tz\t1\t1\t1", 8)).hasMessageContaining("line 8");
    }

    @Test
    void pricingJsonTwoFieldEntriesGetDefaultCacheRates() throws Exception {
        Files.writeString(tmp.resolve("pricing.json"), "{\"old\": {\"input\": 4, \"output\": 8}}");
        assertThat(price("old")).isEqualTo(new Price(4, 8, 5, 8, 0.4, null));
        // 1000 × 4 + 1000 w5m × 5 + 1000 read × 0.4 = 4000 + 5000 + 400 = 9400 → 0.0094
        assertThat(PricingService.cost(price("old"), new TokenUsage(1000, 0, 1000, 0, 1000))).isEqualTo(0.0094);
    }

    @Test
    void pricingJsonNewFieldsAndTier() throws Exception {
        Files.writeString(tmp.resolve("pricing.json"), """
                {"mine": {"input": 1, "output": 2, "cacheWrite5m": 1, "cacheWrite1h": 1.5, "cacheRead": 0.25,
                  "longContext": {"threshold": 1000, "input": 2, "output": 4, "cacheRead": 0.5}}}""");
        Price p = price("mine");
        assertThat(p).isEqualTo(new Price(1, 2, 1, 1.5, 0.25, new Price.LongContext(1000, 2, 4, 2.5, 4, 0.5)));
        // 500 in + 500 read = 1000, not above: 500 + 125 + 100 out × 2 = 825 → 0.000825
        assertThat(PricingService.cost(p, new TokenUsage(500, 100, 0, 0, 500))).isEqualTo(0.000825);
        // 501 in + 500 read > 1000: 501×2 + 500×0.5 + 100×4 = 1002 + 250 + 400 = 1652 → 0.001652
        assertThat(PricingService.cost(p, new TokenUsage(501, 100, 0, 0, 500))).isEqualTo(0.001652);
    }

    @Test
    void pricingJsonInvalidNewFields() throws Exception {
        Path f = tmp.resolve("pricing.json");
        Files.writeString(f, "{\"m\": {\"input\": 1, \"output\": 1, \"cacheRead\": -0.1}}");
        assertThatThrownBy(() -> pricing.effective()).isInstanceOf(CsException.class)
                .hasMessageContaining("invalid \"cacheRead\"");
        Files.writeString(f, "{\"m\": {\"input\": 1, \"output\": 1, \"cacheWrite5m\": \"x\"}}");
        assertThatThrownBy(() -> pricing.effective()).hasMessageContaining("\"cacheWrite5m\"");
        Files.writeString(f, "{\"m\": {\"input\": 1, \"output\": 1, \"longContext\": {\"threshold\": 0, \"input\": 1, \"output\": 1}}}");
        assertThatThrownBy(() -> pricing.effective()).hasMessageContaining("longContext.threshold");
        Files.writeString(f, "{\"m\": {\"input\": 1, \"output\": 1, \"longContext\": {\"threshold\": 10, \"input\": 1}}}");
        assertThatThrownBy(() -> pricing.effective()).hasMessageContaining("m.longContext").hasMessageContaining("\"output\"");
        Files.writeString(f, "{\"m\": {\"input\": 1, \"output\": 1, \"longContext\": 5}}");
        assertThatThrownBy(() -> pricing.effective()).hasMessageContaining("not an object");
    }
}
