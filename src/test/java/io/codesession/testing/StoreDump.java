package io.codesession.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * A logical dump of an SQLite store: user_version, the schema (sqlite_master) and every row of
 * every table in rowid order, each value tagged with its SQLite storage class. Two dumps are equal
 * exactly when the store's content is; unlike a byte checksum it does not depend on whether the
 * WAL was checkpointed.
 */
public final class StoreDump {

    private StoreDump() {
    }

    /** The dump as text (stable, human-readable when an assertion shows a difference). */
    public static String of(Path db) {
        if (!Files.exists(db)) {
            return "<no database file>";
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        StringBuilder sb = new StringBuilder();
        try (Connection c = config.createConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                rs.next();
                sb.append("user_version=").append(rs.getInt(1)).append('\n');
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
                while (rs.next()) {
                    sb.append("schema|").append(rs.getString(1)).append('|').append(rs.getString(2)).append('|')
                            .append(rs.getString(3)).append('|').append(oneLine(rs.getString(4))).append('\n');
                    if ("table".equals(rs.getString(1))) {
                        tables.add(rs.getString(2));
                    }
                }
            }
            for (String table : tables) {
                sb.append("table ").append(table).append('\n');
                String cols = columnsWithTypes(st, table);
                // Rows in a stable order: WITHOUT ROWID tables have no rowid, so sort the rendered rows.
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT " + cols + " FROM \"" + table + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i += 2) {
                            row.append(i == 1 ? "" : "|").append(rs.getString(i + 1)).append(':')
                                    .append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(java.util.Comparator.naturalOrder());
                rows.forEach(r -> sb.append(r).append('\n'));
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot dump " + db, e);
        }
        return sb.toString();
    }

    /** SHA-256 of {@link #of(Path)}. */
    public static String checksum(Path db) {
        return sha256(of(db).getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of a file's bytes, or {@code <absent>}. */
    public static String fileChecksum(Path file) {
        try {
            return Files.exists(file) ? sha256(Files.readAllBytes(file)) : "<absent>";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String columnsWithTypes(Statement st, String table) throws SQLException {
        List<String> parts = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
            while (rs.next()) {
                String q = "\"" + rs.getString("name") + "\"";
                // REALs as their exact text (printf %!.17g keeps every bit; Inf stays Inf).
                parts.add("CASE typeof(" + q + ") WHEN 'real' THEN printf('%!.17g', " + q + ") ELSE " + q + " END");
                parts.add("typeof(" + q + ")");
            }
        }
        return String.join(", ", parts);
    }

    private static String oneLine(String sql) {
        return sql == null ? null : sql.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
