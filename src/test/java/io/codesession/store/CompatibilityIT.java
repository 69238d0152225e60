package io.codesession.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.StoreDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by codesession-cli 2.6.0 (storage.md §2–3), in the layout of a database that
 * 2.6.0 upgraded from an older release (columns appended by ALTER TABLE, so in a different
 * order), with the data quirks 2.6.0 leaves behind: offset timestamps on scan-found commits, NULL
 * prompt/completion tokens, an "old<TAB>new" rename path and a session whose ai_cost overflowed
 * to +Infinity. Our CLI must read it, write to it, upgrade it exactly once, and leave it readable
 * by 2.6.0's own queries (storage.md §5) with 2.6.0's column semantics.
 */
class CompatibilityIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
    private static final List<String> OUR_INDEXES = List.of("idx_ai_usage_session", "idx_commits_session",
            "idx_file_changes_session", "idx_session_notes_session", "idx_sessions_start_time", "idx_sessions_status");

    @TempDir
    Path tmp;

    /** 2.6.0's DDL for a database first created by an old release, then migrated by 2.6.0 (§3). */
    static void createOldLayout(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS sessions (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      name TEXT NOT NULL,
                      start_time TEXT NOT NULL,
                      end_time TEXT,
                      duration INTEGER,
                      working_directory TEXT NOT NULL,
                      files_changed INTEGER DEFAULT 0,
                      commits INTEGER DEFAULT 0,
                      ai_cost REAL DEFAULT 0,
                      ai_tokens INTEGER DEFAULT 0,
                      notes TEXT,
                      status TEXT DEFAULT 'active'
                    )""");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS file_changes (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      session_id INTEGER NOT NULL,
                      file_path TEXT NOT NULL,
                      change_type TEXT NOT NULL,
                      timestamp TEXT NOT NULL,
                      FOREIGN KEY (session_id) REFERENCES sessions(id)
                    )""");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS commits (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      session_id INTEGER NOT NULL,
                      hash TEXT NOT NULL,
                      message TEXT NOT NULL,
                      timestamp TEXT NOT NULL,
                      FOREIGN KEY (session_id) REFERENCES sessions(id)
                    )""");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS ai_usage (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      session_id INTEGER NOT NULL,
                      provider TEXT NOT NULL,
                      model TEXT NOT NULL,
                      tokens INTEGER NOT NULL,
                      cost REAL NOT NULL,
                      timestamp TEXT NOT NULL,
                      FOREIGN KEY (session_id) REFERENCES sessions(id)
                    )""");
            st.execute("ALTER TABLE ai_usage ADD COLUMN prompt_tokens INTEGER");
            st.execute("ALTER TABLE ai_usage ADD COLUMN completion_tokens INTEGER");
            st.execute("ALTER TABLE ai_usage ADD COLUMN agent_name TEXT");
            st.execute("ALTER TABLE sessions ADD COLUMN git_root TEXT");
            st.execute("ALTER TABLE sessions ADD COLUMN start_git_head TEXT");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS session_notes (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      session_id INTEGER NOT NULL,
                      message TEXT NOT NULL,
                      timestamp TEXT NOT NULL,
                      FOREIGN KEY (session_id) REFERENCES sessions(id)
                    )""");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS today_projects (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      path TEXT NOT NULL UNIQUE,
                      name TEXT,
                      added_at TEXT NOT NULL
                    )""");
        }
    }

    /** Rows as 2.6.0 writes them (columns by name; the layout puts them in another order). */
    static void insertRows(Connection c, String activeDir) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO sessions (name, start_time, end_time, duration, working_directory, git_root, "
                    + "start_git_head, files_changed, commits, ai_cost, ai_tokens, notes, status) VALUES ("
                    + "'old completed', '2026-03-01T09:00:00.000Z', '2026-03-01T10:30:00.000Z', 5400, '/repo/old', "
                    + "'/repo/old', '" + HEAD + "', 2, 2, 0.054, 12000, 'finished the old way', 'completed')");
            st.execute("INSERT INTO file_changes (session_id, file_path, change_type, timestamp) VALUES "
                    + "(1, 'src/a.ts', 'modified', '2026-03-01T09:10:00.000Z'), "
                    + "(1, 'b.txt' || char(9) || 'b2.txt', 'modified', '2026-03-01T10:30:00.000Z')");
            st.execute("INSERT INTO commits (session_id, hash, message, timestamp) VALUES "
                    + "(1, 'abc1234', 'scan-found commit', '2026-03-01T10:21:07+01:00'), "
                    + "(1, 'def5678', 'polled commit', '2026-03-01T09:25:00.000Z')");
            st.execute("INSERT INTO ai_usage (session_id, provider, model, tokens, prompt_tokens, completion_tokens, "
                    + "cost, timestamp, agent_name) VALUES "
                    + "(1, 'anthropic', 'claude-sonnet-4', 10000, NULL, NULL, 0.045, '2026-03-01T09:40:00.000Z', NULL), "
                    + "(1, 'openai', 'gpt-4o', 2000, 1500, 500, 0.009, '2026-03-01T09:50:00.000Z', 'Claude Code')");
            st.execute("INSERT INTO session_notes (session_id, message, timestamp) VALUES "
                    + "(1, 'old note', '2026-03-01T09:30:00.000Z')");
            // CLI-12: two -c 1e308 entries; ROUND(SUM(cost) * 1e10) / 1e10 overflowed to +Inf (written as 1e999).
            st.execute("INSERT INTO sessions (name, start_time, end_time, duration, working_directory, ai_cost, "
                    + "ai_tokens, status) VALUES ('infinite', '2026-03-02T09:00:00.000Z', '2026-03-02T09:01:00.000Z', "
                    + "60, '/repo/inf', 1e999, 20, 'completed')");
            st.execute("INSERT INTO ai_usage (session_id, provider, model, tokens, cost, timestamp) VALUES "
                    + "(2, 'x', 'y', 10, 1e308, '2026-03-02T09:00:10.000Z'), "
                    + "(2, 'x', 'y', 10, 1e308, '2026-03-02T09:00:20.000Z')");
            st.execute("INSERT INTO sessions (name, start_time, working_directory, status) VALUES "
                    + "('still active', '2026-03-03T09:00:00.000Z', '" + activeDir.replace("'", "''") + "', 'active')");
            st.execute("INSERT INTO today_projects (path, name, added_at) VALUES "
                    + "('/repo/old', 'old', '2026-03-01T08:00:00.000Z')");
        }
    }

    @Test
    void readsWritesAndUpgradesA260Store() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        Files.createDirectories(cs.db().getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cs.db())) {
            createOldLayout(c);
            insertRows(c, cs.cwd().toString());
        }
        assertThat(columns(cs, "sessions")).endsWith("status", "git_root", "start_git_head");
        String before = StoreDump.of(cs.db());

        // ---- reads (the first one upgrades the schema) ----
        JsonNode list = cs.json("list", "--json");
        assertThat(list.findValuesAsText("name")).containsExactly("still active", "infinite", "old completed");
        JsonNode old = list.get(2);
        assertThat(old.path("id").asLong()).isEqualTo(1);
        assertThat(old.path("status").asText()).isEqualTo("completed");
        assertThat(old.path("duration").asLong()).isEqualTo(5400);
        assertThat(old.path("gitRoot").asText()).isEqualTo("/repo/old");
        assertThat(old.path("aiCost").asDouble()).isEqualTo(0.054);
        assertThat(old.path("aiTokens").asLong()).isEqualTo(12000);
        assertThat(old.path("filesChanged").asLong()).isEqualTo(2);
        assertThat(list.get(1).path("aiCost").isNull()).as("aiCost of the +Inf session").isTrue();
        assertThat(list.get(0).path("status").asText()).isEqualTo("active");
        assertThat(list.get(0).path("gitRoot").isNull()).isTrue();

        // The upgrade: user_version = Schema.VERSION, our indexes and column, every 2.6.0 row and column untouched.
        assertThat(cs.sql("PRAGMA user_version").getFirst().values().iterator().next()).isEqualTo(Schema.VERSION);
        assertThat(indexes(cs)).containsAll(OUR_INDEXES);
        assertThat(columns(cs, "file_changes")).contains("old_path");
        assertThat(columns(cs, "sessions")).containsSubsequence("status", "git_root", "start_git_head");
        String after = StoreDump.of(cs.db());
        assertThat(dataLines(after, "file_changes")).isEqualTo(dataLines(before, "file_changes"));
        assertThat(asWide(withoutTable(after, "file_changes"), withoutTable(before, "file_changes")))
                .isEqualTo(withoutTable(before, "file_changes"));

        // The upgrade runs once: an index dropped after it is not recreated by later commands.
        cs.exec("DROP INDEX idx_sessions_start_time");
        JsonNode show = cs.json("show", "1", "--files", "--commits", "--json");
        assertThat(indexes(cs)).doesNotContain("idx_sessions_start_time").contains("idx_sessions_status");
        assertThat(cs.sql("PRAGMA user_version").getFirst().values().iterator().next()).isEqualTo(Schema.VERSION);

        assertThat(show.path("aiCost").asDouble()).isEqualTo(0.054);
        // Child lists in timestamp string order, as 2.6.0 sorts them (the offset timestamp sorts last).
        assertThat(show.path("commits").findValuesAsText("hash")).containsExactly("def5678", "abc1234");
        assertThat(show.path("commits").get(1).path("timestamp").asText()).isEqualTo("2026-03-01T10:21:07+01:00");
        assertThat(show.path("files").findValuesAsText("filePath")).containsExactly("src/a.ts", "b.txt\tb2.txt");
        JsonNode usage = show.path("aiUsage");
        assertThat(usage.size()).isEqualTo(2);
        assertThat(usage.get(0).has("promptTokens")).as("NULL prompt tokens are omitted").isFalse();
        assertThat(usage.get(0).has("completionTokens")).isFalse();
        assertThat(usage.get(0).has("agentName")).isFalse();
        assertThat(usage.get(1).path("promptTokens").asLong()).isEqualTo(1500);
        assertThat(usage.get(1).path("agentName").asText()).isEqualTo("Claude Code");
        assertThat(show.path("notes").findValuesAsText("message")).containsExactly("old note");

        JsonNode inf = cs.json("show", "2", "--json");
        assertThat(inf.path("aiCost").isNull()).isTrue();
        assertThat(inf.path("aiTokens").asLong()).isEqualTo(20);
        assertThat(inf.path("aiUsage").findValuesAsText("cost")).containsExactly("1.0E308", "1.0E308");

        JsonNode status = cs.json("status", "--json");
        assertThat(status.path("id").asLong()).isEqualTo(3);
        assertThat(status.path("name").asText()).isEqualTo("still active");

        Result export = cs.run("export").assertOk();
        JsonNode exported = MAPPER.readTree(export.stdout());
        assertThat(exported.findValuesAsText("name")).contains("old completed", "infinite", "still active");
        for (JsonNode s : exported) {
            if (s.path("id").asLong() == 2) {
                assertThat(s.path("aiCost").isNull()).as("exported aiCost of the +Inf session").isTrue();
            }
            if (s.path("id").asLong() == 1) {
                assertThat(s.path("startGitHead").asText()).isEqualTo(HEAD);
                assertThat(s.path("commits").findValuesAsText("hash")).containsExactly("def5678", "abc1234");
            }
        }

        // ---- writes ----
        JsonNode logged = cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "1000", "--json");
        assertThat(logged.path("session").path("id").asLong()).isEqualTo(3);
        cs.json("log-ai", "-p", "openai", "-m", "gpt-4o", "--prompt-tokens", "0", "--completion-tokens", "500",
                "--agent", "", "--json");
        cs.json("note", "compat note", "--json");
        JsonNode ended = cs.json("end", "-n", "ended by us", "--json");
        assertThat(ended.path("status").asText()).isEqualTo("completed");
        Path other = Files.createDirectories(tmp.resolve("other"));
        cs.in(other);
        JsonNode started = cs.json("start", "new on an old layout", "--json");
        assertThat(started.path("id").asLong()).isEqualTo(4);
        assertThat(indexes(cs)).as("still not re-upgraded").doesNotContain("idx_sessions_start_time");

        // ---- budgets (schema version 4) on the upgraded store ----
        cs.json("budget", "set", "--global", "--session", "1", "--daily", "50", "--json");
        List<Map<String, Object>> budgets = cs.sql("SELECT scope, session_limit, daily_limit, monthly_limit FROM budgets");
        assertThat(budgets).hasSize(1);
        assertThat(budgets.getFirst()).containsEntry("scope", "").containsEntry("session_limit", 1.0)
                .containsEntry("daily_limit", 50.0).containsEntry("monthly_limit", null);
        // The session whose cost 2.6.0 overflowed to +Infinity: spent null, exceeded.
        Result inf2 = cs.run("budget", "check", "-s", "2", "--json");
        assertThat(inf2.exitCode()).isEqualTo(2);
        JsonNode infCheck = inf2.json().path("budget").path("checks").get(0);
        assertThat(infCheck.path("kind").asText()).isEqualTo("session");
        assertThat(infCheck.path("spent").isNull()).isTrue();
        assertThat(infCheck.path("exceeded").asBoolean()).isTrue();
        cs.json("budget", "clear", "--all", "--json");

        // ---- 2.6.0's read queries (storage.md §5) on the result ----
        List<Map<String, Object>> recent = cs.sql("SELECT * FROM sessions ORDER BY start_time DESC LIMIT 10");
        assertThat(recent).extracting(r -> r.get("id")).containsExactly(4, 3, 2, 1);
        Map<String, Object> s3 = recent.get(1);
        assertThat(s3.get("status")).isEqualTo("completed");
        assertThat((String) s3.get("end_time")).matches(ISO_UTC);
        assertThat(s3.get("start_time")).isEqualTo("2026-03-03T09:00:00.000Z");
        assertThat(((Number) s3.get("duration")).longValue()).isBetween(0L, 31_536_000L);
        assertThat(s3.get("notes")).isEqualTo("ended by us");
        assertThat(((Number) s3.get("ai_tokens")).longValue()).isEqualTo(1500);
        assertThat(s3.get("git_root")).isNull();
        assertThat(cs.sql("SELECT typeof(duration) AS d, typeof(ai_cost) AS c, typeof(ai_tokens) AS t, "
                + "ai_cost = (SELECT ROUND(SUM(cost) * 1e10) / 1e10 FROM ai_usage WHERE session_id = 3) AS exact "
                + "FROM sessions WHERE id = 3").getFirst())
                .containsEntry("d", "integer").containsEntry("c", "real").containsEntry("t", "integer")
                .containsEntry("exact", 1);

        Map<String, Object> active = cs.sql("SELECT * FROM sessions WHERE status = 'active' ORDER BY id DESC LIMIT 1")
                .getFirst();
        assertThat(active.get("id")).isEqualTo(4);
        assertThat((String) active.get("start_time")).matches(ISO_UTC);
        assertThat(active.get("working_directory")).isEqualTo(other.toString());
        assertThat(active.get("end_time")).isNull();
        assertThat(active.get("duration")).isNull();
        assertThat(active.get("ai_cost")).isIn(0, 0.0);
        assertThat(active.get("files_changed")).isEqualTo(0);
        assertThat(cs.sql("SELECT id FROM sessions WHERE status = 'active' AND (working_directory = '"
                + other.toString().replace("'", "''") + "' OR git_root = '" + other.toString().replace("'", "''")
                + "') ORDER BY id DESC LIMIT 1")).extracting(r -> r.get("id")).containsExactly(4);

        Map<String, Object> stats = cs.sql("SELECT COUNT(*) AS n, SUM(duration) AS time, SUM(files_changed) AS files, "
                + "SUM(commits) AS commits, SUM(ai_cost) AS cost, AVG(duration) AS avg FROM sessions "
                + "WHERE status = 'completed'").getFirst();
        assertThat(stats.get("n")).isEqualTo(3);
        assertThat(((Number) stats.get("files")).longValue()).isEqualTo(2);
        assertThat(((Number) stats.get("commits")).longValue()).isEqualTo(2);

        List<Map<String, Object>> rows = cs.sql("SELECT * FROM ai_usage WHERE session_id = 3 ORDER BY timestamp ASC");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("tokens", 1000).containsEntry("prompt_tokens", null)
                .containsEntry("completion_tokens", null).containsEntry("agent_name", null)
                .containsEntry("provider", "anthropic").containsEntry("model", "claude-sonnet-4");
        assertThat(rows.get(1)).as("zero prompt tokens are stored NULL, an empty agent NULL")
                .containsEntry("tokens", 500).containsEntry("prompt_tokens", null)
                .containsEntry("completion_tokens", 500).containsEntry("agent_name", null);
        for (Map<String, Object> r : rows) {
            assertThat((String) r.get("timestamp")).matches(ISO_UTC);
            assertThat(((Number) r.get("cost")).doubleValue()).isPositive();
        }
        List<Map<String, Object>> notes = cs.sql("SELECT * FROM session_notes WHERE session_id = 3 ORDER BY timestamp ASC");
        assertThat(notes).extracting(r -> r.get("message")).containsExactly("compat note");
        assertThat((String) notes.getFirst().get("timestamp")).matches(ISO_UTC);
        assertThat(cs.sql("SELECT * FROM file_changes WHERE session_id = 1 ORDER BY timestamp ASC"))
                .extracting(r -> r.get("file_path")).containsExactly("src/a.ts", "b.txt\tb2.txt");
        assertThat(cs.sql("SELECT * FROM commits WHERE session_id = 1 ORDER BY timestamp ASC"))
                .extracting(r -> r.get("hash")).containsExactly("def5678", "abc1234");

        // Rows we did not write are as 2.6.0 left them; the +Inf aggregate stays +Inf.
        assertThat(cs.sql("SELECT ai_cost FROM sessions WHERE id = 2").getFirst().get("ai_cost"))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(cs.sql("SELECT path, name, added_at FROM today_projects"))
                .containsExactly(Map.of("path", "/repo/old", "name", "old", "added_at", "2026-03-01T08:00:00.000Z"));
        assertThat(cs.sql("PRAGMA integrity_check").getFirst().values()).containsExactly("ok");
    }

    /**
     * A store at our schema version 3 (the dashboard's summaries, kept current by triggers even
     * for rows 2.6.0 writes) goes to version 4 by adding the budgets table only: the summaries
     * are not rebuilt. 2.6.0 ignores the new table.
     */
    @Test
    void version3StoreGainsBudgetsWithoutRebuildingItsSummaries() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        Files.createDirectories(cs.db().getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cs.db())) {
            createOldLayout(c);
            insertRows(c, cs.cwd().toString());
        }
        cs.json("list", "--json"); // upgrades to the current version
        cs.exec("DROP TABLE budgets", "PRAGMA user_version = 3",
                // a marker a rebuild from ai_usage would erase
                "UPDATE ai_usage_daily SET calls = 999 WHERE day = '2026-03-01' AND model = 'gpt-4o'");
        assertThat(cs.sql("SELECT name FROM sqlite_master WHERE name = 'budgets'")).isEmpty();

        cs.json("budget", "set", "--global", "--monthly", "5", "--json");
        assertThat(cs.sql("PRAGMA user_version").getFirst().values().iterator().next()).isEqualTo(Schema.VERSION);
        assertThat(cs.sql("SELECT calls FROM ai_usage_daily WHERE day = '2026-03-01' AND model = 'gpt-4o'"))
                .extracting(r -> r.get("calls")).containsExactly(999);
        assertThat(cs.sql("SELECT monthly_limit FROM budgets WHERE scope = ''")).extracting(r -> r.get("monthly_limit"))
                .containsExactly(5.0);
        // 2.6.0's queries on the result.
        assertThat(cs.sql("SELECT id FROM sessions WHERE status = 'active' ORDER BY id DESC LIMIT 1"))
                .extracting(r -> r.get("id")).containsExactly(3);
        assertThat(cs.sql("PRAGMA integrity_check").getFirst().values()).containsExactly("ok");
    }

    @Test
    void legacyDevsessionDirectoryIsMigratedOnceWithItsWal() throws Exception {
        CsDriver cs = new CsDriver(tmp).env("CODESESSION_DB_PATH", null);
        Path legacy = Files.createDirectories(cs.home().resolve(".devsession"));
        Path target = cs.home().resolve(".codesession");
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path built = scratch.resolve("sessions.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + built)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA wal_autocheckpoint = 0");
            }
            createOldLayout(c);
            insertRows(c, cs.cwd().toString());
            // Copy while the connection is open: the rows are only in the WAL, not in the main file.
            for (String name : List.of("sessions.db", "sessions.db-wal", "sessions.db-shm")) {
                Files.copy(scratch.resolve(name), legacy.resolve(name));
            }
        }
        assertThat(Files.size(legacy.resolve("sessions.db-wal"))).isPositive();
        Files.writeString(legacy.resolve("pricing.json"), "{\n  \"legacy-model\": {\n    \"input\": 1,\n    \"output\": 2\n  }\n}");
        Map<String, String> legacyBefore = checksums(legacy);

        // The first command only reads pricing: it must still migrate (pricing and database).
        Result first = cs.run("pricing", "list", "--json").assertOk();
        first.assertNoStackTrace();
        JsonNode pricing = first.json();
        assertThat(pricing.path("models").has("legacy-model")).as("legacy pricing.json copied").isTrue();
        assertThat(pricing.path("sources").path("legacy-model").asText()).isEqualTo("custom");
        assertThat(first.stdout()).doesNotContain("Migrated");
        assertThat(first.stderr()).contains("[codesession] Migrated data from " + legacy + " -> " + target);
        assertThat(target.resolve("sessions.db")).exists();

        Result second = cs.run("list", "--json").assertOk();
        assertThat(second.stderr()).as("migrates once").doesNotContain("Migrated");
        assertThat(second.json().findValuesAsText("name")).as("rows that were only in the legacy WAL")
                .containsExactly("still active", "infinite", "old completed");
        assertThat(checksums(legacy)).as("legacy directory untouched").isEqualTo(legacyBefore);
    }

    private static Map<String, String> checksums(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.collect(Collectors.toMap(p -> p.getFileName().toString(), StoreDump::fileChecksum));
        }
    }

    private static List<String> columns(CsDriver cs, String table) {
        List<String> out = new ArrayList<>();
        cs.sql("PRAGMA table_info(" + table + ")").forEach(r -> out.add((String) r.get("name")));
        return out;
    }

    private static List<String> indexes(CsDriver cs) {
        List<String> out = new ArrayList<>();
        cs.sql("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")
                .forEach(r -> out.add((String) r.get("name")));
        return out;
    }

    /** The row lines of one table in a {@link StoreDump}, minus the trailing column we added (old_path). */
    private static List<String> dataLines(String dump, String table) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : dump.split("\n")) {
            if (line.startsWith("table ")) {
                in = line.equals("table " + table);
                continue;
            }
            if (in) {
                out.add(line.replaceFirst("\\|null:null$", ""));
            }
        }
        return out;
    }

    /**
     * {@code dump} with each row cut to the width of the same table's rows in {@code reference}:
     * the columns our schema versions append (always NULL for 2.6.0's rows) are left out, and so
     * are the tables they add (the dashboard's summaries), which 2.6.0 never reads.
     */
    private static String asWide(String dump, String reference) {
        java.util.Map<String, Integer> width = new java.util.HashMap<>();
        java.util.Set<String> tables = new java.util.HashSet<>();
        String table = "";
        for (String line : reference.split("\n")) {
            if (line.startsWith("table ")) {
                table = line;
                tables.add(line);
            } else {
                width.put(table, line.split("\\|", -1).length);
            }
        }
        StringBuilder sb = new StringBuilder();
        table = "";
        for (String line : dump.split("\n")) {
            if (line.startsWith("table ")) {
                table = line;
                if (tables.contains(table)) {
                    sb.append(line).append('\n');
                }
                continue;
            }
            if (!tables.contains(table)) {
                continue;
            }
            String[] fields = line.split("\\|", -1);
            int keep = width.getOrDefault(table, fields.length);
            for (int i = keep; i < fields.length; i++) {
                assertThat(fields[i]).as("an appended column of an old row in %s", table).isEqualTo("null:null");
            }
            sb.append(String.join("|", java.util.Arrays.copyOf(fields, Math.min(keep, fields.length)))).append('\n');
        }
        return sb.toString();
    }

    /** The dump without schema lines, user_version and the given table's rows: 2.6.0's data elsewhere. */
    private static String withoutTable(String dump, String table) {
        StringBuilder sb = new StringBuilder();
        boolean skip = false;
        for (String line : dump.split("\n")) {
            if (line.startsWith("user_version") || line.startsWith("schema|")) {
                continue;
            }
            if (line.startsWith("table ")) {
                skip = line.equals("table " + table);
            }
            if (!skip) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
