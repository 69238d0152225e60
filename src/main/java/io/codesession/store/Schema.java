package io.codesession.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The codesession-cli 2.6.0 schema (same tables, columns, types, defaults) plus our additions,
 * versioned in {@code PRAGMA user_version} (which 2.6.0 never touches) so the work runs once per
 * database, not on every call. 2.6.0 keeps reading and writing a database we upgraded: we only add
 * indexes and nullable columns.
 */
final class Schema {

    /** Bump when adding a step to {@link #upgrade}. */
    static final int VERSION = 5;

    private static final List<String> TABLES_2_6 = List.of(
            """
            CREATE TABLE IF NOT EXISTS sessions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL,
              start_time TEXT NOT NULL,
              end_time TEXT,
              duration INTEGER,
              working_directory TEXT NOT NULL,
              git_root TEXT,
              start_git_head TEXT,
              files_changed INTEGER DEFAULT 0,
              commits INTEGER DEFAULT 0,
              ai_cost REAL DEFAULT 0,
              ai_tokens INTEGER DEFAULT 0,
              notes TEXT,
              status TEXT DEFAULT 'active'
            )""",
            """
            CREATE TABLE IF NOT EXISTS file_changes (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL,
              file_path TEXT NOT NULL,
              change_type TEXT NOT NULL,
              timestamp TEXT NOT NULL,
              FOREIGN KEY (session_id) REFERENCES sessions(id)
            )""",
            """
            CREATE TABLE IF NOT EXISTS commits (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL,
              hash TEXT NOT NULL,
              message TEXT NOT NULL,
              timestamp TEXT NOT NULL,
              FOREIGN KEY (session_id) REFERENCES sessions(id)
            )""",
            """
            CREATE TABLE IF NOT EXISTS ai_usage (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL,
              provider TEXT NOT NULL,
              model TEXT NOT NULL,
              tokens INTEGER NOT NULL,
              prompt_tokens INTEGER,
              completion_tokens INTEGER,
              cost REAL NOT NULL,
              timestamp TEXT NOT NULL,
              FOREIGN KEY (session_id) REFERENCES sessions(id)
            )""");

    private static final List<String> TABLES_2_6_LATE = List.of(
            """
            CREATE TABLE IF NOT EXISTS session_notes (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              session_id INTEGER NOT NULL,
              message TEXT NOT NULL,
              timestamp TEXT NOT NULL,
              FOREIGN KEY (session_id) REFERENCES sessions(id)
            )""",
            """
            CREATE TABLE IF NOT EXISTS today_projects (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              path TEXT NOT NULL UNIQUE,
              name TEXT,
              added_at TEXT NOT NULL
            )""");

    /** 2.6.0's column migrations, in its order: table, column, declared type. */
    private static final String[][] COLUMNS_2_6 = {
        {"ai_usage", "prompt_tokens", "INTEGER"},
        {"ai_usage", "completion_tokens", "INTEGER"},
        {"ai_usage", "agent_name", "TEXT"},
        {"sessions", "git_root", "TEXT"},
        {"sessions", "start_git_head", "TEXT"},
    };

    /**
     * Our version-1 additions: indexes 2.6.0 lacks (children by session in timestamp order, which
     * also serves the streamed export without sorting), and the old path of a renamed file.
     */
    private static final List<String> V1 = List.of(
            "CREATE INDEX IF NOT EXISTS idx_file_changes_session ON file_changes(session_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_commits_session ON commits(session_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_ai_usage_session ON ai_usage(session_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_session_notes_session ON session_notes(session_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_sessions_status ON sessions(status, id)",
            "CREATE INDEX IF NOT EXISTS idx_sessions_start_time ON sessions(start_time)");

    /**
     * Version 2: exact usage capture. {@code ai_usage} gains the cache classes (5-minute writes,
     * 1-hour writes, reads; disjoint from {@code prompt_tokens}, which is the uncached input), where
     * the row came from, and an idempotency key (UNIQUE; NULL for rows without one, which SQLite
     * allows any number of times) so the same provider message is never stored twice.
     * {@code sessions.import_key} names the agent session an imported cs session stands for.
     */
    private static final String[][] COLUMNS_V2 = {
        {"ai_usage", "cache_creation_tokens", "INTEGER"},
        {"ai_usage", "cache_creation_1h_tokens", "INTEGER"},
        {"ai_usage", "cache_read_tokens", "INTEGER"},
        {"ai_usage", "source", "TEXT"},
        {"ai_usage", "idempotency_key", "TEXT"},
        {"sessions", "import_key", "TEXT"},
    };

