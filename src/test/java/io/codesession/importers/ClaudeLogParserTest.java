package io.codesession.importers;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.usage.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeLogParserTest {

    @TempDir
    Path tmp;

    static String assistant(String mid, String rid, String model, String usage, String ts, boolean sidechain) {
        return "{\"type\":\"assistant\",\"sessionId\":\"s\",\"cwd\":\"/p\",\"timestamp\":\"" + ts + "\",\"isSidechain\":"
                + sidechain + (rid == null ? "" : ",\"requestId\":\"" + rid + "\"") + ",\"message\":{"
                + (mid == null ? "" : "\"id\":\"" + mid + "\",") + "\"model\":\"" + model + "\",\"usage\":" + usage
                + "}}";
    }

    @Test
    void keepsTheLargestUsageWhicheverLineComesFirst() {
        ClaudeLogParser p = new ClaudeLogParser(null, null);
        p.line(assistant("m1", "r1", "claude-sonnet-4", "{\"input_tokens\":5,\"output_tokens\":300}", "2026-01-01T00:00:01Z", false));
        p.line(assistant("m1", "r1", "claude-sonnet-4", "{\"input_tokens\":5,\"output_tokens\":1}", "2026-01-01T00:00:00Z", false));
        List<UsageEntry> e = p.entries();
        assertThat(e).hasSize(1);
        assertThat(e.getFirst().usage()).isEqualTo(new TokenUsage(5, 300, 0, 0, 0));
        assertThat(e.getFirst().key()).isEqualTo("claude:m1:r1");
        assertThat(p.stats().duplicates).isEqualTo(1);
    }

    @Test
    void cacheCreationSplitAndItsRemainder() {
        // Split present: 5m and 1h as given.
        assertThat(ClaudeLogParser.usage(json("{\"input_tokens\":1,\"output_tokens\":2,\"cache_creation_input_tokens\":300,"
                + "\"cache_read_input_tokens\":4,\"cache_creation\":{\"ephemeral_5m_input_tokens\":100,"
                + "\"ephemeral_1h_input_tokens\":200}}"))).isEqualTo(new TokenUsage(1, 2, 100, 200, 4));
        // No split: all 5-minute writes.
        assertThat(ClaudeLogParser.usage(json("{\"input_tokens\":1,\"output_tokens\":2,\"cache_creation_input_tokens\":300}")))
                .isEqualTo(new TokenUsage(1, 2, 300, 0, 0));
        // A split that explains less than the total: the rest are 5-minute writes.
        assertThat(ClaudeLogParser.usage(json("{\"cache_creation_input_tokens\":300,\"cache_creation\":"
                + "{\"ephemeral_1h_input_tokens\":50}}"))).isEqualTo(new TokenUsage(0, 0, 250, 50, 0));
        // Not counts.
        assertThat(ClaudeLogParser.usage(json("{\"input_tokens\":-1}"))).isNull();
        assertThat(ClaudeLogParser.usage(json("{\"input_tokens\":1.5}"))).isNull();
        assertThat(ClaudeLogParser.usage(json("{\"input_tokens\":\"7\"}"))).isNull();
        assertThat(ClaudeLogParser.usage(json("[1]"))).isNull();
    }

    @Test
    void sidechainReplaysSyntheticAndMalformedLines() {
        ClaudeLogParser p = new ClaudeLogParser(null, null);
        String u = "{\"input_tokens\":10,\"output_tokens\":10}";
        p.line(assistant("m1", "r1", "x", u, "2026-01-01T00:00:00Z", true)); // replay seen before the original
        p.line(assistant("m1", "r9", "x", u, "2026-01-01T00:00:01Z", false));
        p.line(assistant("m2", "r2", "x", u, "2026-01-01T00:00:02Z", true)); // genuine sidechain request
        p.line(assistant("m3", "r3", "<synthetic>", u, "2026-01-01T00:00:03Z", false));
        p.line(assistant("m4", "r4", "x", "{\"input_tokens\":\"a\"}", "2026-01-01T00:00:04Z", false));
        p.line("{oops");
        p.line("   ");
        p.line("{\"type\":\"assistant\",\"message\":\"text\"}");
        List<UsageEntry> e = p.entries();
        assertThat(e).extracting(UsageEntry::key).containsExactly("claude:m1:r9", "claude:m2:r2");
        assertThat(p.stats().sidechainReplays).isEqualTo(1);
        assertThat(p.stats().synthetic).isEqualTo(1);
        assertThat(p.stats().malformed).isEqualTo(3);
        assertThat(p.stats().lines).isEqualTo(7);
    }

    @Test
    void sinceFilterFallbackModelLineKeysAndSessionsAcrossFiles() throws Exception {
        ClaudeLogParser p = new ClaudeLogParser(Instant.parse("2026-01-02T00:00:00Z"), "claude-sonnet-4");
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        String old = assistant("m0", "r0", "x", "{\"output_tokens\":1}", "2026-01-01T23:59:59Z", false);
        String noModel = "{\"type\":\"assistant\",\"sessionId\":\"s2\",\"cwd\":\"/q\",\"timestamp\":\"2026-01-03T00:00:00Z\","
                + "\"message\":{\"usage\":{\"output_tokens\":7}}}";
        String copy = assistant("m5", "r5", "x", "{\"output_tokens\":2}", "2026-01-04T00:00:00Z", false);
        Files.writeString(a, "\uFEFF" + old + "\n" + copy + "\n");
        Files.writeString(b, noModel + "\r\n" + copy + "\n");
        p.read(a);
        p.read(b);
        List<UsageEntry> e = p.entries();
        assertThat(e).hasSize(2);
        assertThat(e.get(0).key()).isEqualTo("claude:m5:r5");
        assertThat(e.get(1).model()).isEqualTo("claude-sonnet-4");
        assertThat(e.get(1).key()).startsWith("claude:line:").hasSize("claude:line:".length() + 32);
        assertThat(p.stats().beforeSince).isEqualTo(1);
        assertThat(p.stats().malformed).isZero();
        assertThat(p.sessions()).containsOnlyKeys("s", "s2");
        assertThat(p.sessions().get("s").cwd()).isEqualTo("/p");
        assertThat(p.sessions().get("s").first()).isEqualTo("2026-01-01T23:59:59.000Z");
        assertThat(p.sessions().get("s").last()).isEqualTo("2026-01-04T00:00:00.000Z");
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
