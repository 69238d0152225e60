package io.codesession.store;

import io.codesession.session.CommitRecord;
import io.codesession.session.FileChange;
import io.codesession.session.Note;
import io.codesession.session.Session;
import io.codesession.usage.AiUsage;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Row mappers, by column name. */
final class Rows {

    private Rows() {
    }

    static Session session(ResultSet rs) throws SQLException {
        return new Session(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("start_time"),
                rs.getString("end_time"),
                nullableLong(rs, "duration"),
                rs.getString("working_directory"),
                rs.getString("git_root"),
                rs.getString("start_git_head"),
                rs.getLong("files_changed"),
                rs.getLong("commits"),
                rs.getDouble("ai_cost"),
                rs.getLong("ai_tokens"),
                rs.getString("notes"),
                rs.getString("status"));
    }

    /** Maps a usage row; {@code cols} says which later-schema columns the result set has. */
    static AiUsage usage(ResultSet rs, UsageColumns cols) throws SQLException {
        return new AiUsage(
                rs.getLong("id"),
                rs.getLong("session_id"),
                rs.getString("provider"),
                rs.getString("model"),
                rs.getLong("tokens"),
                nullableLong(rs, "prompt_tokens"),
                nullableLong(rs, "completion_tokens"),
                rs.getDouble("cost"),
                rs.getString("agent_name"),
                rs.getString("timestamp"),
                cols.cache() ? nullableLong(rs, "cache_creation_tokens") : null,
                cols.cache1h() ? nullableLong(rs, "cache_creation_1h_tokens") : null,
                cols.cacheRead() ? nullableLong(rs, "cache_read_tokens") : null,
                cols.source() ? rs.getString("source") : null,
                cols.key() ? rs.getString("idempotency_key") : null);
    }

    /**
     * Which columns added in schema version 2 a usage result set has (absent on a read-only
     * database never upgraded). Looked up once per result set: metadata calls per row made a
     * million-row export four times slower.
     */
    record UsageColumns(boolean cache, boolean cache1h, boolean cacheRead, boolean source, boolean key) {

        static UsageColumns of(ResultSet rs) throws SQLException {
            var names = new java.util.HashSet<String>();
            var md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return new UsageColumns(names.contains("cache_creation_tokens"), names.contains("cache_creation_1h_tokens"),
                    names.contains("cache_read_tokens"), names.contains("source"), names.contains("idempotency_key"));
        }
    }

    static FileChange fileChange(ResultSet rs, boolean hasOldPath) throws SQLException {
        return new FileChange(
                rs.getLong("id"),
                rs.getLong("session_id"),
                rs.getString("file_path"),
                rs.getString("change_type"),
                rs.getString("timestamp"),
                hasOldPath ? rs.getString("old_path") : null);
    }

    static CommitRecord commit(ResultSet rs) throws SQLException {
        return new CommitRecord(rs.getLong("id"), rs.getLong("session_id"), rs.getString("hash"),
                rs.getString("message"), rs.getString("timestamp"));
    }

    static Note note(ResultSet rs) throws SQLException {
        return new Note(rs.getLong("id"), rs.getLong("session_id"), rs.getString("message"), rs.getString("timestamp"));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