    private static final List<String> V2 = List.of(
            "CREATE UNIQUE INDEX IF NOT EXISTS idx_ai_usage_idempotency ON ai_usage(idempotency_key)",
            "CREATE UNIQUE INDEX IF NOT EXISTS idx_sessions_import_key ON sessions(import_key)");

    /**
     * Version 4: spending budgets ({@code cs budget}). One row per scope: {@code ''} is the
     * global budget, any other value the absolute scope directory (git top level or working
     * directory, as {@code sessions} stores it). A NULL limit is "not set". 2.6.0 never reads it.
     */
    private static final List<String> V4 = List.of(
            """
            CREATE TABLE IF NOT EXISTS budgets (
              scope TEXT NOT NULL PRIMARY KEY,
              session_limit REAL,
              daily_limit REAL,
              monthly_limit REAL,
              updated_at TEXT NOT NULL
            )""");

    /**
     * Version 5: what a session's work tree already held at its start. One row per path that
     * differed from the start HEAD then (modified, deleted or untracked): its content id, or
     * {@code ''} when the path was absent. The end scan leaves such a path out while it is still as
     * it was, so a session is not credited with edits made before it began. 2.6.0 never reads it.
     */
    private static final List<String> V5 = List.of(
            """
            CREATE TABLE IF NOT EXISTS session_start_files (
              session_id INTEGER NOT NULL,
              file_path TEXT NOT NULL,
              object_id TEXT NOT NULL,
              PRIMARY KEY (session_id, file_path)
            ) WITHOUT ROWID""");

    private static final String RATIO = "(prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL)";

    /**
     * Version 3: analytics support for the dashboard. {@code ai_usage_daily} holds per-day
     * (UTC), per-provider/model totals maintained by triggers on {@code ai_usage}, so the usage
     * charts read a few thousand rows instead of scanning every usage row; the triggers live in
     * the database, so rows written by any client (2.6.0 included) are counted. Plus indexes for
     * the session list's sort orders and the file hotspots.
     */
    private static final List<String> V3 = List.of(
            """
            CREATE TABLE IF NOT EXISTS ai_usage_daily (
              day TEXT NOT NULL,
              provider TEXT NOT NULL,
              model TEXT NOT NULL,
              calls INTEGER NOT NULL DEFAULT 0,
              tokens INTEGER NOT NULL DEFAULT 0,
              prompt_tokens INTEGER NOT NULL DEFAULT 0,
              completion_tokens INTEGER NOT NULL DEFAULT 0,
              cost REAL NOT NULL DEFAULT 0,
              ratio_calls INTEGER NOT NULL DEFAULT 0,
              ratio_prompt INTEGER NOT NULL DEFAULT 0,
              ratio_completion INTEGER NOT NULL DEFAULT 0,
              ratio_tokens INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (day, provider, model)
            ) WITHOUT ROWID""",
            """
            CREATE TABLE IF NOT EXISTS file_hotspots (
              project TEXT NOT NULL,
              file_path TEXT NOT NULL,
              change_count INTEGER NOT NULL DEFAULT 0,
              session_count INTEGER NOT NULL DEFAULT 0,
              creates INTEGER NOT NULL DEFAULT 0,
              modifies INTEGER NOT NULL DEFAULT 0,
              deletes INTEGER NOT NULL DEFAULT 0,
              renames INTEGER NOT NULL DEFAULT 0,
              last_changed TEXT,
              PRIMARY KEY (project, file_path)
            ) WITHOUT ROWID""",
            "CREATE INDEX IF NOT EXISTS idx_file_hotspots_rank ON file_hotspots(change_count DESC, last_changed DESC)",
            "DELETE FROM ai_usage_daily",
            "INSERT INTO ai_usage_daily (day, provider, model, calls, tokens, prompt_tokens, completion_tokens, cost, "
                    + "ratio_calls, ratio_prompt, ratio_completion, ratio_tokens) "
                    + "SELECT substr(timestamp, 1, 10), provider, model, COUNT(*), SUM(tokens), "
                    + "SUM(COALESCE(prompt_tokens, 0)), SUM(COALESCE(completion_tokens, 0)), SUM(cost), "
                    + "SUM(" + RATIO + "), SUM(CASE WHEN " + RATIO + " THEN prompt_tokens ELSE 0 END), "
                    + "SUM(CASE WHEN " + RATIO + " THEN completion_tokens ELSE 0 END), "
                    + "SUM(CASE WHEN " + RATIO + " THEN tokens ELSE 0 END) "
                    + "FROM ai_usage GROUP BY 1, 2, 3",
            "CREATE INDEX IF NOT EXISTS idx_sessions_cost ON sessions(ai_cost)",
            "CREATE INDEX IF NOT EXISTS idx_file_changes_path ON file_changes(file_path, session_id, change_type, timestamp)",
            "DELETE FROM file_hotspots",
            "INSERT INTO file_hotspots (project, file_path, change_count, session_count, creates, modifies, deletes, renames, "
                    + "last_changed) SELECT COALESCE(NULLIF(s.git_root, ''), s.working_directory, '') AS project, g.file_path, "
                    + "SUM(g.n), COUNT(*), SUM(g.c), SUM(g.m), SUM(g.d), SUM(g.r), MAX(g.last) FROM ("
                    + "SELECT file_path, session_id, COUNT(*) AS n, MAX(timestamp) AS last, SUM(change_type = 'created') AS c, "
                    + "SUM(change_type = 'modified') AS m, SUM(change_type = 'deleted') AS d, SUM(change_type = 'renamed') AS r "
                    + "FROM file_changes GROUP BY file_path, session_id) g LEFT JOIN sessions s ON s.id = g.session_id "
                    + "GROUP BY 1, 2");

