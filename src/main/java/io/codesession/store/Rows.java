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

    static AiUsage usage(ResultSet rs) throws SQLException {
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
                optionalLong(rs, "cache_creation_tokens"),
                optionalLong(rs, "cache_creation_1h_tokens"),
                optionalLong(rs, "cache_read_tokens"),
                optionalString(rs, "source"),
                optionalString(rs, "idempotency_key"));
    }

    /** A column added in schema version 2: absent (null) on a read-only database never upgraded. */
    private static Long optionalLong(ResultSet rs, String column) throws SQLException {
        return hasColumn(rs, column) ? nullableLong(rs, column) : null;
    }

    private static String optionalString(ResultSet rs, String column) throws SQLException {
        return hasColumn(rs, column) ? rs.getString(column) : null;
    }

    private static boolean hasColumn(ResultSet rs, String column) throws SQLException {
        var md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (column.equalsIgnoreCase(md.getColumnName(i))) {
                return true;
            }
        }
        return false;
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
