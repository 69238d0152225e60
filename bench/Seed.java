import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Seeds a codesession store for benchmarks: N completed sessions with M AI-usage rows, F file
 * changes and a few commits and notes, spread over the last 90 days. The schema is created by
 * running `cs` once against the file first (so this program only inserts).
 *
 *   java -cp <sqlite-jdbc.jar> bench/Seed.java <db> <sessions> <usageRows> <fileRows>
 */
public class Seed {

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[][] MODELS = {
        {"anthropic", "claude-sonnet-4", "3", "15"}, {"anthropic", "claude-opus-4-6", "15", "75"},
        {"openai", "gpt-4.1", "2", "8"}, {"openai", "gpt-5", "1.25", "10"}, {"google", "gemini-2.5-pro", "1.25", "10"},
    };

    public static void main(String[] args) throws Exception {
        String db = args[0];
        int sessions = Integer.parseInt(args[1]);
        int usage = Integer.parseInt(args[2]);
        int files = Integer.parseInt(args[3]);
        Random rnd = new Random(42);
        long now = Instant.now().toEpochMilli();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
            }
            long[] start = new long[sessions];
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, name, start_time, end_time, duration, "
                    + "working_directory, git_root, files_changed, commits, ai_cost, ai_tokens, notes, status) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, 'completed')")) {
                for (int i = 0; i < sessions; i++) {
                    start[i] = now - (long) (rnd.nextDouble() * 90 * 86_400_000L);
                    long dur = 60 + rnd.nextInt(7200);
                    String dir = "/home/dev/project-" + (i % 12);
                    ps.setInt(1, i + 1);
                    ps.setString(2, "Task " + (i + 1) + (i % 7 == 0 ? ", with \"quotes\"" : ""));
                    ps.setString(3, TS.format(Instant.ofEpochMilli(start[i])));
                    ps.setString(4, TS.format(Instant.ofEpochMilli(start[i] + dur * 1000)));
                    ps.setLong(5, dur);
                    ps.setString(6, dir);
                    ps.setString(7, dir);
                    ps.setString(8, i % 5 == 0 ? "notes line 1\nline 2" : null);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ai_usage (session_id, provider, model, tokens, "
                    + "prompt_tokens, completion_tokens, cost, timestamp, agent_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < usage; i++) {
                    int s = rnd.nextInt(sessions);
                    String[] m = MODELS[rnd.nextInt(MODELS.length)];
                    int p = 500 + rnd.nextInt(20_000);
                    int o = 50 + rnd.nextInt(4_000);
                    ps.setInt(1, s + 1);
                    ps.setString(2, m[0]);
                    ps.setString(3, m[1]);
                    ps.setInt(4, p + o);
                    ps.setInt(5, p);
                    ps.setInt(6, o);
                    ps.setDouble(7, Math.round((p * Double.parseDouble(m[2]) + o * Double.parseDouble(m[3])) / 1e6 * 1e10) / 1e10);
                    ps.setString(8, TS.format(Instant.ofEpochMilli(start[s] + rnd.nextInt(3_600_000))));
                    ps.setString(9, i % 3 == 0 ? "Agent " + (i % 4) : null);
                    ps.addBatch();
                    if (i % 50_000 == 49_999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO file_changes (session_id, file_path, change_type, timestamp) VALUES (?, ?, ?, ?)")) {
                String[] types = {"created", "modified", "deleted"};
                for (int i = 0; i < files; i++) {
                    int s = rnd.nextInt(sessions);
                    ps.setInt(1, s + 1);
                    ps.setString(2, "src/module" + rnd.nextInt(40) + "/File" + rnd.nextInt(200) + ".java");
                    ps.setString(3, types[rnd.nextInt(3)]);
                    ps.setString(4, TS.format(Instant.ofEpochMilli(start[s] + rnd.nextInt(3_600_000))));
                    ps.addBatch();
                    if (i % 50_000 == 49_999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO commits (session_id, hash, message, timestamp) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < sessions; i++) {
                    if (i % 2 == 0) {
                        ps.setInt(1, i + 1);
                        ps.setString(2, String.format("%07x", rnd.nextInt(0xfffffff)));
                        ps.setString(3, "commit for task " + (i + 1));
                        ps.setString(4, TS.format(Instant.ofEpochMilli(start[i] + 60_000)));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE sessions SET "
                        + "ai_cost = COALESCE((SELECT ROUND(SUM(cost) * 1e10) / 1e10 FROM ai_usage WHERE session_id = sessions.id), 0), "
                        + "ai_tokens = COALESCE((SELECT SUM(tokens) FROM ai_usage WHERE session_id = sessions.id), 0), "
                        + "files_changed = (SELECT COUNT(DISTINCT file_path) FROM file_changes WHERE session_id = sessions.id), "
                        + "commits = (SELECT COUNT(*) FROM commits WHERE session_id = sessions.id)");
            }
            c.commit();
        }
        System.out.println("seeded " + db + ": " + sessions + " sessions, " + usage + " usage rows, " + files + " file rows");
    }
}
