package io.codesession.store;

import io.codesession.session.Session;
import io.codesession.usage.Budget;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for {@code budgets} (schema version 4) and the spend sums budgets are checked against.
 * The global budget is stored under the scope {@code ''}; callers see it as a null scope.
 */
@ApplicationScoped
public class BudgetStore {

    static final String GLOBAL_KEY = "";

    /** Every budget, the global one first, then by scope. Empty when the table does not exist (read-only old store). */
    public List<Budget> all(Connection c) throws SQLException {
        List<Budget> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM budgets ORDER BY scope")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) {
                return List.of();
            }
            throw e;
        }
        return out;
    }

    public Optional<Budget> find(Connection c, String scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM budgets WHERE scope = ?")) {
            ps.setString(1, key(scope));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts or replaces the row of {@code b.scope()}. */
    public void put(Connection c, Budget b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO budgets (scope, session_limit, daily_limit, monthly_limit, updated_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (scope) DO UPDATE SET session_limit = excluded.session_limit, "
                        + "daily_limit = excluded.daily_limit, monthly_limit = excluded.monthly_limit, "
                        + "updated_at = excluded.updated_at")) {
            ps.setString(1, key(b.scope()));
            setLimit(ps, 2, b.session());
            setLimit(ps, 3, b.daily());
            setLimit(ps, 4, b.monthly());
            ps.setString(5, b.updatedAt());
            ps.executeUpdate();
        }
    }

    /** Deletes one scope's row; true when there was one. */
    public boolean delete(Connection c, String scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM budgets WHERE scope = ?")) {
            ps.setString(1, key(scope));
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes every budget; returns how many there were. */
    public int deleteAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM budgets")) {
            return ps.executeUpdate();
        }
    }

    // ---- spend ---------------------------------------------------------------------------------

    /**
     * Usage cost with a timestamp in [{@code from}, {@code until}) (UTC day strings
     * {@code yyyy-MM-dd}): of every session when {@code scope} is null (from the per-day
     * summary), else of the sessions whose working directory or git root is {@code scope}.
     */
    public double costBetween(Connection c, String scope, String from, String until) throws SQLException {
        String sql = scope == null
                ? "SELECT COALESCE(SUM(cost), 0) FROM ai_usage_daily WHERE day >= ? AND day < ?"
                : "SELECT COALESCE(SUM(u.cost), 0) FROM sessions s JOIN ai_usage u ON u.session_id = s.id "
                        + "AND u.timestamp >= ? AND u.timestamp < ? WHERE s.working_directory = ? OR s.git_root = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, from);
            ps.setString(2, until);
            if (scope != null) {
                ps.setString(3, scope);
                ps.setString(4, scope);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    /** The active session with the highest cost: of every scope when {@code scope} is null. */
    public Optional<Session> costliestActive(Connection c, String scope) throws SQLException {
        String sql = "SELECT * FROM sessions WHERE status = 'active'"
                + (scope == null ? "" : " AND (working_directory = ? OR git_root = ?)")
                + " ORDER BY ai_cost DESC, id DESC LIMIT 1";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (scope != null) {
                ps.setString(1, scope);
                ps.setString(2, scope);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.session(rs)) : Optional.empty();
            }
        }
    }

    private static Budget row(ResultSet rs) throws SQLException {
        String scope = rs.getString("scope");
        return new Budget(scope == null || scope.isEmpty() ? null : scope, limit(rs, "session_limit"),
                limit(rs, "daily_limit"), limit(rs, "monthly_limit"), rs.getString("updated_at"));
    }

    private static Double limit(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static void setLimit(PreparedStatement ps, int index, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, v);
        }
    }

    private static String key(String scope) {
        return scope == null ? GLOBAL_KEY : scope;
    }
}
