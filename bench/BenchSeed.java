import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Random;

/**
 * Fills a codesession store (schema already created by `cs`) with N sessions and M AI-usage rows
 * spread over a year, plus file changes, commits and notes. Usage:
 * java -cp sqlite-jdbc.jar BenchSeed.java <db> <sessions> <usageRows>
 */
public class BenchSeed {
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final String[][] MODELS = {{"anthropic", "claude-sonnet-4-5", "3", "15"}, {"openai", "gpt-4.1", "2", "8"},
        {"anthropic", "claude-opus-4-6", "15", "75"}, {"google", "gemini-2.5-pro", "1.25", "10"}, {"openai", "gpt-5", "1.25", "10"},
        {"deepseek", "deepseek-v3", "0.27", "1.1"}, {"openai", "o4-mini", "1.1", "4.4"}, {"openai", "gpt-4.1-mini", "0.4", "1.6"}};

    public static void main(String[] a) throws Exception {
        String db = a[0];
        int sessions = Integer.parseInt(a[1]);
        int usage = Integer.parseInt(a[2]);
        Random rnd = new Random(7);
        long now = Instant.now().toEpochMilli();
        long year = 365L * 86_400_000L;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA synchronous = OFF");
            }
            c.setAutoCommit(false);
            long[] starts = new long[sessions];
            long[] durs = new long[sessions];
            try (PreparedStatement s = c.prepareStatement("INSERT INTO sessions (id, name, start_time, end_time, duration, "
                    + "working_directory, git_root, status, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement f = c.prepareStatement("INSERT INTO file_changes (session_id, file_path, change_type, timestamp) VALUES (?, ?, ?, ?)");
                    PreparedStatement cm = c.prepareStatement("INSERT INTO commits (session_id, hash, message, timestamp) VALUES (?, ?, ?, ?)");
                    PreparedStatement n = c.prepareStatement("INSERT INTO session_notes (session_id, message, timestamp) VALUES (?, ?, ?)")) {
                for (int i = 0; i < sessions; i++) {
                    long id = i + 1;
                    starts[i] = now - year + (long) (rnd.nextDouble() * (year - 3_600_000L));
                    durs[i] = 300 + rnd.nextInt(3 * 3600);
                    boolean active = i >= sessions - 3;
                    String project = "/home/dev/project-" + (i % 40);
                    s.setLong(1, id);
                    s.setString(2, "Task " + i + " " + (i % 7 == 0 ? "fix flaky retry" : i % 5 == 0 ? "refactor storage" : "add feature"));
                    s.setString(3, TS.format(Instant.ofEpochMilli(starts[i])));
                    s.setString(4, active ? null : TS.format(Instant.ofEpochMilli(starts[i] + durs[i] * 1000)));
                    if (active) {
                        s.setNull(5, java.sql.Types.INTEGER);
                    } else {
                        s.setLong(5, durs[i]);
                    }
                    s.setString(6, project);
                    s.setString(7, project);
                    s.setString(8, active ? "active" : "completed");
                    s.setString(9, i % 9 == 0 ? "notes for " + i : null);
                    s.addBatch();
                    for (int k = 0; k < 5; k++) {
                        f.setLong(1, id);
                        f.setString(2, "src/module" + rnd.nextInt(60) + "/file" + rnd.nextInt(20) + ".ts");
                        f.setString(3, k == 0 ? "created" : "modified");
                        f.setString(4, TS.format(Instant.ofEpochMilli(starts[i] + k * 60_000L)));
                        f.addBatch();
                    }
                    for (int k = 0; k < 2; k++) {
                        cm.setLong(1, id);
                        cm.setString(2, String.format("%07x", rnd.nextInt(0xfffffff)));
                        cm.setString(3, "commit " + k + " of session " + i);
                        cm.setString(4, TS.format(Instant.ofEpochMilli(starts[i] + (k + 1) * 600_000L)));
                        cm.addBatch();
                    }
                    n.setLong(1, id);
                    n.setString(2, "note " + i);
                    n.setString(3, TS.format(Instant.ofEpochMilli(starts[i] + 30_000L)));
                    n.addBatch();
                }
                s.executeBatch();
                f.executeBatch();
                cm.executeBatch();
                n.executeBatch();
            }
            try (PreparedStatement u = c.prepareStatement("INSERT INTO ai_usage (session_id, provider, model, tokens, "
                    + "prompt_tokens, completion_tokens, cost, timestamp, agent_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < usage; i++) {
                    int si = i % sessions;
                    String[] m = MODELS[rnd.nextInt(MODELS.length)];
                    long p = 1000 + rnd.nextInt(50_000);
                    long comp = 100 + rnd.nextInt(5_000);
                    u.setLong(1, si + 1);
                    u.setString(2, m[0]);
                    u.setString(3, m[1]);
                    u.setLong(4, p + comp);
                    u.setLong(5, p);
                    u.setLong(6, comp);
                    u.setDouble(7, Math.round((p * Double.parseDouble(m[2]) + comp * Double.parseDouble(m[3])) / 1e6 * 1e10) / 1e10);
                    u.setString(8, TS.format(Instant.ofEpochMilli(starts[si] + (long) (rnd.nextDouble() * durs[si] * 1000))));
                    u.setString(9, i % 3 == 0 ? "claude-code" : null);
                    u.addBatch();
                    if (i % 10_000 == 9_999) {
                        u.executeBatch();
                    }
                }
                u.executeBatch();
            }
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE sessions SET "
                        + "files_changed = (SELECT COUNT(DISTINCT file_path) FROM file_changes WHERE session_id = sessions.id), "
                        + "commits = (SELECT COUNT(*) FROM commits WHERE session_id = sessions.id), "
                        + "ai_cost = COALESCE((SELECT ROUND(SUM(cost) * 1e10) / 1e10 FROM ai_usage WHERE session_id = sessions.id), 0), "
                        + "ai_tokens = COALESCE((SELECT SUM(tokens) FROM ai_usage WHERE session_id = sessions.id), 0)");
            }
            c.commit();
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }
        }
    }
}
