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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The SQLite store. Connections are opened on first use (so {@code --help} and {@code --version}
 * never touch the disk), in WAL mode with a busy timeout; our schema additions are applied once
 * (tracked in {@code PRAGMA user_version}); write transactions take the write lock up front
 * ({@code BEGIN IMMEDIATE}) and retry with back-off when another process holds it.
 *
 * <p>Thread safety: each {@link #read}/{@link #write} borrows a connection for the calling
 * thread (nested calls on the same thread reuse it) from a small pool, so a one-shot command
 * opens exactly one connection while the dashboard's worker threads read concurrently under WAL
 * instead of sharing one JDBC connection (which is not safe across threads).
 */
@ApplicationScoped
public class Database {

    static final int BUSY_TIMEOUT_MS = 5000;
    private static final int MAX_ATTEMPTS = 6;
    /** Idle connections kept for reuse; more may be open while busy. */
    private static final int MAX_IDLE = 8;

    private Path path;
    private boolean migrate = true;
    private boolean schemaReady;
    /** Bumped by {@link #usePath}/{@link #close}: connections of an older generation are closed on release. */
    private int generation;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<Boolean> inWrite = new ThreadLocal<>();

    public synchronized Path path() {
        if (path == null) {
            path = DataPaths.databaseFile();
        }
        return path;
    }

    /** Uses a specific file instead of the environment's (tests, demo stores); no legacy migration. */
    public synchronized void usePath(Path file) {
        close();
        this.path = file.toAbsolutePath();
        this.migrate = false;
    }

    /**
     * The calling thread's connection while inside {@link #read}/{@link #write}; otherwise a
     * pooled connection that the caller must use from this thread only (single-threaded tools).
     */
    public Connection connection() {
        Connection c = current.get();
        return c != null ? c : acquire().connection;
    }

    private record Lease(Connection connection, int generation) {
    }

    private synchronized Lease acquire() {
        Connection c = idle.pollFirst();
        if (c == null) {
            c = open();
        }
        return new Lease(c, generation);
    }

    private void release(Lease lease) {
        synchronized (this) {
            if (lease.generation == generation && idle.size() < MAX_IDLE) {
                idle.addFirst(lease.connection);
                return;
            }
        }
        closeQuietly(lease.connection);
    }

    private <T> T withConnection(SqlWork<T> work) throws SQLException {
        Connection mine = current.get();
        if (mine != null) {
            return work.run(mine);
        }
        Lease lease = acquire();
        current.set(lease.connection);
        try {
            return work.run(lease.connection);
        } finally {
            current.remove();
            release(lease);
        }
    }

    private Connection open() {
        Path file = path();
        if (migrate && !schemaReady && System.getProperty(DataPaths.DB_PATH_PROPERTY) == null) {
            LegacyMigration.run();
        }
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
            if (!schemaReady) {
                Schema.ensure(c);
                schemaReady = true;
            }
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
        for (int attempt = 1; ; attempt++) {
            try {
                return withConnection(c -> {
                    if (inWrite.get() != null) {
                        return work.run(c); // nested in the caller's transaction
                    }
                    execute(c, "BEGIN IMMEDIATE");
                    inWrite.set(Boolean.TRUE);
                    try {
                        T result = work.run(c);
                        execute(c, "COMMIT");
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        rollbackQuietly(c);
                        throw e;
                    } finally {
                        inWrite.remove();
                    }
                });
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
        for (int attempt = 1; ; attempt++) {
            try {
                return withConnection(work);
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

    /** Closes the idle connections; connections in use are closed when released. */
    @PreDestroy
    public synchronized void close() {
        generation++;
        schemaReady = false;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** Copies a file next to its target atomically (used by the legacy migration). */
    static void copy(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
