package io.codesession.store;

import io.codesession.session.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the {@code sessions} table. Callers compose these inside {@link Database} transactions. */
@ApplicationScoped
public class SessionStore {

    /** Longest duration we store: one year, in seconds. */
    public static final long MAX_DURATION_SECONDS = 31_536_000L;

    @Inject
    Database db;

    public Optional<Session> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions WHERE id = ?")) {
            ps.setLong(1, id);
            return one(ps);
        }
    }

    public Optional<Session> find(long id) {
        return db.read(c -> find(c, id));
    }

    /** The session with the greatest start time (any status). */
    public Optional<Session> latest() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM sessions ORDER BY start_time DESC, id DESC LIMIT 1")) {
                return one(ps);
            }
        });
    }

    /** Active sessions whose working directory or git root is {@code scope}, newest id first. */
    public List<Session> activeForScope(Connection c, String scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM sessions WHERE status = 'active' AND (working_directory = ? OR git_root = ?) ORDER BY id DESC")) {
            ps.setString(1, scope);
            ps.setString(2, scope);
            return many(ps);
        }
    }

    public List<Session> active(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions WHERE status = 'active' ORDER BY id DESC")) {
            return many(ps);
        }
    }

    /** Most recent first; a negative limit means all. */
    public List<Session> list(long limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM sessions ORDER BY start_time DESC, id DESC LIMIT ?")) {
                ps.setLong(1, limit);
                return many(ps);
            }
        });
    }

    public long insert(Connection c, String name, String startTime, String workingDirectory, String gitRoot,
            String startGitHead) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sessions (name, start_time, working_directory, git_root, start_git_head, status) "
                        + "VALUES (?, ?, ?, ?, ?, 'active')",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, startTime);
            ps.setString(3, workingDirectory);
            ps.setString(4, gitRoot);
            ps.setString(5, startGitHead);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The session imported for an agent session ({@code sessions.import_key}). */
    public Optional<Session> findByImportKey(Connection c, String importKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions WHERE import_key = ?")) {
            ps.setString(1, importKey);
            return one(ps);
        }
    }

    /** Inserts a completed session standing for an agent session read from its logs. */
    public long insertImported(Connection c, String name, String startTime, String endTime, long durationSeconds,
            String workingDirectory, String gitRoot, String notes, String importKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sessions (name, start_time, end_time, duration, working_directory, git_root, notes, "
                        + "status, import_key) VALUES (?, ?, ?, ?, ?, ?, ?, 'completed', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, startTime);
            ps.setString(3, endTime);
            ps.setLong(4, clampDuration(durationSeconds));
            ps.setString(5, workingDirectory);
            ps.setString(6, gitRoot);
            ps.setString(7, notes);
            ps.setString(8, importKey);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Sets an imported session's time range (after a later import saw more of it). */
    public void setRange(Connection c, long id, String startTime, String endTime, long durationSeconds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET start_time = ?, end_time = ?, duration = ? WHERE id = ?")) {
            ps.setString(1, startTime);
            ps.setString(2, endTime);
            ps.setLong(3, clampDuration(durationSeconds));
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Ends the session: clamped duration, status completed, notes replaced (null clears). */
    public void end(Connection c, long id, String endTime, long durationSeconds, String notes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET end_time = ?, duration = ?, status = 'completed', notes = ? WHERE id = ?")) {
            ps.setString(1, endTime);
            ps.setLong(2, clampDuration(durationSeconds));
            ps.setString(3, notes);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Ends a stale session and appends the recovery marker to its notes (one statement). */
    public void recover(Connection c, long id, String endTime, long durationSeconds, String marker) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET end_time = ?, duration = ?, status = 'completed', "
                        + "notes = COALESCE(notes, '') || ? WHERE id = ? AND status = 'active'")) {
            ps.setString(1, endTime);
            ps.setLong(2, clampDuration(durationSeconds));
            ps.setString(3, marker);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    public List<Session> activeStartedBefore(Connection c, String cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM sessions WHERE status = 'active' AND start_time < ? ORDER BY id")) {
            ps.setString(1, cutoff);
            return many(ps);
        }
    }

    /** Totals over completed sessions: count, time, files, commits, cost, average time. */
    public record Stats(long totalSessions, long totalTime, long totalFiles, long totalCommits, double totalAICost,
            double avgSessionTime) {
    }

    public Stats stats() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*), COALESCE(SUM(duration), 0), COALESCE(SUM(files_changed), 0), "
                            + "COALESCE(SUM(commits), 0), COALESCE(SUM(ai_cost), 0), COALESCE(AVG(duration), 0) "
                            + "FROM sessions WHERE status = 'completed'")) {
                rs.next();
                return new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5),
                        rs.getDouble(6));
            }
        });
    }

    static long clampDuration(long seconds) {
        return Math.max(0, Math.min(MAX_DURATION_SECONDS, seconds));
    }

    private static Optional<Session> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Rows.session(rs)) : Optional.empty();
        }
    }

    private static List<Session> many(PreparedStatement ps) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Rows.session(rs));
            }
        }
        return out;
    }
}
