package io.codesession.store;

import io.codesession.session.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's read queries. Usage analytics read {@code ai_usage_daily} (per-day totals
 * kept by triggers, see {@link Schema}); session analytics read {@code sessions}. Days and hours
 * are UTC calendar buckets of the stored timestamps. Sums are returned unrounded.
 */
@ApplicationScoped
public class AnalyticsStore {

    @Inject
    Database db;

    // ---- records ------------------------------------------------------------------------------

    public record Stats(long totalSessions, long totalTime, long totalFiles, long totalCommits, double totalAICost,
            double avgSessionTime, long activeSessions) {
    }

    public record Page(List<Session> sessions, long total) {
    }

    public record DayCost(String day, double cost, long sessions, long tokens) {
    }

    public record DayTokens(String day, long promptTokens, long completionTokens, long totalTokens) {
    }

    public record ModelRow(String provider, String model, long calls, long totalTokens, long promptTokens,
            long completionTokens, double totalCost) {
    }

    public record ProviderRow(String provider, long calls, long totalTokens, long promptTokens, long completionTokens,
            double totalCost, long models) {
    }

    public record RatioRow(String provider, String model, long promptTokens, long completionTokens, long calls) {
    }

    public record Hotspot(String project, String filePath, long changeCount, long sessionCount, String lastChanged,
            long creates, long modifies, long deletes, long renames) {
    }

    public record HeatCell(int dayOfWeek, int hour, long sessions, double cost) {
    }

    public record Velocity(long id, String name, String startTime, long duration, double aiCost) {
    }

    public record Project(String project, long sessions, double totalCost, long totalTime, long totalFiles,
            long totalCommits, long totalTokens, String lastActive) {
    }

    /** Sort keys of the session list → SQL. Unknown keys are rejected by the caller. */
    public enum SortKey {
        START_TIME("startTime", "start_time"),
        NAME("name", "name COLLATE NOCASE"),
        STATUS("status", "status"),
        DURATION("duration", "COALESCE(duration, -1)"),
        FILES("filesChanged", "files_changed"),
        COMMITS("commits", "commits"),
        TOKENS("aiTokens", "ai_tokens"),
        COST("aiCost", "ai_cost"),
        COST_PER_HOUR("costPerHour", "CASE WHEN duration > 0 THEN ai_cost * 3600.0 / duration ELSE -1 END");

        public final String key;
        final String sql;

        SortKey(String key, String sql) {
            this.key = key;
            this.sql = sql;
        }

        public static SortKey of(String key) {
            for (SortKey k : values()) {
                if (k.key.equals(key)) {
                    return k;
                }
            }
            return null;
        }
    }

    // ---- sessions -----------------------------------------------------------------------------

