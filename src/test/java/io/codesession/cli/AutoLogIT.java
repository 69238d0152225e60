package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cs auto-log} over transcript fixtures ({@code fixtures/claude/stop1.jsonl}, then lines
 * appended as a later turn): exact usage per message at its own model, duplicates, sidechain
 * replays, synthetic messages, corrupt lines, a long-context request, repeated Stop events.
 *
 * <p>Hand-computed: sonnet 4.5 = 3 / 15 / 3.75 (5m) / 6 (1h) / 0.3 (read), above 200k prompt
 * 6 / 22.5 / 7.5 / 12 / 0.6; haiku 4.5 = 1 / 5 / 1.25 / 2 / 0.1.
 * <ul>
 * <li>msg_A (two lines, largest kept): 10 in, 200 out, 1000 w5m → 30 + 3000 + 3750 = 6780 → 0.00678</li>
 * <li>msg_B: 100 in, 50 out, 1000 w5m, 2000 w1h, 5000 read → 100 + 250 + 1250 + 4000 + 500 = 6100 → 0.0061</li>
 * <li>msg_B again in a sidechain (other requestId): not counted</li>
 * <li>msg_D (genuine sidechain): 20 in, 10 out → 70 → 0.00007</li>
 * <li>msg_E: 5000 in + 196000 read = 201000 > 200000, 1000 out → 30000 + 22500 + 117600 = 170100 → 0.1701</li>
 * <li>synthetic msg_C: nothing; 2 corrupt lines skipped</li>
 * </ul>
 * Stop 1: 0.18305, tokens 1210 + 8150 + 30 + 202000 = 211390. Stop 2 adds msg_F (haiku 1000 in,
 * 100 out → 1500 → 0.0015, 1100 tokens) and msg_G (unknown model, 20 tokens, cost 0).
 */
class AutoLogIT {

    @TempDir
    Path tmp;

    static String fixture(String name) {
        try (InputStream in = AutoLogIT.class.getResourceAsStream("/fixtures/claude/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String hook(Path transcript, Path cwd) {
        return "{\"session_id\":\"sess-1\",\"transcript_path\":\"" + transcript + "\",\"cwd\":\"" + cwd
                + "\",\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}";
    }

    @Test
    void exactUsageOncePerMessageAcrossStopEvents() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path project = cs.cwd();
        long id = cs.json("start", "hooked", "--json").path("id").asLong();
        Path transcript = tmp.resolve("transcripts").resolve("sess-1.jsonl");
        Files.createDirectories(transcript.getParent());
        Files.writeString(transcript, fixture("stop1.jsonl"));

        // The hook runs from elsewhere: the payload's cwd picks the session.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Result first = cs.in(elsewhere).runWithInput(hook(transcript, project), "auto-log");
        first.assertOk();
        JsonNode a = first.json();
        assertThat(keys(a)).containsExactly("schemaVersion", "codesessionVersion", "autoLogged", "tokens", "cost",
                "session", "messages", "models");
        assertThat(a.path("autoLogged").asBoolean()).isTrue();
        assertThat(a.path("tokens").toString()).isEqualTo("{\"prompt\":210130,\"completion\":1260,\"total\":211390,"
                + "\"input\":5130,\"cacheWrite5m\":2000,\"cacheWrite1h\":2000,\"cacheRead\":201000}");
        assertThat(a.path("cost").asDouble()).isEqualTo(0.18305);
        assertThat(a.path("session").toString())
                .isEqualTo("{\"id\":" + id + ",\"aiCost\":0.18305,\"aiTokens\":211390}");
        assertThat(a.path("messages").toString()).isEqualTo("{\"logged\":4,\"alreadyLogged\":0,\"duplicateLines\":1,"
                + "\"sidechainReplays\":1,\"synthetic\":1,\"skippedLines\":2}");
        JsonNode sonnet = a.path("models").path("claude-sonnet-4-5-20250929");
        assertThat(sonnet.path("requests").asLong()).isEqualTo(2);
        assertThat(sonnet.path("cost").asDouble()).isEqualTo(0.17688);
        assertThat(sonnet.path("matchedKey").asText()).isEqualTo("claude-sonnet-4-5");
        JsonNode haiku = a.path("models").path("claude-haiku-4-5-20251001");
        assertThat(haiku.path("requests").asLong()).isEqualTo(2);
        assertThat(haiku.path("cost").asDouble()).isEqualTo(0.00617);
        assertThat(haiku.path("tokens").path("total").asLong()).isEqualTo(8180);

        var rows = cs.sql("SELECT model, tokens, prompt_tokens, completion_tokens, cache_creation_tokens, "
                + "cache_creation_1h_tokens, cache_read_tokens, cost, source, idempotency_key, agent_name, timestamp "
                + "FROM ai_usage ORDER BY id");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).containsEntry("idempotency_key", "claude:msg_A:req_A").containsEntry("tokens", 1210)
                .containsEntry("completion_tokens", 200).containsEntry("cost", 0.00678)
                .containsEntry("source", "auto-log").containsEntry("agent_name", "Claude Code")
                .containsEntry("timestamp", "2026-01-10T10:00:06.000Z");
        assertThat(rows.get(1)).containsEntry("cache_creation_tokens", 1000).containsEntry("cache_creation_1h_tokens", 2000)
                .containsEntry("cache_read_tokens", 5000).containsEntry("cost", 0.0061);
        assertThat(rows.get(3)).containsEntry("idempotency_key", "claude:msg_E:req_E").containsEntry("cost", 0.1701);

        // A repeated Stop event for the same turn stores nothing.
        JsonNode again = cs.runWithInput(hook(transcript, project), "auto-log").assertOk().json();
        assertThat(again.path("autoLogged").asBoolean()).isFalse();
        assertThat(again.path("cost").asDouble()).isZero();
        assertThat(again.path("messages").path("alreadyLogged").asLong()).isEqualTo(4);
        assertThat(again.path("session").path("aiTokens").asLong()).isEqualTo(211390);

        // The next turn: only the new messages count; the unknown model is stored at cost 0.
        Files.writeString(transcript, fixture("stop2-append.jsonl"), StandardOpenOption.APPEND);
        JsonNode b = cs.runWithInput(hook(transcript, project), "auto-log", "--agent", "Agent X").assertOk().json();
        assertThat(b.path("messages").path("logged").asLong()).isEqualTo(2);
        assertThat(b.path("messages").path("alreadyLogged").asLong()).isEqualTo(4);
        assertThat(b.path("cost").asDouble()).isEqualTo(0.0015);
        assertThat(b.path("tokens").path("total").asLong()).isEqualTo(1120);
        assertThat(b.path("models").path("claude-unknown-9").path("priced").asBoolean()).isFalse();
        assertThat(b.path("models").path("claude-unknown-9").has("matchedKey")).isFalse();
        // 0.18305 + 0.0015
        assertThat(b.path("session").toString())
                .isEqualTo("{\"id\":" + id + ",\"aiCost\":0.18455,\"aiTokens\":212510}");
        Map<String, Object> agg = cs.sql("SELECT ai_cost, ai_tokens, (SELECT COUNT(*) FROM ai_usage) AS n FROM sessions")
                .getFirst();
        assertThat(agg).containsEntry("ai_cost", 0.18455).containsEntry("ai_tokens", 212510).containsEntry("n", 6);
        assertThat(cs.sql("SELECT agent_name FROM ai_usage ORDER BY id DESC LIMIT 1").getFirst())
                .containsEntry("agent_name", "Agent X");
    }

