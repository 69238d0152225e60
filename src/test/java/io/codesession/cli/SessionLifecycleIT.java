package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session life cycle driven through the packaged {@code cs}: start / resume / conflicts,
 * close-stale scopes, resolution by working directory, end / show / status / list / stats JSON
 * shapes (README §6.3, cli.md §1–7), notes and stale-session recovery.
 */
class SessionLifecycleIT {

    static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** SessionJSON keys before any attachment (list --json). */
    static final List<String> SESSION_JSON = List.of("schemaVersion", "codesessionVersion", "id", "name", "status",
            "startTime", "endTime", "duration", "durationFormatted", "workingDirectory", "gitRoot", "filesChanged",
            "commits", "aiTokens", "aiCost", "notes", "endNotes", "commitCount");

    @TempDir
    Path tmp;

    static List<String> plus(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    static long seconds(String fromIso, String toIso) {
        return Math.floorDiv(Duration.between(Instant.parse(fromIso), Instant.parse(toIso)).toMillis(), 1000);
    }

    /** formatDuration (README §8.3). */
    static String fmt(long s) {
        long h = s / 3600;
        long m = (s % 3600) / 60;
        return h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m" : s + "s";
    }

    static Path dir(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void startConflictAndResume() {
        CsDriver cs = new CsDriver(tmp);
        String cwd = cs.cwd().toString();

        JsonNode start = cs.json("start", "fix login", "--json");
        assertThat(keys(start)).containsExactly("schemaVersion", "codesessionVersion", "id", "name", "directory",
                "gitRoot", "branch", "startTime");
        assertThat(start.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(start.path("id").asLong()).isEqualTo(1);
        assertThat(start.path("name").asText()).isEqualTo("fix login");
        assertThat(start.path("directory").asText()).isEqualTo(cwd);
        assertThat(start.path("gitRoot").isNull()).isTrue();
        assertThat(start.path("branch").isNull()).isTrue();
        assertThat(start.path("startTime").asText()).matches(ISO);
        assertThat(cs.sql("SELECT name, status, working_directory, git_root, start_git_head, end_time FROM sessions"))
                .containsExactly(row("name", "fix login", "status", "active", "working_directory", cwd, "git_root", null,
                        "start_git_head", null, "end_time", null));

        // A second start in the same directory conflicts; nothing is inserted.
        JsonNode conflict = cs.jsonError("start", "other", "--json");
        assertThat(keys(conflict)).containsExactly("code", "message", "activeSession", "id", "hint");
        assertThat(conflict.path("code").asText()).isEqualTo("session_active");
        assertThat(conflict.path("message").asText()).isEqualTo("Session \"fix login\" is already active for this directory");
        assertThat(conflict.path("activeSession").asText()).isEqualTo("fix login");
        assertThat(conflict.path("id").asLong()).isEqualTo(1);
        assertThat(conflict.path("hint").asText()).isEqualTo("Use --resume to reattach or --close-stale to auto-close");

        Result human = cs.run("start", "other");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stdout()).isBlank();
        assertThat(human.stderr()).contains("Session \"fix login\" is already active for this directory")
                .contains("--resume");
        human.assertNoStackTrace();

        // --resume reattaches: the existing session's name, no new row. The spec's keys come first in
        // spec order (id, name, directory, branch, resumed); gitRoot and startTime are additive.
        JsonNode resumed = cs.json("start", "ignored name", "--resume", "--json");
        assertThat(keys(resumed)).containsExactly("schemaVersion", "codesessionVersion", "id", "name", "directory",
                "branch", "resumed", "gitRoot", "startTime");
        assertThat(resumed.path("id").asLong()).isEqualTo(1);
        assertThat(resumed.path("name").asText()).isEqualTo("fix login");
        assertThat(resumed.path("directory").asText()).isEqualTo(cwd);
        assertThat(resumed.path("branch").isNull()).isTrue();
        assertThat(resumed.path("resumed").asBoolean()).isTrue();
        assertThat(resumed.path("startTime").asText()).isEqualTo(start.path("startTime").asText());

        Result humanResume = cs.run("start", "again", "--resume").assertOk();
        assertThat(humanResume.stdout()).contains("Resumed session: fix login (id: 1)")
                .contains("  Started: " + start.path("startTime").asText());
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM sessions")).containsExactly(row("n", 1));

        // --resume with no active session for this directory starts a new one (no "resumed" key).
        JsonNode fresh = cs.in(dir(tmp.resolve("elsewhere"))).json("start", "fresh", "--resume", "--json");
        assertThat(fresh.path("id").asLong()).isEqualTo(2);
        assertThat(fresh.has("resumed")).isFalse();
        assertThat(fresh.path("name").asText()).isEqualTo("fresh");
    }

    @Test
    void noteStatusShowEndListStats() {
        CsDriver cs = new CsDriver(tmp);
        String cwd = cs.cwd().toString();
        // An empty store: NULL sums are reported as 0.
        JsonNode zero = cs.json("stats", "--json");
        assertThat(zero.path("totalSessions").asLong()).isZero();
        assertThat(zero.path("totalTime").asLong()).isZero();
        assertThat(zero.path("totalAICost").asDouble()).isZero();
        assertThat(zero.path("avgSessionFormatted").asText()).isEqualTo("0s");
        // A completed session with duration 0 and one with known totals, as another tool could have written them.
        cs.exec("INSERT INTO sessions (name, start_time, end_time, duration, working_directory, files_changed, commits, "
                        + "ai_cost, ai_tokens, notes, status) VALUES ('instant', '2025-01-01T10:00:00.000Z', "
                        + "'2025-01-01T10:00:00.000Z', 0, '/srv/a', 0, 0, 0, 0, NULL, 'completed')",
                "INSERT INTO sessions (name, start_time, end_time, duration, working_directory, files_changed, commits, "
                        + "ai_cost, ai_tokens, notes, status) VALUES ('docs', '2025-01-02T10:00:00.000Z', "
                        + "'2025-01-02T10:20:00.000Z', 1200, '/srv/b', 3, 2, 0.5, 900, 'old', 'completed')");

        JsonNode start = cs.json("start", "docs pass", "--json");
        long id = start.path("id").asLong();
        assertThat(id).isEqualTo(3);
        String startTime = start.path("startTime").asText();

        JsonNode note = cs.json("note", "tests green", "--json");
        assertThat(keys(note)).containsExactly("schemaVersion", "codesessionVersion", "id", "sessionId", "message",
                "timestamp");
        assertThat(note.path("id").asLong()).isEqualTo(1);
        assertThat(note.path("sessionId").asLong()).isEqualTo(id);
        assertThat(note.path("message").asText()).isEqualTo("tests green");
        assertThat(note.path("timestamp").asText()).matches(ISO);

        Result humanNote = cs.run("note", "second \"quoted\", note").assertOk();
        assertThat(humanNote.stdout()).contains("Note added to session 3: \"second \"quoted\", note\"");

        cs.json("log-ai", "-p", "openai", "-m", "gpt-4.1", "--prompt-tokens", "12000", "--completion-tokens", "3000",
                "--agent", "Bug Fixer", "--json");

        // status: notes array, liveDuration, aiUsage appended last; commits stays a count.
        Instant before = Instant.now();
        JsonNode status = cs.json("status", "--json");
        Instant after = Instant.now();
        assertThat(keys(status)).isEqualTo(plus(SESSION_JSON, "liveDuration", "liveDurationFormatted", "aiUsage"));
        assertThat(status.path("id").asLong()).isEqualTo(id);
        assertThat(status.path("name").asText()).isEqualTo("docs pass");
        assertThat(status.path("status").asText()).isEqualTo("active");
        assertThat(status.path("startTime").asText()).isEqualTo(startTime);
        assertThat(status.path("endTime").isNull()).isTrue();
        assertThat(status.path("duration").isNull()).isTrue();
        assertThat(status.path("durationFormatted").isNull()).isTrue();
        assertThat(status.path("workingDirectory").asText()).isEqualTo(cwd);
        assertThat(status.path("gitRoot").isNull()).isTrue();
        assertThat(status.path("filesChanged").asInt()).isZero();
        assertThat(status.path("commits").isInt()).isTrue();
        assertThat(status.path("commits").asInt()).isZero();
        assertThat(status.path("aiTokens").asLong()).isEqualTo(15000);
        assertThat(status.path("aiCost").asDouble()).isEqualTo(0.048);
        assertThat(status.path("notes").findValuesAsText("message"))
                .containsExactly("tests green", "second \"quoted\", note");
        assertThat(keys(status.path("notes").get(0))).containsExactly("id", "sessionId", "message", "timestamp");
        assertThat(status.path("endNotes").isNull()).isTrue();
        assertThat(status.path("commitCount").asInt()).isZero();
        long live = status.path("liveDuration").asLong();
        assertThat(live).isBetween(seconds(startTime, JS_ISO.format(before)), seconds(startTime, JS_ISO.format(after)) + 1);
        assertThat(status.path("liveDurationFormatted").asText()).isEqualTo(fmt(live));
        assertThat(status.path("aiUsage")).hasSize(1);
        JsonNode usage = status.path("aiUsage").get(0);
        assertThat(keys(usage)).containsExactly("id", "sessionId", "provider", "model", "tokens", "promptTokens",
                "completionTokens", "cost", "agentName", "timestamp");
        assertThat(usage.path("sessionId").asLong()).isEqualTo(id);
        assertThat(usage.path("cost").asDouble()).isEqualTo(0.048);
        assertThat(usage.path("agentName").asText()).isEqualTo("Bug Fixer");

        // show without id = the latest session (greatest start time), notes array, no files key.
        JsonNode show = cs.json("show", "--json");
        assertThat(keys(show)).isEqualTo(plus(SESSION_JSON, "aiUsage"));
        assertThat(show.path("id").asLong()).isEqualTo(id);
        assertThat(show.path("commits").isInt()).isTrue();
        assertThat(show.path("notes")).hasSize(2);

        // list: bare array of SessionJSON without attachments, most recent first.
        JsonNode list = cs.json("list", "--json");
        assertThat(list.isArray()).isTrue();
        assertThat(list.findValuesAsText("name")).containsExactly("docs pass", "docs", "instant");
        for (JsonNode s : list) {
            assertThat(keys(s)).isEqualTo(SESSION_JSON);
        }
        assertThat(list.get(0).path("notes").isNull()).isTrue();
        assertThat(list.get(1).path("notes").asText()).isEqualTo("old");
        assertThat(list.get(1).path("endNotes").asText()).isEqualTo("old");
        assertThat(list.get(1).path("durationFormatted").asText()).isEqualTo("20m");
        // duration 0 stays 0 (2.6.0 printed null).
        assertThat(list.get(2).path("duration").isIntegralNumber()).isTrue();
        assertThat(list.get(2).path("duration").asLong()).isZero();
        assertThat(list.get(2).path("durationFormatted").asText()).isEqualTo("0s");

        // end: commits/notes replaced by arrays, files and aiUsage attached, -n text visible as endNotes.
        JsonNode end = cs.json("end", "-n", "finished", "--json");
        assertThat(keys(end)).isEqualTo(plus(SESSION_JSON, "files", "aiUsage"));
        assertThat(end.path("id").asLong()).isEqualTo(id);
        assertThat(end.path("status").asText()).isEqualTo("completed");
        String endTime = end.path("endTime").asText();
        assertThat(endTime).matches(ISO);
        long duration = seconds(startTime, endTime);
        assertThat(end.path("duration").asLong()).isEqualTo(duration);
        assertThat(end.path("durationFormatted").asText()).isEqualTo(fmt(duration));
        assertThat(end.path("commits").isArray()).isTrue();
        assertThat(end.path("commits")).isEmpty();
        assertThat(end.path("files").isArray()).isTrue();
        assertThat(end.path("files")).isEmpty();
        assertThat(end.path("notes")).hasSize(2);
        assertThat(end.path("endNotes").asText()).isEqualTo("finished");
        assertThat(end.path("aiUsage")).hasSize(1);
        assertThat(cs.sql("SELECT status, notes, duration FROM sessions WHERE id = 3"))
                .containsExactly(row("status", "completed", "notes", "finished", "duration", (int) duration));

        // status -s <completed id> works; its live duration stops at the end time.
        JsonNode done = cs.json("status", "-s", "3", "--json");
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("liveDuration").asLong()).isEqualTo(duration);
        assertThat(done.path("notes")).hasSize(2);

        // Nothing is active any more.
        JsonNode none = cs.jsonError("status", "--json");
        assertThat(none.path("code").asText()).isEqualTo("no_active_session");
        assertThat(none.has("activeSessions")).isFalse();

        // stats over completed sessions only: 0 + 1200 + duration seconds.
        JsonNode stats = cs.json("stats", "--json");
        assertThat(keys(stats)).containsExactly("schemaVersion", "codesessionVersion", "totalSessions", "totalTime",
                "totalTimeFormatted", "totalFiles", "totalCommits", "totalAICost", "avgSessionTime", "avgSessionFormatted");
        long total = 1200 + duration;
        assertThat(stats.path("totalSessions").asLong()).isEqualTo(3);
        assertThat(stats.path("totalTime").asLong()).isEqualTo(total);
        assertThat(stats.path("totalTimeFormatted").asText()).isEqualTo(fmt(total));
        assertThat(stats.path("totalFiles").asLong()).isEqualTo(3);
        assertThat(stats.path("totalCommits").asLong()).isEqualTo(2);
        assertThat(stats.path("totalAICost").asDouble()).isEqualTo(0.548);
        assertThat(stats.path("avgSessionTime").asDouble()).isEqualTo(total / 3.0);
        assertThat(stats.path("avgSessionFormatted").asText()).isEqualTo(fmt(total / 3));

        // Human outputs.
        String table = cs.run("show", "3").assertOk().stdout();
        assertThat(table).contains("Session: docs pass").contains("│ Metric").contains("│ Status ")
                .contains("Completed").contains("│ AI Tokens").contains("15,000").contains("$0.05")
                .contains("│ Notes").contains("finished");
        assertThat(cs.run("list").assertOk().stdout()).contains("#3").contains("docs pass").contains("#1")
                .contains("instant");
        assertThat(cs.run("stats").assertOk().stdout()).contains("Overall Stats").contains("Total Sessions")
                .contains("│ 3 ").contains("$0.55");
    }

    @Test
    void parallelSessionsCloseStaleScopesAndAmbiguity() {
        CsDriver cs = new CsDriver(tmp);
        Path a = dir(tmp.resolve("a"));
        Path b = dir(tmp.resolve("b"));
        Path c = dir(tmp.resolve("c"));

        assertThat(cs.in(a).json("start", "A1", "--json").path("id").asLong()).isEqualTo(1);
        // Another directory does not conflict: parallel sessions.
        assertThat(cs.in(b).json("start", "B1", "--json").path("id").asLong()).isEqualTo(2);

        // Each directory resolves to its own session.
        assertThat(cs.in(a).json("status", "--json").path("id").asLong()).isEqualTo(1);
        assertThat(cs.in(b).json("note", "from b", "--json").path("sessionId").asLong()).isEqualTo(2);
        JsonNode logged = cs.in(a).json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.01", "--json");
        assertThat(logged.path("session").path("id").asLong()).isEqualTo(1);

        // From a third directory with two sessions active elsewhere: ambiguous, nothing written.
        JsonNode ambiguous = cs.in(c).jsonError("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.01", "--json");
        assertThat(ambiguous.path("code").asText()).isEqualTo("no_active_session");
        assertThat(ambiguous.path("activeSessions")).extracting(JsonNode::asLong).containsExactlyInAnyOrder(1L, 2L);
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage")).containsExactly(row("n", 1));
        Result human = cs.in(c).run("status");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stderr()).contains("No active session");
        assertThat(human.stdout()).isBlank();

        // --close-stale closes only this directory's session; b keeps running.
        JsonNode a2 = cs.in(a).json("start", "A2", "--close-stale", "--json");
        assertThat(a2.path("id").asLong()).isEqualTo(3);
        assertThat(a2.path("closed")).hasSize(1);
        assertThat(keys(a2.path("closed").get(0))).containsExactly("id", "name");
        assertThat(a2.path("closed").get(0).path("id").asLong()).isEqualTo(1);
        assertThat(a2.path("closed").get(0).path("name").asText()).isEqualTo("A1");
        assertThat(cs.sql("SELECT id, status, notes FROM sessions ORDER BY id")).containsExactly(
                row("id", 1, "status", "completed", "notes", "Auto-closed by new session \"A2\""),
                row("id", 2, "status", "active", "notes", null),
                row("id", 3, "status", "active", "notes", null));

        // --close-stale-all closes every active session.
        JsonNode c1 = cs.in(c).json("start", "C1", "--close-stale-all", "--json");
        assertThat(c1.path("id").asLong()).isEqualTo(4);
        List<String> closed = new ArrayList<>();
        c1.path("closed").forEach(x -> closed.add(x.path("id").asLong() + ":" + x.path("name").asText()));
        assertThat(closed).containsExactlyInAnyOrder("2:B1", "3:A2");
        assertThat(cs.sql("SELECT id, status, notes FROM sessions WHERE id IN (2, 3) ORDER BY id")).containsExactly(
                row("id", 2, "status", "completed", "notes", "Auto-closed by new session \"C1\""),
                row("id", 3, "status", "completed", "notes", "Auto-closed by new session \"C1\""));

        // With a single active session anywhere, another directory resolves to it.
        assertThat(cs.in(a).json("status", "--json").path("id").asLong()).isEqualTo(4);
        Result ended = cs.in(b).run("end", "-n", "bye").assertOk();
        assertThat(ended.stdout()).contains("Session ended").contains("Session: C1").contains("│ Notes")
                .contains("bye");
        assertThat(cs.sql("SELECT status, notes FROM sessions WHERE id = 4"))
                .containsExactly(row("status", "completed", "notes", "bye"));
    }

