package io.codesession.store;

import io.codesession.session.CommitRecord;
import io.codesession.session.FileChange;
import io.codesession.session.Note;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.usage.AiUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams sessions with their children in constant memory: one cursor over the sessions (most
 * recent first) and one per child table in the same order, merged as they go. Five queries in
 * all, however many sessions, instead of 2.6.0's three queries per session into one big string.
 */
@ApplicationScoped
public class ExportStore {

    private static final String ORDER = "start_time DESC, id DESC";

    @Inject
    Database db;

    /** Receives each session in turn. */
    @FunctionalInterface
    public interface Sink {
        void accept(SessionDetails details) throws SQLException;
    }

    /** Which children to load. */
    public enum Children { ALL, USAGE_ONLY }

    public void stream(long limit, Children children, Sink sink) {
        db.read(c -> {
            try (PreparedStatement sessions = c.prepareStatement("SELECT * FROM sessions ORDER BY " + ORDER + " LIMIT ?")) {
                sessions.setLong(1, limit);
                try (ResultSet rs = sessions.executeQuery();
                        Cursor usage = new Cursor(c, "ai_usage");
                        Cursor files = children == Children.ALL ? new Cursor(c, "file_changes") : null;
                        Cursor commits = children == Children.ALL ? new Cursor(c, "commits") : null;
                        Cursor notes = children == Children.ALL ? new Cursor(c, "session_notes") : null) {
                    boolean oldPath = Schema.columns(c, "file_changes").contains("old_path");
                    while (rs.next()) {
                        Session s = Rows.session(rs);
                        List<AiUsage> u = new ArrayList<>();
                        while (usage.at(s.id())) {
                            u.add(Rows.usage(usage.rs, usage.usageColumns));
                            usage.advance();
                        }
                        List<FileChange> f = new ArrayList<>();
                        List<CommitRecord> cm = new ArrayList<>();
                        List<Note> n = new ArrayList<>();
                        if (children == Children.ALL) {
                            while (files.at(s.id())) {
                                f.add(Rows.fileChange(files.rs, oldPath));
                                files.advance();
                            }
                            while (commits.at(s.id())) {
                                cm.add(Rows.commit(commits.rs));
                                commits.advance();
                            }
                            while (notes.at(s.id())) {
                                n.add(Rows.note(notes.rs));
                                notes.advance();
                            }
                        }
                        sink.accept(new SessionDetails(s, f, cm, u, n));
                    }
                }
            }
            return null;
        });
    }

    /** A child-table cursor ordered like the session cursor, then by timestamp. */
    private static final class Cursor implements AutoCloseable {
        final PreparedStatement ps;
        final ResultSet rs;
        final Rows.UsageColumns usageColumns;
        boolean valid;

        Cursor(Connection c, String table) throws SQLException {
            // Walks the sessions in export order and each session's rows through the
            // (session_id, timestamp) index: no sort, and reading stops where the export stops.
            ps = c.prepareStatement("SELECT x.* FROM sessions s CROSS JOIN " + table
                    + " x ON x.session_id = s.id ORDER BY s.start_time DESC, s.id DESC, x.timestamp, x.id");
            rs = ps.executeQuery();
            usageColumns = table.equals("ai_usage") ? Rows.UsageColumns.of(rs) : null;
            valid = rs.next();
        }

        boolean at(long sessionId) throws SQLException {
            return valid && rs.getLong("session_id") == sessionId;
        }

        void advance() throws SQLException {
            valid = rs.next();
        }

        @Override
        public void close() throws SQLException {
            rs.close();
            ps.close();
        }
    }
}
