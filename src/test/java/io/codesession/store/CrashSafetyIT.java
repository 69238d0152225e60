package io.codesession.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.GitFixture;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of writers in the middle of their work: the store stays intact (integrity
 * check), every session's aggregates equal its rows (nothing half-written), and the next command
 * works. Kill times are spread over each writer's run so that some land inside transactions.
 */
class CrashSafetyIT {

    @TempDir
    Path tmp;

    private final Random random = new Random(20261203);

    @Test
    void killedLogAiBurstsLeaveAConsistentStore() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        cs.json("start", "crash burst", "--json");
        for (int round = 0; round < 2; round++) {
            List<Process> writers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                writers.add(cs.processBuilder("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "--prompt-tokens",
                        Integer.toString(1000 + i), "--completion-tokens", "50", "--cache-read-tokens", "2000", "--json")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            // kill half of them at spread-out moments of their (≈0.4–1.5 s) run
            for (int i = 0; i < writers.size(); i += 2) {
                Thread.sleep(80 + random.nextInt(250));
                writers.get(i).destroyForcibly();
            }
            for (Process p : writers) {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            }
            assertConsistent(cs);
        }
        JsonNode logged = cs.json("log-ai", "-p", "openai", "-m", "gpt-4o", "--prompt-tokens", "10", "--completion-tokens",
                "10", "--json");
        assertThat(logged.path("session").path("id").asLong()).isEqualTo(1);
        assertThat(cs.json("status", "--json").path("status").asText()).isEqualTo("active");
        assertConsistent(cs);
    }

    @Test
    void killedImportsLeaveWholeSessionsAndAReimportCompletesThem() throws Exception {
        Path logs = tmp.resolve("claude-projects");
        int sessions = 16;
        writeClaudeLogs(logs, sessions, 1000);
        CsDriver cs = new CsDriver(tmp.resolve("a"));
        for (int round = 0; round < 3; round++) {
            Process p = cs.processBuilder("import", "claude", "--path", logs.toString(), "--json")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(500 + random.nextInt(800));
            p.destroyForcibly();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertConsistent(cs);
        }
        JsonNode done = cs.json("import", "claude", "--path", logs.toString(), "--json");
        assertThat(done.toString()).doesNotContain("\"error\"");
        assertConsistent(cs);

        // the same logs imported without interruption into a fresh store give the same totals
        CsDriver clean = new CsDriver(tmp.resolve("b"));
        clean.json("import", "claude", "--path", logs.toString(), "--json");
        assertThat(totals(cs)).isEqualTo(totals(clean));
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM sessions").get(0).get("n")).isEqualTo(sessions);
    }

