package io.codesession.store;

import io.codesession.common.CsException;
import io.codesession.common.DataPaths;
import io.codesession.common.StartupTrace;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQLite store: one connection per process, opened on first use (so {@code --help} and
 * {@code --version} never touch the disk), WAL with a busy timeout, our schema additions applied
 * once (tracked in {@code PRAGMA user_version}), and write transactions that take the write lock
 * up front ({@code BEGIN IMMEDIATE}) and retry with back-off when another process holds it.
 */
@ApplicationScoped
public class Database {

    static final int BUSY_TIMEOUT_MS = 5000;
    private static final int MAX_ATTEMPTS = 6;

    private Path path;
    private Connection connection;

    public synchronized Path path() {
        if (path == null) {
            path = DataPaths.databaseFile();
        }
        return path;
    }

    /** Uses a specific file instead of the environment's (tests, demo stores). */
    public synchronized void usePath(Path file) {
        close();
        this.path = file.toAbsolutePath();
    }

    public synchronized Connection connection() {
        if (connection == null) {
            connection = open();
        }
        return connection;
    }

    private Connection open() {
        Path file = path();
        LegacyMigration.run();
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
        } catch (AccessDeniedException e) {
            throw new CsException(CsException.STORAGE_ERROR,
                    "Cannot create the data directory " + file.getParent() + ": permission denied");
        } catch (IOException e) {
            throw new CsException(CsException.STORAGE_ERROR,
                    "Cannot create the data directory " + file.getParent() + ": " + e.getMessage());
        }
        if (Files.isDirectory(file)) {
            throw new CsException(CsException.STORAGE_ERROR, "The database path " + file + " is a directory");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        Connection c = null;
        try {
            c = config.createConnection("jdbc:sqlite:" + file);
            try (var st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                try {
                    st.execute("PRAGMA journal_mode = WAL");
                } catch (SQLException e) {
                    if (!isReadOnly(e)) {
                        throw e;
                    }
                }
            }
            Schema.ensure(c);
            StartupTrace.mark("db-open");
            return c;
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw translate(e, "open the database");
        }
    }

    /** Runs {@code work} in a write transaction (BEGIN IMMEDIATE), retrying when the store is busy. */
    public <T> T write(SqlWork<T> work) {
        Connection c = connection();
        for (int attempt = 1; ; attempt++) {
            try {
                execute(c, "BEGIN IMMEDIATE");
                try {
                    T result = work.run(c);
                    execute(c, "COMMIT");
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                if (isBusy(e) && attempt < MAX_ATTEMPTS) {
                    backOff(attempt);
                    continue;
                }
                throw translate(e, "write to the database");
            }
        }
    }

    /** Runs read-only {@code work}; retries when the store is busy. */
    public <T> T read(SqlWork<T> work) {
        Connection c = connection();
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run(c);
            } catch (SQLException e) {
                if (isBusy(e) && attempt < MAX_ATTEMPTS) {
                    backOff(attempt);
                    continue;
                }
                throw translate(e, "read the database");
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left to roll back
        }
    }

    private static void backOff(int attempt) {
        long base = 25L << Math.min(attempt, 5);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isBusy(SQLException e) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            return code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                    || code == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT || code == SQLiteErrorCode.SQLITE_BUSY_RECOVERY
                    || code == SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE;
        }
        return false;
    }

    static boolean isReadOnly(SQLException e) {
        return e instanceof SQLiteException se && se.getResultCode().name().startsWith("SQLITE_READONLY")
                || String.valueOf(e.getMessage()).contains("readonly database");
    }

    /** Turns a driver exception into a clear, stack-free message naming the database file. */
    CsException translate(SQLException e, String action) {
        String where = " (" + path() + ")";
        String msg;
        if (e instanceof SQLiteException se) {
            String name = se.getResultCode().name();
            if (name.startsWith("SQLITE_NOTADB") || name.startsWith("SQLITE_CORRUPT")) {
                msg = "The database file is corrupt or not an SQLite database" + where
                        + ". Nothing was changed; move it aside or set " + DataPaths.DB_PATH_ENV + ".";
            } else if (name.startsWith("SQLITE_READONLY")) {
                msg = "The database is read-only" + where + "; cannot " + action + ".";
            } else if (name.startsWith("SQLITE_CANTOPEN")) {
                msg = "Cannot open the database" + where + ": check that the file and its directory are accessible.";
            } else if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
                msg = "The database is busy (locked by another process) for too long" + where + "; try again.";
            } else if (name.startsWith("SQLITE_FULL") || name.startsWith("SQLITE_IOERR")) {
                msg = "Disk or I/O error while trying to " + action + where + ".";
            } else {
                msg = "Could not " + action + where + ": " + firstLine(se.getMessage());
            }
        } else {
            msg = "Could not " + action + where + ": " + firstLine(e.getMessage());
        }
        return new CsException(CsException.STORAGE_ERROR, msg, e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @PreDestroy
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            connection = null;
        }
    }

    /** Copies a file next to its target atomically (used by the legacy migration). */
    static void copy(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
