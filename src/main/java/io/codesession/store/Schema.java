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
    static final int VERSION = 2;

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