    @Test
    void closeStaleRunsTheGitScanOfTheClosedSession() {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("a.txt", "one\n");
            repo.commitAll("initial");
            cs.in(repo.dir());
            JsonNode first = cs.json("start", "first", "--json");
            assertThat(first.path("gitRoot").asText()).isEqualTo(repo.dir().toString());
            assertThat(first.path("branch").asText()).isEqualTo("main");
            repo.write("a.txt", "two\n").write("new.txt", "n\n");
            RevCommit commit = repo.commitAll("work in first");

            // Human mode this time: the start text, and the auto-close notice.
            Result second = cs.run("start", "second", "--close-stale", "--no-watch").assertOk();
            assertThat(second.stdout()).contains("Closed 1 stale session(s)").contains("Session started: second")
                    .contains("Branch: main").contains("Directory: " + repo.dir()).contains("End with: cs end");
            assertThat(cs.sql("SELECT id, status FROM sessions ORDER BY id")).containsExactly(
                    row("id", 1, "status", "completed"), row("id", 2, "status", "active"));
            assertThat(cs.sql("SELECT hash, message FROM commits WHERE session_id = 1"))
                    .containsExactly(row("hash", commit.getName().substring(0, 7), "message", "work in first"));
            assertThat(cs.sql("SELECT file_path, change_type FROM file_changes WHERE session_id = 1 ORDER BY file_path"))
                    .containsExactly(row("file_path", "a.txt", "change_type", "modified"),
                            row("file_path", "new.txt", "change_type", "created"));
            assertThat(cs.sql("SELECT status, files_changed, commits FROM sessions WHERE id = 1"))
                    .containsExactly(row("status", "completed", "files_changed", 2, "commits", 1));
        }
    }

    @Test
    void showErrorsAndExplicitIds() {
        CsDriver cs = new CsDriver(tmp);
        JsonNode empty = cs.jsonError("show", "--json");
        assertThat(empty.path("code").asText()).isEqualTo("session_not_found");
        assertThat(empty.path("message").asText()).isEqualTo("No sessions found");

        JsonNode noneToEnd = cs.jsonError("end", "--json");
        assertThat(noneToEnd.path("code").asText()).isEqualTo("no_active_session");
        JsonNode noneToNote = cs.jsonError("note", "x", "--json");
        assertThat(noneToNote.path("code").asText()).isEqualTo("no_active_session");

        cs.exec("INSERT INTO sessions (name, start_time, end_time, duration, working_directory, status) "
                + "VALUES ('done', '2025-03-01T08:00:00.000Z', '2025-03-01T09:00:00.000Z', 3600, '/srv', 'completed')");
        JsonNode missing = cs.jsonError("show", "999", "--json");
        assertThat(missing.path("code").asText()).isEqualTo("session_not_found");
        assertThat(missing.path("message").asText()).isEqualTo("Session 999 not found");
        Result human = cs.run("show", "999");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stderr()).contains("Session 999 not found");
        human.assertNoStackTrace();

        // An explicit id must name an active session for end/note/log-ai.
        JsonNode notActive = cs.jsonError("end", "-s", "1", "--json");
        assertThat(notActive.path("code").asText()).isEqualTo("session_not_found");
        assertThat(notActive.path("id").asLong()).isEqualTo(1);
        assertThat(cs.jsonError("note", "x", "-s", "1", "--json").path("code").asText()).isEqualTo("session_not_found");

        // Strict ids: no silent fallback to resolution.
        for (String bad : List.of("0", "abc")) {
            assertThat(cs.jsonError("status", "-s", bad, "--json").path("code").asText()).as("-s %s", bad)
                    .isEqualTo("invalid_input");
        }

        JsonNode shown = cs.json("show", "1", "--json");
        assertThat(shown.path("duration").asLong()).isEqualTo(3600);
        assertThat(shown.path("durationFormatted").asText()).isEqualTo("1h 0m");
        assertThat(shown.path("endTime").asText()).isEqualTo("2025-03-01T09:00:00.000Z");
        assertThat(shown.path("notes").isArray()).isTrue();
        assertThat(shown.path("notes")).isEmpty();
        assertThat(shown.path("endNotes").isNull()).isTrue();
        JsonNode withChildren = cs.json("show", "1", "--files", "--commits", "--json");
        assertThat(keys(withChildren)).isEqualTo(plus(SESSION_JSON, "files", "aiUsage"));
        assertThat(withChildren.path("commits").isArray()).isTrue();
    }

    @Test
    void recoverEndsOnlyStaleActiveSessions() {
        CsDriver cs = new CsDriver(tmp);
        JsonNode fresh = cs.json("start", "fresh", "--json");
        String twoDaysAgo = JS_ISO.format(Instant.now().minus(Duration.ofHours(48)));
        cs.exec("INSERT INTO sessions (name, start_time, working_directory, notes, status) "
                        + "VALUES ('ancient', '2020-01-01T00:00:00.000Z', '/old', 'old note', 'active')",
                "INSERT INTO sessions (name, start_time, working_directory, status) "
                        + "VALUES ('two days', '" + twoDaysAgo + "', '/old2', 'active')",
                "INSERT INTO sessions (name, start_time, end_time, duration, working_directory, status) "
                        + "VALUES ('finished', '2019-01-01T00:00:00.000Z', '2019-01-01T01:00:00.000Z', 3600, '/x', 'completed')");

        for (String bad : List.of("0", "-1")) {
            assertThat(cs.jsonError("recover", "--max-age", bad, "--json").path("code").asText()).as("--max-age %s", bad)
                    .isEqualTo("invalid_input");
        }
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM sessions WHERE status = 'active'")).containsExactly(row("n", 3));

        JsonNode recovered = cs.json("recover", "--json");
        assertThat(keys(recovered)).containsExactly("schemaVersion", "codesessionVersion", "recovered", "sessions");
        assertThat(recovered.path("recovered").asInt()).isEqualTo(2);
        assertThat(recovered.path("sessions")).hasSize(2);
        assertThat(keys(recovered.path("sessions").get(0))).containsExactly("id", "name", "startTime");
        List<String> ids = new ArrayList<>();
        recovered.path("sessions").forEach(s -> ids.add(s.path("id").asLong() + ":" + s.path("name").asText() + ":"
                + s.path("startTime").asText()));
        assertThat(ids).containsExactlyInAnyOrder("2:ancient:2020-01-01T00:00:00.000Z", "3:two days:" + twoDaysAgo);

        List<Map<String, Object>> rows = cs.sql(
                "SELECT id, status, notes, start_time, end_time, duration FROM sessions ORDER BY id");
        // The fresh session is untouched.
        assertThat(rows.get(0)).containsEntry("status", "active").containsEntry("end_time", null)
                .containsEntry("notes", null).containsEntry("duration", null)
                .containsEntry("start_time", fresh.path("startTime").asText());
        // ancient: marker appended to the existing notes, duration clamped to one year.
        assertThat(rows.get(1)).containsEntry("status", "completed")
                .containsEntry("notes", "old note [auto-recovered: stale session]")
                .containsEntry("duration", 31_536_000);
        assertThat((String) rows.get(1).get("end_time")).matches(ISO);
        // two days: marker with its leading space, duration = end - start.
        assertThat(rows.get(2)).containsEntry("status", "completed")
                .containsEntry("notes", " [auto-recovered: stale session]");
        long expected = seconds(twoDaysAgo, (String) rows.get(2).get("end_time"));
        assertThat(((Number) rows.get(2).get("duration")).longValue()).isEqualTo(expected).isBetween(172_800L, 172_900L);
        // Already completed sessions are not touched.
        assertThat(rows.get(3)).containsEntry("status", "completed").containsEntry("notes", null)
                .containsEntry("duration", 3600).containsEntry("end_time", "2019-01-01T01:00:00.000Z");

        // Human mode.
        assertThat(cs.run("recover").assertOk().stdout()).contains("No stale sessions found (older than 24h).");
        cs.exec("INSERT INTO sessions (name, start_time, working_directory, status) "
                + "VALUES ('forgotten', '2021-06-01T12:30:00.000Z', '/old3', 'active')");
        assertThat(cs.run("recover", "--max-age", "1.5").assertOk().stdout())
                .contains("Recovered 1 stale session(s):")
                .contains("#5 \"forgotten\" (started 2021-06-01T12:30:00.000Z)");
        assertThat(cs.sql("SELECT status FROM sessions WHERE id = 1")).containsExactly(row("status", "active"));
    }

    /** An ordered row map for comparisons with {@link CsDriver#sql}. */
    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
