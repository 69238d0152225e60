package io.codesession.importers;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.usage.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodexLogParserTest {

    static String count(String ts, long in, long cached, long out, String last) {
        return "{\"timestamp\":\"" + ts + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":"
                + "{\"total_token_usage\":{\"input_tokens\":" + in + ",\"cached_input_tokens\":" + cached
                + ",\"output_tokens\":" + out + ",\"total_tokens\":" + (in + out) + "}"
                + (last == null ? "" : ",\"last_token_usage\":" + last) + "}}}";
    }

    @Test
    void deltasOfCumulativeTotalsPerModel() {
        CodexLogParser p = new CodexLogParser(null);
        p.line("{\"timestamp\":\"t0\",\"type\":\"session_meta\",\"payload\":{\"id\":\"s1\",\"cwd\":\"/w\"}}");
        p.line(count("2026-01-01T00:00:00Z", 100, 0, 10, null)); // before any model: "unknown"
        p.line("{\"timestamp\":\"t1\",\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5-codex\"}}");
        p.line(count("2026-01-01T00:00:01Z", 1100, 800, 60, null));
        p.line(count("2026-01-01T00:00:02Z", 1100, 800, 60, null)); // re-emitted
        p.line("{\"timestamp\":\"t3\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":null}}");
        p.line("not json");
        List<UsageEntry> e = p.entries();
        assertThat(e).extracting(UsageEntry::model).containsExactly("unknown", "gpt-5-codex");
        assertThat(e.get(0).usage()).isEqualTo(new TokenUsage(100, 10, 0, 0, 0));
        // 1000 more input of which 800 cached, 50 more output
        assertThat(e.get(1).usage()).isEqualTo(new TokenUsage(200, 50, 0, 0, 800));
        assertThat(e.get(1).key()).isEqualTo("codex:2026-01-01T00:00:01Z:1100:800:60:1160");
        assertThat(e.get(1).agentSession()).isEqualTo("s1");
        assertThat(p.stats().duplicates).isEqualTo(1);
        assertThat(p.stats().malformed).isEqualTo(1);
        assertThat(p.sessions().get("s1").cwd()).isEqualTo("/w");
    }

    @Test
    void backwardsTotalsUseLastUsageAndReplayedEventsCountOnce() {
        CodexLogParser p = new CodexLogParser(null);
        p.line(count("2026-01-01T00:00:01Z", 5000, 1000, 100, null));
        p.line(count("2026-01-01T00:00:02Z", 300, 0, 30,
                "{\"input_tokens\":300,\"cached_input_tokens\":100,\"output_tokens\":30,\"total_tokens\":330}"));
        // A second file (a fork) repeating the first event: same key, not counted again.
        p.line("{\"timestamp\":\"t\",\"type\":\"session_meta\",\"payload\":{\"id\":\"fork\"}}");
        p.line(count("2026-01-01T00:00:01Z", 5000, 1000, 100, null));
        List<UsageEntry> e = p.entries();
        assertThat(e).hasSize(2);
        assertThat(e.get(1).usage()).isEqualTo(new TokenUsage(200, 30, 0, 0, 100));
        assertThat(p.stats().duplicates).isEqualTo(1);
    }
}
