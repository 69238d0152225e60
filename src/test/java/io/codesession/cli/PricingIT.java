package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cs pricing list/set/reset} and the strict handling of {@code ~/.codesession/pricing.json}. */
class PricingIT {

    /**
     * pricing.md §1, in table order, rates as JavaScript prints them; claude-opus-4-6 at Anthropic's
     * list price 5/25 (2.6.0 had 15/75, docs/compatibility.md).
     */
    static final String[][] BUILT_IN = {
        {"claude-opus-4-6", "5", "25"},
        {"claude-sonnet-4-5", "3", "15"},
        {"claude-sonnet-4", "3", "15"},
        {"claude-haiku-3.5", "0.8", "4"},
        {"gpt-4o", "2.5", "10"},
        {"gpt-4o-mini", "0.15", "0.6"},
        {"gpt-4.1", "2", "8"},
        {"gpt-4.1-mini", "0.4", "1.6"},
        {"gpt-4.1-nano", "0.1", "0.4"},
        {"gpt-5", "1.25", "10"},
        {"gpt-5-mini", "0.25", "2"},
        {"gpt-5-codex", "1.25", "10"},
        {"gpt-5.1-codex", "1.25", "10"},
        {"gpt-5.1-codex-max", "1.25", "10"},
        {"gpt-5.1-codex-mini", "0.25", "2"},
        {"gpt-5.2-codex", "1.75", "14"},
        {"gpt-5.3-codex", "1.75", "14"},
        {"codex-mini-latest", "1.5", "6"},
        {"o3", "2", "8"},
        {"o4-mini", "1.1", "4.4"},
        {"gemini-2.5-pro", "1.25", "10"},
        {"gemini-2.5-flash", "0.15", "0.6"},
        {"gemini-2.0-flash", "0.1", "0.4"},
        {"deepseek-r1", "0.55", "2.19"},
        {"deepseek-v3", "0.27", "1.1"},
    };

    @TempDir
    Path tmp;