    @Test
    void killedEndDuringABigScanLeavesTheSessionActiveOrCompletelyEnded() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("seed.txt", "seed\n").commitAll("seed");
            cs.in(repo.dir());
            for (int round = 0; round < 2; round++) {
                JsonNode start = cs.json("start", "big scan " + round, "--json");
                long id = start.path("id").asLong();
                for (int i = 0; i < 2000; i++) {
                    repo.write("gen/r" + round + "/f" + i + ".txt", "content " + i + "\n");
                }
                Process end = cs.processBuilder("end", "--json").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Thread.sleep(400 + random.nextInt(600));
                end.destroyForcibly();
                assertThat(end.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertConsistent(cs);
                Map<String, Object> row = cs.sql("SELECT status, files_changed FROM sessions WHERE id = " + id).get(0);
                long files = ((Number) row.get("files_changed")).longValue();
                if ("active".equals(row.get("status"))) {
                    assertThat(files).as("an active session has no half-recorded scan").isZero();
                    JsonNode ended = cs.json("end", "--json");
                    assertThat(ended.path("filesChanged").asLong()).isGreaterThanOrEqualTo(2000);
                } else {
                    assertThat(files).as("an ended session has its whole scan").isGreaterThanOrEqualTo(2000);
                }
                assertConsistent(cs);
                repo.commitAll("round " + round);
            }
        }
    }

    /** Integrity check, and every session's aggregates equal to its rows. */
    private static void assertConsistent(CsDriver cs) {
        if (!Files.exists(cs.db())) {
            return; // killed before the store was created: nothing to check
        }
        assertThat(cs.sql("PRAGMA integrity_check").getFirst().values()).containsExactly("ok");
        assertThat(cs.sql("PRAGMA foreign_key_check")).isEmpty();
        List<Map<String, Object>> bad = cs.sql("""
                SELECT s.id, s.ai_cost, s.ai_tokens, s.files_changed, s.commits,
                       (SELECT COALESCE(SUM(cost), 0) FROM ai_usage u WHERE u.session_id = s.id) AS cost_rows,
                       (SELECT COALESCE(SUM(tokens), 0) FROM ai_usage u WHERE u.session_id = s.id) AS token_rows,
                       (SELECT COUNT(DISTINCT file_path) FROM file_changes f WHERE f.session_id = s.id) AS file_rows,
                       (SELECT COUNT(*) FROM commits c WHERE c.session_id = s.id) AS commit_rows
                FROM sessions s
                WHERE ABS(COALESCE(s.ai_cost, 0) - cost_rows) > 1e-9 OR COALESCE(s.ai_tokens, 0) <> token_rows
                   OR COALESCE(s.files_changed, 0) <> file_rows OR COALESCE(s.commits, 0) <> commit_rows
                """);
        assertThat(bad).as("sessions whose aggregates differ from their rows").isEmpty();
        // the daily analytics table the dashboard reads agrees with the rows too
        List<Map<String, Object>> daily = cs.sql("""
                SELECT (SELECT COALESCE(SUM(cost), 0) FROM ai_usage) AS rows_cost,
                       (SELECT COALESCE(SUM(cost), 0) FROM ai_usage_daily) AS daily_cost,
                       (SELECT COUNT(*) FROM ai_usage) AS rows_n,
                       (SELECT COALESCE(SUM(calls), 0) FROM ai_usage_daily) AS daily_n
                """);
        Map<String, Object> d = daily.get(0);
        assertThat(((Number) d.get("daily_n")).longValue()).isEqualTo(((Number) d.get("rows_n")).longValue());
        assertThat(((Number) d.get("daily_cost")).doubleValue())
                .isCloseTo(((Number) d.get("rows_cost")).doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
    }

    private static List<Object> totals(CsDriver cs) {
        Map<String, Object> r = cs.sql("SELECT COUNT(*) AS n, SUM(tokens) AS t, ROUND(SUM(cost), 9) AS c, "
                + "SUM(COALESCE(cache_read_tokens, 0)) AS cr FROM ai_usage").get(0);
        return List.copyOf(r.values());
    }

    /** Claude Code transcripts: {@code sessions} files of {@code messages} assistant messages each. */
    private static void writeClaudeLogs(Path root, int sessions, int messages) throws IOException {
        Random rnd = new Random(7);
        String filler = "x".repeat(600);
        for (int s = 0; s < sessions; s++) {
            String sid = String.format("%08x-0000-4000-8000-%012x", s, s);
            Path dir = Files.createDirectories(root.resolve("-home-dev-p" + (s % 4)));
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(sid + ".jsonl"), StandardCharsets.UTF_8)) {
                for (int n = 0; n < messages; n++) {
                    String ts = String.format("2026-11-%02dT%02d:%02d:%02d.000Z", 1 + s % 28, (n / 3600) % 24, (n / 60) % 60, n % 60);
                    w.write("{\"type\":\"user\",\"sessionId\":\"" + sid + "\",\"cwd\":\"/home/dev/p" + (s % 4)
                            + "\",\"timestamp\":\"" + ts + "\",\"message\":{\"role\":\"user\",\"content\":\"" + filler + "\"}}\n");
                    w.write("{\"type\":\"assistant\",\"sessionId\":\"" + sid + "\",\"cwd\":\"/home/dev/p" + (s % 4)
                            + "\",\"timestamp\":\"" + ts + "\",\"requestId\":\"req_" + s + "_" + n
                            + "\",\"message\":{\"id\":\"msg_" + s + "_" + n + "\",\"model\":\"claude-sonnet-4-5-20250929\","
                            + "\"role\":\"assistant\",\"usage\":{\"input_tokens\":" + (1 + rnd.nextInt(50))
                            + ",\"output_tokens\":" + (1 + rnd.nextInt(900)) + ",\"cache_read_input_tokens\":"
                            + rnd.nextInt(90000) + ",\"cache_creation_input_tokens\":0}}}\n");
                }
            }
        }
    }
}
