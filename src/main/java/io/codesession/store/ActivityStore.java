package io.codesession.store;

import io.codesession.session.CommitRecord;
import io.codesession.session.FileChange;
import io.codesession.session.Note;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SQL for a session's activity: {@code file_changes}, {@code commits}, {@code session_notes}. */
@ApplicationScoped
public class ActivityStore {

    private Boolean hasOldPath;

    public List<FileChange> files(Connection c, long sessionId) throws SQLException {
        boolean withOld = hasOldPath(c);
        List<FileChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM file_changes WHERE session_id = ? ORDER BY timestamp, id")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.fileChange(rs, withOld));
                }
            }
        }
        return out;
    }

    public List<CommitRecord> commits(Connection c, long sessionId) throws SQLException {
        List<CommitRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM commits WHERE session_id = ? ORDER BY timestamp, id")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.commit(rs));
                }
            }
        }
        return out;
    }

    public List<Note> notes(Connection c, long sessionId) throws SQLException {
        List<Note> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM session_notes WHERE session_id = ? ORDER BY timestamp, id")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.note(rs));
                }
            }
        }
        return out;
    }

    public Set<String> recordedPaths(Connection c, long sessionId) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT file_path FROM file_changes WHERE session_id = ?")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public Set<String> recordedHashes(Connection c, long sessionId) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM commits WHERE session_id = ?")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * The paths that already differed from the start HEAD when the session started (path →
     * content id, {@code ""} = absent). Empty for a store from before schema version 5 that is
     * read-only, and for sessions started by other clients.
     */
    public Map<String, String> startFiles(Connection c, long sessionId) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (Schema.columns(c, "session_start_files").isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT file_path, object_id FROM session_start_files WHERE session_id = ?")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Records what the work tree held at the start of a new session (replacing any rows of that id). */
    public void setStartFiles(Connection c, long sessionId, Map<String, String> files) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM session_start_files WHERE session_id = ?")) {
            ps.setLong(1, sessionId);
            ps.executeUpdate();
        }
        if (files.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO session_start_files (session_id, file_path, object_id) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                ps.setLong(1, sessionId);
                ps.setString(2, f.getKey());
                ps.setString(3, f.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts file rows, then recomputes {@code files_changed} (distinct paths). */
    public void addFiles(Connection c, long sessionId, List<FileChange> files) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO file_changes (session_id, file_path, change_type, timestamp, old_path) VALUES (?, ?, ?, ?, ?)")) {
            for (FileChange f : files) {
                ps.setLong(1, sessionId);
                ps.setString(2, f.filePath());
                ps.setString(3, f.changeType());
                ps.setString(4, f.timestamp());
                ps.setString(5, f.oldPath());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET files_changed = (SELECT COUNT(DISTINCT file_path) FROM file_changes WHERE session_id = ?) WHERE id = ?")) {
            ps.setLong(1, sessionId);
            ps.setLong(2, sessionId);
            ps.executeUpdate();
        }
    }

    /** Inserts commit rows, then recomputes {@code commits}. */
    public void addCommits(Connection c, long sessionId, List<CommitRecord> commits) throws SQLException {
        if (commits.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO commits (session_id, hash, message, timestamp) VALUES (?, ?, ?, ?)")) {
            for (CommitRecord r : commits) {
                ps.setLong(1, sessionId);
                ps.setString(2, r.hash());
                ps.setString(3, r.message());
                ps.setString(4, r.timestamp());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET commits = (SELECT COUNT(*) FROM commits WHERE session_id = ?) WHERE id = ?")) {
            ps.setLong(1, sessionId);
            ps.setLong(2, sessionId);
            ps.executeUpdate();
        }
    }

    public Note addNote(Connection c, long sessionId, String message, String timestamp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO session_notes (session_id, message, timestamp) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, sessionId);
            ps.setString(2, message);
            ps.setString(3, timestamp);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Note(keys.getLong(1), sessionId, message, timestamp);
            }
        }
    }

    private boolean hasOldPath(Connection c) throws SQLException {
        if (hasOldPath == null) {
            hasOldPath = Schema.columns(c, "file_changes").contains("old_path");
        }
        return hasOldPath;
    }
}