    static Path pricingFile(CsDriver cs) {
        return cs.home().resolve(".codesession").resolve("pricing.json");
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void write(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** key → "input/output" as printed in JSON, in document order. */
    static Map<String, String> rates(JsonNode models) {
        Map<String, String> out = new LinkedHashMap<>();
        models.fields().forEachRemaining(e -> {
            assertThat(keys(e.getValue())).as("entry %s", e.getKey()).startsWith("input", "output");
            out.put(e.getKey(), e.getValue().path("input").asText() + "/" + e.getValue().path("output").asText());
        });
        return out;
    }

    static Map<String, String> builtIns() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] b : BUILT_IN) {
            out.put(b[0], b[1] + "/" + b[2]);
        }
        return out;
    }

    @Test
    void listShowsTheBuiltInTableInSpecOrder() {
        CsDriver cs = new CsDriver(tmp);
        JsonNode list = cs.json("pricing", "list", "--json");
        assertThat(keys(list)).startsWith("schemaVersion", "codesessionVersion", "models", "sources");
        Map<String, String> rates = rates(list.path("models"));
        assertThat(rates.size()).isGreaterThan(40);
        Map<String, String> first25 = new LinkedHashMap<>();
        rates.entrySet().stream().limit(25).forEach(e -> first25.put(e.getKey(), e.getValue()));
        assertThat(first25).containsExactlyEntriesOf(builtIns());
        assertThat(keys(list.path("sources"))).isEqualTo(new ArrayList<>(rates.keySet()));
        JsonNode sonnet = list.path("models").path("claude-sonnet-4-5");
        assertThat(keys(sonnet)).containsExactly("input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead",
                "longContext");
        assertThat(sonnet.path("cacheWrite5m").asDouble()).isEqualTo(3.75);
        assertThat(sonnet.path("cacheWrite1h").asDouble()).isEqualTo(6);
        assertThat(sonnet.path("cacheRead").asDouble()).isEqualTo(0.3);
        assertThat(sonnet.path("longContext").toString())
                .isEqualTo("{\"threshold\":200000,\"input\":6,\"output\":22.5,\"cacheWrite5m\":7.5,\"cacheWrite1h\":12,\"cacheRead\":0.6}");
        assertThat(list.path("models").path("gpt-4.1").path("cacheRead").asDouble()).isEqualTo(0.5);
        assertThat(list.path("models").path("claude-opus-4-1").path("input").asDouble()).isEqualTo(15);
        assertThat(list.path("models").path("claude-opus-4-5").path("output").asDouble()).isEqualTo(25);
        list.path("sources").forEach(s -> assertThat(s.asText()).isEqualTo("built-in"));
        assertThat(Files.exists(pricingFile(cs))).as("list never creates pricing.json").isFalse();

        String human = cs.run("pricing", "list").assertOk().stdout();
        assertThat(human).contains("Model Pricing (per 1M tokens)")
                .contains("  claude-haiku-3.5               $0.80     $4.00     $1.00     $1.60    $0.080\n")
                .contains("  claude-opus-4-6                $5.00    $25.00     $6.25    $10.00    $0.500  "
                        + ">200,000: $10.00/$37.50 (cache $12.50/$20.00/$1.000)\n")
                .contains("  deepseek-r1                    $0.55     $2.19     $0.55     $0.55    $0.140\n")
                .contains(pricingFile(cs).toString());
        // Sorted by name for people.
        assertThat(human.indexOf("claude-haiku-3.5")).isLessThan(human.indexOf("claude-opus-4-6"));
        assertThat(human.indexOf("codex-mini-latest")).isLessThan(human.indexOf("deepseek-r1"));
        assertThat(human.indexOf("gpt-5.3-codex")).isLessThan(human.indexOf("o3"));
    }

    @Test
    void setListResetRoundTrip() {
        CsDriver cs = new CsDriver(tmp);
        Path file = pricingFile(cs);

        Map<String, String> table = rates(cs.json("pricing", "list", "--json").path("models"));
        JsonNode set = cs.json("pricing", "set", "my-llm", "0.2", "0.6", "--json");
        assertThat(keys(set)).containsExactly("schemaVersion", "codesessionVersion", "key", "input", "output", "path");
        assertThat(set.path("key").asText()).isEqualTo("my-llm");
        assertThat(set.path("input").asText()).isEqualTo("0.2");
        assertThat(set.path("output").asText()).isEqualTo("0.6");
        assertThat(set.path("path").asText()).isEqualTo(file.toString());
        assertThat(read(file)).isEqualTo("{\n  \"my-llm\": {\n    \"input\": 0.2,\n    \"output\": 0.6\n  }\n}");

        Result human = cs.run("pricing", "set", "gpt-4o", "2.25", "9", "--provider", "openai").assertOk();
        assertThat(human.stdout()).contains("openai/gpt-4o: input=$2.25/1M, output=$9/1M")
                .contains("Saved to " + file);
        cs.json("pricing", "set", "claude-sonnet-4", "4", "20", "--json");
        cs.json("pricing", "set", "my-llm", "0.3", "1000", "--json");
        assertThat(read(file)).isEqualTo("""
                {
                  "my-llm": {
                    "input": 0.3,
                    "output": 1000
                  },
                  "openai/gpt-4o": {
                    "input": 2.25,
                    "output": 9
                  },
                  "claude-sonnet-4": {
                    "input": 4,
                    "output": 20
                  }
                }""");

        JsonNode list = cs.json("pricing", "list", "--json");
        Map<String, String> expected = new LinkedHashMap<>(table);
        expected.put("claude-sonnet-4", "4/20"); // an override keeps the built-in's position
        expected.put("my-llm", "0.3/1000");
        expected.put("openai/gpt-4o", "2.25/9");
        assertThat(rates(list.path("models"))).containsExactlyEntriesOf(expected);
        Map<String, String> sources = new LinkedHashMap<>();
        list.path("sources").fields().forEachRemaining(e -> sources.put(e.getKey(), e.getValue().asText()));
        assertThat(new ArrayList<>(sources.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
        sources.forEach((k, v) -> assertThat(v).as("source of %s", k).isEqualTo(
                List.of("claude-sonnet-4", "my-llm", "openai/gpt-4o").contains(k) ? "custom" : "built-in"));

        JsonNode reset = cs.json("pricing", "reset", "--json");
        assertThat(keys(reset)).containsExactly("schemaVersion", "codesessionVersion", "reset", "path", "removed");
        assertThat(reset.path("reset").asBoolean()).isTrue();
        assertThat(reset.path("path").asText()).isEqualTo(file.toString());
        assertThat(reset.path("removed").asInt()).isEqualTo(3);
        assertThat(read(file)).isEqualTo("{}");
        assertThat(Files.exists(file.resolveSibling("pricing.json.bak"))).isFalse();
        assertThat(rates(cs.json("pricing", "list", "--json").path("models"))).containsExactlyEntriesOf(table);
        assertThat(cs.run("pricing", "reset").assertOk().stdout()).contains("Pricing reset to defaults");
        assertThat(read(file)).isEqualTo("{}");
    }

    @Test
    void invalidRatesAreRejectedAndTheFileIsUnchanged() {
        CsDriver cs = new CsDriver(tmp);
        Path file = pricingFile(cs);
        cs.json("pricing", "set", "base", "1", "2", "--json");
        String before = read(file);

        for (String bad : List.of("abc", "1e3", "NaN", "Infinity", "3abc")) {
            JsonNode err = cs.jsonError("pricing", "set", "m", bad, "1", "--json");
            assertThat(err.path("code").asText()).as("input %s", bad).isEqualTo("invalid_input");
        }
        assertThat(cs.jsonError("pricing", "set", "m", "1", "abc", "--json").path("code").asText())
                .isEqualTo("invalid_input");
        // Negative values reach the command only after "--"; they are rejected there.
        Result negative = cs.run("pricing", "set", "m", "--", "-1", "2");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.stdout()).isBlank();
        assertThat(negative.stderr()).contains("Input and output must be non-negative numbers");
        negative.assertNoStackTrace();
        Result missing = cs.run("pricing", "set", "m", "1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("<output>");

        assertThat(read(file)).isEqualTo(before);
    }

    @Test
    void corruptPricingFileIsReportedAndNeverOverwritten() {
        CsDriver cs = new CsDriver(tmp);
        Path file = pricingFile(cs);
        cs.json("start", "pricing", "--json");
        List<String> corrupt = List.of(
                "{\"m\": {\"input\": 1,",
                "{\"m\": {\"input\": 1}}",
                "{\n  \"ok\": {\"input\": 1, \"output\": 2},\n  \"m\": {\"input\": -1, \"output\": 2}\n}");
        for (String content : corrupt) {
            write(file, content);
            for (String[] args : List.of(
                    new String[] {"log-ai", "-p", "openai", "-m", "gpt-4o", "-t", "1000", "--json"},
                    new String[] {"pricing", "list", "--json"},
                    new String[] {"pricing", "set", "other", "1", "2", "--json"})) {
                JsonNode err = cs.jsonError(args);
                assertThat(err.path("code").asText()).as("%s with %s", args[0] + " " + args[1], content)
                        .isEqualTo("pricing_file_invalid");
                assertThat(err.path("message").asText()).contains(file.toString());
                assertThat(read(file)).as("file after %s", List.of(args)).isEqualTo(content);
            }
        }
        Result human = cs.run("pricing", "list");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stderr()).contains(file.toString());
        human.assertNoStackTrace();
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage").getFirst().get("n")).isEqualTo(0);

        // reset recovers from a corrupt file and keeps the unreadable bytes next to it.
        Path bak = file.resolveSibling("pricing.json.bak");
        for (String content : List.of(corrupt.get(0), corrupt.get(2))) {
            write(file, content);
            JsonNode reset = cs.json("pricing", "reset", "--json");
            assertThat(reset.path("backup").asText()).isEqualTo(bak.toString());
            assertThat(reset.has("removed")).isFalse();
            assertThat(read(file)).isEqualTo("{}");
            assertThat(read(bak)).isEqualTo(content);
        }
        // Pricing works again: (700×2.5 + 300×10)/1e6.
        JsonNode logged = cs.json("log-ai", "-p", "openai", "-m", "gpt-4o", "-t", "1000", "--json");
        assertThat(logged.path("logged").path("cost").asDouble()).isEqualTo(0.00475);
    }

    @Test
    void setWithCacheRatesAndTheNewFieldsInTheFile() {
        CsDriver cs = new CsDriver(tmp);
        JsonNode set = cs.json("pricing", "set", "my-llm", "2", "6", "--cache-read", "0.5", "--cache-write", "2.5",
                "--json");
        assertThat(keys(set)).containsExactly("schemaVersion", "codesessionVersion", "key", "input", "output",
                "cacheWrite5m", "cacheRead", "path");
        assertThat(read(pricingFile(cs))).isEqualTo("""
                {
                  "my-llm": {
                    "input": 2,
                    "output": 6,
                    "cacheWrite5m": 2.5,
                    "cacheRead": 0.5
                  }
                }""");
        JsonNode entry = cs.json("pricing", "list", "--json").path("models").path("my-llm");
        // cacheWrite1h not given: 2 × input.
        assertThat(entry.toString())
                .isEqualTo("{\"input\":2,\"output\":6,\"cacheWrite5m\":2.5,\"cacheWrite1h\":4,\"cacheRead\":0.5}");
        JsonNode bad = cs.jsonError("pricing", "set", "my-llm", "2", "6", "--cache-read", "-1", "--json");
        assertThat(bad.path("code").asText()).isEqualTo("invalid_input");
        assertThat(read(pricingFile(cs))).contains("\"cacheRead\": 0.5");
    }
}
