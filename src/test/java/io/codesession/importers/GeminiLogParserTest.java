package io.codesession.importers;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.usage.TokenUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeminiLogParserTest {

    @TempDir
    Path tmp;

    @Test
    void billingClassesKeysSinceAndBadFiles() throws Exception {
        Path chats = Files.createDirectories(tmp.resolve("h1").resolve("chats"));
        Files.writeString(chats.resolve("session-a.json"), """
                {"sessionId":"g","startTime":"2026-01-01T00:00:00Z","lastUpdated":"2026-01-02T00:00:00Z","messages":[
                 {"id":"u","type":"user","timestamp":"2026-01-01T00:00:00Z","content":"x"},
                 {"id":"m1","type":"gemini","model":"gemini-2.5-flash","timestamp":"2025-12-31T23:00:00Z",
                  "tokens":{"input":10,"output":1,"cached":0,"thoughts":0,"tool":0,"total":11}},
                 {"id":"m2","type":"gemini","model":"gemini-2.5-flash","timestamp":"2026-01-01T00:00:01Z",
                  "tokens":{"input":1000,"output":50,"cached":600,"thoughts":20,"tool":7,"total":1077}},
                 {"id":"m2","type":"gemini","model":"gemini-2.5-flash","timestamp":"2026-01-01T00:00:01Z",
                  "tokens":{"input":1000,"output":50,"cached":600,"thoughts":20,"tool":7,"total":1077}},
                 {"id":"m3","type":"gemini","timestamp":"2026-01-01T00:00:02Z","tokens":{"input":5}},
                 7]}""");
        Files.writeString(chats.resolve("session-b.json"), "{\"messages\": 3}");
        GeminiLogParser p = new GeminiLogParser(Instant.parse("2026-01-01T00:00:00Z"));
        p.read(chats.resolve("session-a.json"));
        p.read(chats.resolve("session-b.json"));
        assertThat(p.entries()).hasSize(1);
        UsageEntry e = p.entries().getFirst();
        // input − cached + tool = 407, output + thoughts = 70, cached 600 as cache reads
        assertThat(e.usage()).isEqualTo(new TokenUsage(407, 70, 0, 0, 600));
        assertThat(e.key()).isEqualTo("gemini:g:m2");
        assertThat(e.provider()).isEqualTo("google");
        assertThat(p.stats().beforeSince).isEqualTo(1);
        assertThat(p.stats().duplicates).isEqualTo(1);
        assertThat(p.stats().malformed).isEqualTo(3); // m3 without a model, the bare 7, session-b
        AgentSession s = p.sessions().get("g");
        assertThat(s.cwd()).isEqualTo(tmp.resolve("h1").toString());
        assertThat(s.first()).isEqualTo("2025-12-31T23:00:00.000Z");
        assertThat(s.last()).isEqualTo("2026-01-02T00:00:00.000Z");
    }
}