    public Stats stats() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*), COALESCE(SUM(duration), 0), COALESCE(SUM(files_changed), 0), "
                            + "COALESCE(SUM(commits), 0), COALESCE(SUM(ai_cost), 0), COALESCE(AVG(duration), 0), "
                            + "(SELECT COUNT(*) FROM sessions WHERE status = 'active') "
                            + "FROM sessions WHERE status = 'completed'")) {
                rs.next();
                return new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getLong(7));
            }
        });
    }

    /**
     * One page of sessions. {@code status} null = all; {@code search} null/empty = no filter,
     * else a case-insensitive substring of the name ({@code %} and {@code _} match literally).
     */
    public Page sessions(String status, String search, SortKey sort, boolean ascending, long limit, long offset) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<String> params = new ArrayList<>();
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        if (search != null && !search.isEmpty()) {
            where.append(" AND name LIKE ? ESCAPE '\\'");
            params.add("%" + escapeLike(search) + "%");
        }
        String dir = ascending ? " ASC" : " DESC";
        String order = " ORDER BY " + sort.sql + dir + ", id" + dir;
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sessions" + where)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Session> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions" + where + order + " LIMIT ? OFFSET ?")) {
                bind(ps, params);
                ps.setLong(params.size() + 1, limit);
                ps.setLong(params.size() + 2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Rows.session(rs));
                    }
                }
            }
            return new Page(out, total);
        });
    }

    public List<Session> topSessions(long limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM sessions WHERE ai_cost > 0 ORDER BY ai_cost DESC, id DESC LIMIT ?")) {
                ps.setLong(1, limit);
                List<Session> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Rows.session(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Number of sessions whose cost is at least {@code limit}. */
    public long sessionsCostingAtLeast(double limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sessions WHERE ai_cost >= ?")) {
                ps.setDouble(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    // ---- usage by day -------------------------------------------------------------------------

    /**
     * Days from {@code fromDay} (UTC, inclusive): usage cost and tokens of that day (by the usage
     * rows' own timestamps, not the session start) and the number of sessions started that day.
     */
    public List<DayCost> dailyCosts(String fromDay) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT day, SUM(cost), SUM(sessions), SUM(tokens) FROM ("
                            + " SELECT day, SUM(cost) AS cost, 0 AS sessions, SUM(tokens) AS tokens"
                            + "   FROM ai_usage_daily WHERE day >= ? GROUP BY day"
                            + " UNION ALL"
                            + " SELECT substr(start_time, 1, 10), 0, COUNT(*), 0 FROM sessions"
                            + "   WHERE start_time >= ? GROUP BY 1"
                            + ") GROUP BY day ORDER BY day")) {
                ps.setString(1, fromDay);
                ps.setString(2, fromDay);
                List<DayCost> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DayCost(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    public List<DayTokens> dailyTokens(String fromDay) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT day, SUM(prompt_tokens), SUM(completion_tokens), SUM(tokens) FROM ai_usage_daily "
                            + "WHERE day >= ? GROUP BY day ORDER BY day")) {
                ps.setString(1, fromDay);
                List<DayTokens> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DayTokens(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
                return out;
            }
        });
    }

    /** Usage cost from {@code fromDay} (inclusive) on. */
    public double costSince(String fromDay) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(cost), 0) FROM ai_usage_daily WHERE day >= ?")) {
                ps.setString(1, fromDay);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getDouble(1);
                }
            }
        });
    }

    // ---- models -------------------------------------------------------------------------------

    public List<ModelRow> modelBreakdown() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT provider, model, SUM(calls), SUM(tokens), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost) "
                            + "FROM ai_usage_daily GROUP BY provider, model ORDER BY SUM(cost) DESC, SUM(tokens) DESC, provider, model")) {
                List<ModelRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ModelRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getDouble(7)));
                }
                return out;
            }
        });
    }

    public List<ProviderRow> providerBreakdown() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT provider, SUM(calls), SUM(tokens), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost), "
                            + "COUNT(DISTINCT model) FROM ai_usage_daily GROUP BY provider "
                            + "ORDER BY SUM(cost) DESC, SUM(tokens) DESC, provider")) {
                List<ProviderRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ProviderRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getDouble(6), rs.getLong(7)));
                }
                return out;
            }
        });
    }

    /** Per model, over usage rows that recorded both prompt and completion counts. */
    public List<RatioRow> tokenRatios() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT provider, model, SUM(ratio_prompt), SUM(ratio_completion), SUM(ratio_calls) "
                            + "FROM ai_usage_daily GROUP BY provider, model HAVING SUM(ratio_calls) > 0 "
                            + "ORDER BY SUM(ratio_tokens) DESC, provider, model")) {
                List<RatioRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RatioRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
                return out;
            }
        });
    }

    // ---- insights -----------------------------------------------------------------------------

    /**
     * Most changed files, per project (a session's git root, else its directory) so that
     * {@code src/index.ts} of two projects are not merged.
     */
    public List<Hotspot> fileHotspots(long limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT project, file_path, change_count, session_count, last_changed, creates, modifies, deletes, renames "
                            + "FROM file_hotspots ORDER BY change_count DESC, last_changed DESC, file_path LIMIT ?")) {
                ps.setLong(1, limit);
                List<Hotspot> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Hotspot(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                                rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                    }
                }
                return out;
            }
        });
    }

    /** Sessions by UTC weekday (0 = Sunday) and hour of their start. */
    public List<HeatCell> activityHeatmap() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT CAST(strftime('%w', start_time) AS INTEGER) AS d, CAST(substr(start_time, 12, 2) AS INTEGER) AS h, "
                            + "COUNT(*), SUM(ai_cost) FROM sessions GROUP BY d, h HAVING d IS NOT NULL ORDER BY d, h")) {
                List<HeatCell> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new HeatCell(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4)));
                }
                return out;
            }
        });
    }

    public List<Velocity> costVelocity(long limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, start_time, duration, ai_cost FROM sessions "
                            + "WHERE status = 'completed' AND duration > 0 AND ai_cost > 0 "
                            + "ORDER BY start_time DESC, id DESC LIMIT ?")) {
                ps.setLong(1, limit);
                List<Velocity> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Velocity(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getDouble(5)));
                    }
                }
                return out;
            }
        });
    }

    public List<Project> projects() {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT COALESCE(NULLIF(git_root, ''), working_directory) AS project, COUNT(*), COALESCE(SUM(ai_cost), 0), "
                            + "COALESCE(SUM(duration), 0), COALESCE(SUM(files_changed), 0), COALESCE(SUM(commits), 0), "
                            + "COALESCE(SUM(ai_tokens), 0), MAX(start_time) FROM sessions GROUP BY project "
                            + "ORDER BY SUM(ai_cost) DESC, COUNT(*) DESC, project")) {
                List<Project> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Project(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getString(8)));
                }
                return out;
            }
        });
    }

    // ---- maintenance --------------------------------------------------------------------------

    /** Deletes every session and its rows (the {@code today} registry is kept); returns the sessions removed. */
    public long clearAll() {
        return db.write(c -> {
            long n;
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sessions")) {
                    rs.next();
                    n = rs.getLong(1);
                }
                // Bulk delete without the per-row summary triggers, then empty the summaries.
                for (String name : Schema.TRIGGER_NAMES) {
                    st.execute("DROP TRIGGER IF EXISTS " + name);
                }
                st.execute("DELETE FROM session_notes");
                st.execute("DELETE FROM ai_usage");
                st.execute("DELETE FROM file_changes");
                st.execute("DELETE FROM commits");
                st.execute("DELETE FROM sessions");
                st.execute("DELETE FROM session_start_files");
                st.execute("DELETE FROM ai_usage_daily");
                st.execute("DELETE FROM file_hotspots");
                for (String ddl : Schema.triggers()) {
                    st.execute(ddl);
                }
            }
            return n;
        });
    }

    static String escapeLike(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (char ch : s.toCharArray()) {
            if (ch == '%' || ch == '_' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    private static void bind(PreparedStatement ps, List<String> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setString(i + 1, params.get(i));
        }
    }
}
