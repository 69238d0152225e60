package io.codesession.store;

import io.codesession.session.Session;
import io.codesession.today.TodayProject;
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

/**
 * SQL for the {@code today} project registry ({@code today_projects}) and the session look-ups
 * of {@code cs today}.
 */
@ApplicationScoped
public class TodayStore {

    @Inject
    Database db;

    /** Every registration, in row order (callers sort: a NULL name sorts by its default). */
    public List<TodayProject> all() {
        return db.read(this::all);
    }

    public List<TodayProject> all(Connection c) throws SQLException {
        List<TodayProject> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, path, name, added_at FROM today_projects ORDER BY id")) {
            while (rs.next()) {
                out.add(project(rs));
            }
        }
        return out;
    }

    public Optional<TodayProject> findByPath(Connection c, String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, path, name, added_at FROM today_projects WHERE path = ?")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(project(rs)) : Optional.empty();
            }
        }
    }

    public long insert(Connection c, String path, String name, String addedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO today_projects (path, name, added_at) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, path);
            ps.setString(2, name);
            ps.setString(3, addedAt);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public void rename(Connection c, long id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE today_projects SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM today_projects WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * The most recent session (by start time) whose project directory (git root, else working
     * directory) is {@code path} or lies inside it. Exact, case-sensitive comparison: the
     * registry stores canonical paths, as sessions do.
     */
    public Optional<Session> latestSessionIn(String path) {
        String prefix = path.endsWith("/") ? path : path + "/";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM sessions WHERE (COALESCE(NULLIF(git_root, ''), working_directory) = ? "
                            + "OR substr(COALESCE(NULLIF(git_root, ''), working_directory), 1, ?) = ?) "
                            + "ORDER BY start_time DESC, id DESC LIMIT 1")) {
                ps.setString(1, path);
                ps.setInt(2, prefix.codePointCount(0, prefix.length())); // SQLite counts characters
                ps.setString(3, prefix);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Rows.session(rs)) : Optional.empty();
                }
            }
        });
    }

    private static TodayProject project(ResultSet rs) throws SQLException {
        return new TodayProject(rs.getLong("id"), rs.getString("path"), rs.getString("name"), rs.getString("added_at"));
    }
}