    /** The analytics triggers, (re)created by every upgrade and after a bulk clear. */
    static List<String> triggers() {
        return List.of(
                "CREATE TRIGGER ai_usage_daily_insert AFTER INSERT ON ai_usage BEGIN " + add("NEW") + " END",
                "CREATE TRIGGER ai_usage_daily_delete AFTER DELETE ON ai_usage BEGIN " + subtract("OLD") + " END",
                "CREATE TRIGGER ai_usage_daily_update AFTER UPDATE ON ai_usage BEGIN " + subtract("OLD") + " " + add("NEW")
                        + " END",
                "CREATE TRIGGER file_hotspots_insert AFTER INSERT ON file_changes BEGIN " + HOTSPOT_ADD + " END",
                "CREATE TRIGGER file_hotspots_delete AFTER DELETE ON file_changes BEGIN " + HOTSPOT_SUBTRACT + " END");
    }

    static final List<String> TRIGGER_NAMES = List.of("ai_usage_daily_insert", "ai_usage_daily_delete",
            "ai_usage_daily_update", "file_hotspots_insert", "file_hotspots_delete");

    private static final String PROJECT_OF = "COALESCE((SELECT COALESCE(NULLIF(git_root, ''), working_directory) FROM sessions "
            + "WHERE id = %s.session_id), '')";

    /** A file change counts once per (project, path); its session once per (session, path). Max time kept on delete. */
    private static final String HOTSPOT_ADD = "INSERT INTO file_hotspots (project, file_path, change_count, session_count, "
            + "creates, modifies, deletes, renames, last_changed) VALUES (" + PROJECT_OF.formatted("NEW") + ", NEW.file_path, 1, "
            + "NOT EXISTS (SELECT 1 FROM file_changes WHERE file_path = NEW.file_path AND session_id = NEW.session_id "
            + "AND id <> NEW.id), NEW.change_type = 'created', NEW.change_type = 'modified', NEW.change_type = 'deleted', "
            + "NEW.change_type = 'renamed', NEW.timestamp) ON CONFLICT (project, file_path) DO UPDATE SET "
            + "change_count = change_count + 1, session_count = session_count + excluded.session_count, "
            + "creates = creates + excluded.creates, modifies = modifies + excluded.modifies, "
            + "deletes = deletes + excluded.deletes, renames = renames + excluded.renames, "
            + "last_changed = MAX(COALESCE(last_changed, ''), excluded.last_changed);";

    private static final String HOTSPOT_SUBTRACT = "UPDATE file_hotspots SET change_count = change_count - 1, "
            + "session_count = session_count - NOT EXISTS (SELECT 1 FROM file_changes WHERE file_path = OLD.file_path "
            + "AND session_id = OLD.session_id), creates = creates - (OLD.change_type = 'created'), "
            + "modifies = modifies - (OLD.change_type = 'modified'), deletes = deletes - (OLD.change_type = 'deleted'), "
            + "renames = renames - (OLD.change_type = 'renamed') WHERE project = " + PROJECT_OF.formatted("OLD")
            + " AND file_path = OLD.file_path; DELETE FROM file_hotspots WHERE project = " + PROJECT_OF.formatted("OLD")
            + " AND file_path = OLD.file_path AND change_count <= 0;";

