package io.codesession.store;

import io.codesession.usage.AiUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** SQL for {@code ai_usage} and the session aggregates derived from it. */
@ApplicationScoped
public class UsageStore {

    /** Session totals after an insert. */
    public record Totals(double aiCost, long aiTokens) {
    }

    public List<AiUsage> forSession(Connection c, long sessionId) throws SQLException {
        List<AiUsage> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM ai_usage WHERE session_id = ? ORDER BY timestamp, id")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                Rows.UsageColumns cols = Rows.UsageColumns.of(rs);
                while (rs.next()) {
                    out.add(Rows.usage(rs, cols));
                }
            }
        }
        return out;
    }

    /**
     * Inserts one usage row (zero prompt/completion counts and empty agent names stored as NULL,
     * as 2.6.0 does) and recomputes the session's {@code ai_cost}/{@code ai_tokens} in the same
     * transaction. Returns the new id, or -1 when a row with the same idempotency key exists
     * (nothing is inserted or recomputed).
     */
    public long insert(Connection c, AiUsage u) throws SQLException {
        long id = insertRow(c, u);
        if (id >= 0) {
            recompute(c, u.sessionId());
        }
        return id;
    }

    /**
     * Inserts one usage row without recomputing the session totals (bulk loads call
     * {@link #recompute} once at the end). Returns the new id, or -1 when the idempotency key
     * is already stored: a duplicate is a no-op, never a second count.
     */
    public long insertRow(Connection c, AiUsage u) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ai_usage (session_id, provider, model, tokens, prompt_tokens, completion_tokens, cost, "
                        + "timestamp, agent_name, cache_creation_tokens, cache_creation_1h_tokens, cache_read_tokens, "
                        + "source, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT(idempotency_key) DO NOTHING",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, u.sessionId());
            ps.setString(2, u.provider());
            ps.setString(3, u.model());
            ps.setLong(4, u.tokens());
            setPositiveOrNull(ps, 5, u.promptTokens());
            setPositiveOrNull(ps, 6, u.completionTokens());
            ps.setDouble(7, u.cost());
            ps.setString(8, u.timestamp());
            setTextOrNull(ps, 9, u.agentName());
            setPositiveOrNull(ps, 10, u.cacheCreationTokens());
            setPositiveOrNull(ps, 11, u.cacheCreation1hTokens());
            setPositiveOrNull(ps, 12, u.cacheReadTokens());
            setTextOrNull(ps, 13, u.source());
            setTextOrNull(ps, 14, u.idempotencyKey());
            if (ps.executeUpdate() == 0) {
                return -1;
            }
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Which of these idempotency keys are already stored. */
    public java.util.Set<String> existingKeys(Connection c, java.util.Collection<String> keys) throws SQLException {
        java.util.Set<String> found = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ai_usage WHERE idempotency_key = ?")) {
            for (String k : keys) {
                ps.setString(1, k);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.add(k);
                    }
                }
            }
        }
        return found;
    }

    public void recompute(Connection c, long sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET "
                        + "ai_cost = COALESCE((SELECT ROUND(SUM(cost) * 1e10) / 1e10 FROM ai_usage WHERE session_id = ?), 0), "
                        + "ai_tokens = COALESCE((SELECT SUM(tokens) FROM ai_usage WHERE session_id = ?), 0) "
                        + "WHERE id = ?")) {
            ps.setLong(1, sessionId);
            ps.setLong(2, sessionId);
            ps.setLong(3, sessionId);
            ps.executeUpdate();
        }
    }

    public Totals totals(Connection c, long sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ai_cost, ai_tokens FROM sessions WHERE id = ?")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Totals(rs.getDouble(1), rs.getLong(2)) : new Totals(0, 0);
            }
        }
    }

    private static void setTextOrNull(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null || value.isEmpty()) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void setPositiveOrNull(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null || value == 0) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }
}