    @Test
    void quietWithoutSessionAndClearErrorsForBadPayloads() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path transcript = tmp.resolve("t.jsonl");
        Files.writeString(transcript, fixture("stop1.jsonl"));

        // No active session for the hook's cwd: exit 0, no output, nothing stored.
        Result none = cs.runWithInput(hook(transcript, cs.cwd()), "auto-log");
        none.assertOk();
        assertThat(none.stdout()).isEmpty();
        // A session elsewhere is not this directory's session.
        Path other = Files.createDirectories(tmp.resolve("other"));
        cs.in(other).json("start", "other project", "--json");
        assertThat(cs.in(other).runWithInput(hook(transcript, cs.root().resolve("work")), "auto-log").assertOk().stdout())
                .isEmpty();
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage").getFirst()).containsEntry("n", 0);

        String[][] bad = {
            {"not json", "invalid_input"},
            {"[]", "invalid_input"},
            {"", "invalid_input"},
            {"{\"session_id\":\"x\"}", "invalid_input"},
            {"{\"transcript_path\":\"relative.jsonl\"}", "invalid_input"},
            {"{\"transcript_path\":\"/etc/passwd\"}", "invalid_input"},
            {"{\"transcript_path\":\"" + tmp.resolve("missing.jsonl") + "\"}", "io_error"},
            {"{\"transcript_path\":42}", "invalid_input"},
        };
        for (String[] b : bad) {
            Result r = cs.in(other).runWithInput(b[0], "auto-log", "--json");
            assertThat(r.exitCode()).as("payload %s", b[0]).isEqualTo(1);
            r.assertNoStackTrace();
            assertThat(r.json().path("error").path("code").asText()).as("payload %s", b[0]).isEqualTo(b[1]);
        }
        Result human = cs.in(other).runWithInput("nope", "auto-log");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stderr()).contains("not valid JSON");
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage").getFirst()).containsEntry("n", 0);
    }

    /** stdin on a terminal: a message and exit 1 (needs util-linux `script` for a pseudo-terminal). */
    @Test
    void terminalStdinIsAnError() throws Exception {
        Path script = Path.of("/usr/bin/script");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(script), "no /usr/bin/script");
        CsDriver cs = new CsDriver(tmp);
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qec", CsDriver.launcher() + " auto-log --help >/dev/null && "
                + CsDriver.launcher() + " auto-log", "/dev/null").directory(cs.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().put("HOME", cs.home().toString());
        pb.environment().put("CODESESSION_DB_PATH", cs.db().toString());
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("expects the JSON of a Claude Code hook on stdin").doesNotContain("Exception");
        assertThat(Files.exists(cs.db())).as("nothing was opened").isFalse();
    }
}