    private static String add(String row) {
        String ratio = "(" + row + ".prompt_tokens IS NOT NULL AND " + row + ".completion_tokens IS NOT NULL)";
        return "INSERT INTO ai_usage_daily (day, provider, model, calls, tokens, prompt_tokens, completion_tokens, cost, "
                + "ratio_calls, ratio_prompt, ratio_completion, ratio_tokens) VALUES (substr(" + row + ".timestamp, 1, 10), "
                + row + ".provider, " + row + ".model, 1, " + row + ".tokens, COALESCE(" + row + ".prompt_tokens, 0), "
                + "COALESCE(" + row + ".completion_tokens, 0), " + row + ".cost, " + ratio + ", "
                + "CASE WHEN " + ratio + " THEN " + row + ".prompt_tokens ELSE 0 END, "
                + "CASE WHEN " + ratio + " THEN " + row + ".completion_tokens ELSE 0 END, "
                + "CASE WHEN " + ratio + " THEN " + row + ".tokens ELSE 0 END) "
                + "ON CONFLICT (day, provider, model) DO UPDATE SET calls = calls + excluded.calls, "
                + "tokens = tokens + excluded.tokens, prompt_tokens = prompt_tokens + excluded.prompt_tokens, "
                + "completion_tokens = completion_tokens + excluded.completion_tokens, cost = cost + excluded.cost, "
                + "ratio_calls = ratio_calls + excluded.ratio_calls, ratio_prompt = ratio_prompt + excluded.ratio_prompt, "
                + "ratio_completion = ratio_completion + excluded.ratio_completion, "
                + "ratio_tokens = ratio_tokens + excluded.ratio_tokens;";
    }

    private static String subtract(String row) {
        String ratio = "(" + row + ".prompt_tokens IS NOT NULL AND " + row + ".completion_tokens IS NOT NULL)";
        String key = " WHERE day = substr(" + row + ".timestamp, 1, 10) AND provider = " + row + ".provider AND model = "
                + row + ".model";
        return "UPDATE ai_usage_daily SET calls = calls - 1, tokens = tokens - " + row + ".tokens, "
                + "prompt_tokens = prompt_tokens - COALESCE(" + row + ".prompt_tokens, 0), "
                + "completion_tokens = completion_tokens - COALESCE(" + row + ".completion_tokens, 0), "
                + "cost = cost - " + row + ".cost, ratio_calls = ratio_calls - " + ratio + ", "
                + "ratio_prompt = ratio_prompt - CASE WHEN " + ratio + " THEN " + row + ".prompt_tokens ELSE 0 END, "
                + "ratio_completion = ratio_completion - CASE WHEN " + ratio + " THEN " + row + ".completion_tokens ELSE 0 END, "
                + "ratio_tokens = ratio_tokens - CASE WHEN " + ratio + " THEN " + row + ".tokens ELSE 0 END" + key + "; "
                + "DELETE FROM ai_usage_daily" + key + " AND calls <= 0;";
    }

    private Schema() {
    }

    static void ensure(Connection c) throws SQLException {
        if (userVersion(c) >= VERSION) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                if (userVersion(c) < VERSION) {
                    upgrade(c, st);
                }
                st.execute("COMMIT");
            } catch (SQLException e) {
                try {
                    st.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // nothing to roll back
                }
                throw e;
            }
        } catch (SQLException e) {
            // A read-only database can still be read with the schema it has.
            if (!Database.isReadOnly(e)) {
                throw e;
            }
        }
    }

    private static void upgrade(Connection c, Statement st) throws SQLException {
        int from = userVersion(c);
        for (String ddl : TABLES_2_6) {
            st.execute(ddl);
        }
        for (String[] col : COLUMNS_2_6) {
            addColumnIfMissing(c, st, col[0], col[1], col[2]);
        }
        for (String ddl : TABLES_2_6_LATE) {
            st.execute(ddl);
        }
        addColumnIfMissing(c, st, "file_changes", "old_path", "TEXT");
        for (String ddl : V1) {
            st.execute(ddl);
        }
        for (String[] col : COLUMNS_V2) {
            addColumnIfMissing(c, st, col[0], col[1], col[2]);
        }
        for (String ddl : V2) {
            st.execute(ddl);
        }
        if (from < 3) {
            // Rebuilds the daily summary: only when coming from before version 3 (the triggers
            // have kept it current since, whoever wrote the rows).
            for (String name : TRIGGER_NAMES) {
                st.execute("DROP TRIGGER IF EXISTS " + name);
            }
            for (String ddl : V3) {
                st.execute(ddl);
            }
            for (String ddl : triggers()) {
                st.execute(ddl);
            }
        }
        for (String ddl : V4) {
            st.execute(ddl);
        }
        for (String ddl : V5) {
            st.execute(ddl);
        }
        st.execute("PRAGMA user_version = " + VERSION);
    }

    private static void addColumnIfMissing(Connection c, Statement st, String table, String column, String type)
            throws SQLException {
        if (!columns(c, table).contains(column)) {
            st.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
        }
    }

    static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
