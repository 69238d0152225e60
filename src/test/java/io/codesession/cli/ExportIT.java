package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cs export}: the pretty JSON array with children, and RFC 4180 CSV that round-trips. */
class ExportIT {

    static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final String HEADER = "id,name,status,startTime,endTime,duration,filesChanged,commits,aiTokens,aiCost,"
            + "agents,notes,workingDirectory,gitRoot";

    @TempDir
    Path tmp;

    @Test
    void jsonExportShapeAndLimit() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("a.txt", "one\n");
            RevCommit initial = repo.commitAll("initial");
            cs.in(repo.dir());
            cs.json("start", "first", "--json");
            cs.json("note", "n1 \"q\"\nline2 é", "--json");
            cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "1000", "--agent", "A", "--json");
            repo.write("a.txt", "two\n");
            RevCommit change = repo.commitAll("change a");
            JsonNode ended = cs.json("end", "-n", "done", "--json");

            cs.in(plain).json("start", "second", "--json");

            Result r = cs.run("export").assertOk();
            JsonNode all = EXACT.readTree(r.stdout());
            // Byte-exact JSON.stringify(sessions, null, 2) plus one newline.
            assertThat(r.stdout()).isEqualTo(stringify(all) + "\n");
            assertThat(r.stdout()).startsWith("[\n  {\n    \"id\": 2,\n    \"name\": \"second\",\n");
            assertThat(all).hasSize(2);

            JsonNode second = all.get(0);
            assertThat(keys(second)).containsExactly("id", "name", "startTime", "workingDirectory", "filesChanged",
                    "commits", "aiCost", "aiTokens", "status", "aiUsage", "files", "commitCount", "sessionNotes");
            assertThat(second.path("workingDirectory").asText()).isEqualTo(plain.toString());
            assertThat(second.path("status").asText()).isEqualTo("active");
            assertThat(second.path("commits").isArray()).isTrue();
            assertThat(second.path("commits")).isEmpty();
            assertThat(second.path("commitCount").asInt()).isZero();
            assertThat(second.path("aiCost").asText()).isEqualTo("0");

            JsonNode first = all.get(1);
            assertThat(keys(first)).containsExactly("id", "name", "startTime", "endTime", "duration", "workingDirectory",
                    "gitRoot", "startGitHead", "filesChanged", "commits", "aiCost", "aiTokens", "notes", "status",
                    "aiUsage", "files", "commitCount", "sessionNotes");
            assertThat(first.path("id").asLong()).isEqualTo(1);
            assertThat(first.path("endTime").asText()).isEqualTo(ended.path("endTime").asText());
            assertThat(first.path("duration").asLong()).isEqualTo(ended.path("duration").asLong());
            assertThat(first.path("gitRoot").asText()).isEqualTo(repo.dir().toString());
            assertThat(first.path("startGitHead").asText()).isEqualTo(initial.getName());
            assertThat(first.path("notes").asText()).isEqualTo("done");
            assertThat(first.path("status").asText()).isEqualTo("completed");
            assertThat(first.path("aiCost").asText()).isEqualTo("0.0066");
            assertThat(first.path("aiTokens").asLong()).isEqualTo(1000);
            assertThat(first.path("filesChanged").asInt()).isEqualTo(1);
            assertThat(first.path("commitCount").asInt()).isEqualTo(1);

            JsonNode commits = first.path("commits");
            assertThat(commits).hasSize(1);
            assertThat(keys(commits.get(0))).containsExactly("id", "sessionId", "hash", "message", "timestamp");
            assertThat(commits.get(0).path("sessionId").asLong()).isEqualTo(1);
            assertThat(commits.get(0).path("hash").asText()).isEqualTo(change.getName().substring(0, 7));
            assertThat(commits.get(0).path("message").asText()).isEqualTo("change a");

            JsonNode usage = first.path("aiUsage");
            assertThat(usage).hasSize(1);
            assertThat(keys(usage.get(0))).containsExactly("id", "sessionId", "provider", "model", "tokens", "cost",
                    "agentName", "timestamp");
            assertThat(usage.get(0).path("cost").asText()).isEqualTo("0.0066");
            assertThat(usage.get(0).path("agentName").asText()).isEqualTo("A");

            JsonNode files = first.path("files");
            assertThat(files).hasSize(1);
            assertThat(keys(files.get(0))).containsExactly("id", "sessionId", "filePath", "changeType", "timestamp");
            assertThat(files.get(0).path("filePath").asText()).isEqualTo("a.txt");
            assertThat(files.get(0).path("changeType").asText()).isEqualTo("modified");

            JsonNode notes = first.path("sessionNotes");
            assertThat(notes).hasSize(1);
            assertThat(keys(notes.get(0))).containsExactly("id", "sessionId", "message", "timestamp");
            assertThat(notes.get(0).path("message").asText()).isEqualTo("n1 \"q\"\nline2 é");

            Result limited = cs.run("export", "--limit", "1").assertOk();
            JsonNode one = EXACT.readTree(limited.stdout());
            assertThat(one).hasSize(1);
            assertThat(one.get(0).path("id").asLong()).isEqualTo(2);
            assertThat(limited.stdout()).isEqualTo(stringify(one) + "\n");
        }
    }

    @Test
    void csvRoundTripsAwkwardText() throws IOException {
        CsDriver cs = new CsDriver(tmp).env("LC_ALL", "C.UTF-8");
        String dir = cs.cwd().toString();

        String name1 = "Fix \"login\", then deploy";
        String agentQ = "Agent \"Q\", Inc.";
        String agentU = "Ré 漢字 🚀";
        String notes1 = "line1\nline2, \"quoted\"\r\nline3";
        cs.json("start", name1, "--json");
        cs.json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.25", "--agent", agentQ, "--json");
        cs.json("log-ai", "-p", "x", "-m", "y", "-t", "200", "-c", "0.5", "--agent", agentU, "--json");
        cs.json("log-ai", "-p", "x", "-m", "y", "-t", "1", "-c", "0", "--agent", agentQ, "--json");
        cs.json("end", "-n", notes1, "--json");

        String name2 = "=1+1";
        cs.json("start", name2, "--json");
        cs.json("log-ai", "-p", "x", "-m", "y", "-t", "10", "-c", "0.1", "--agent", "+x", "--json");
        cs.json("log-ai", "-p", "x", "-m", "y", "-t", "20", "-c", "0.2", "--agent", "@x", "--json");
        cs.json("end", "-n", "-x", "--json");

        String name3 = "Café 漢字 🚀 emoji";
        cs.json("start", name3, "--json");

        // Text 2.6.0 (or any other writer) may have stored: line breaks in names and agents.
        String name4 = "multi\nline\r\nname";
        String name5 = "\rcarriage";
        cs.exec("INSERT INTO sessions (id, name, start_time, end_time, duration, working_directory, git_root, "
                        + "files_changed, commits, ai_cost, ai_tokens, notes, status) VALUES (4, '" + name4 + "', "
                        + "'2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 0, '/srv/x, \"quoted\"', '/srv/x', "
                        + "2, 1, 0.125, 42, '@cmd', 'completed')",
                "INSERT INTO ai_usage (session_id, provider, model, tokens, cost, agent_name, timestamp) VALUES "
                        + "(4, 'p', 'm', 1, 0, 'bot\nline', '2020-01-01T00:00:01.000Z'), "
                        + "(4, 'p', 'm', 1, 0, '', '2020-01-01T00:00:02.000Z'), "
                        + "(4, 'p', 'm', 1, 0, NULL, '2020-01-01T00:00:03.000Z'), "
                        + "(4, 'p', 'm', 1, 0, 'bot\nline', '2020-01-01T00:00:04.000Z'), "
                        + "(4, 'p', 'm', 1, 0, '-minus', '2020-01-01T00:00:05.000Z')",
                "INSERT INTO sessions (id, name, start_time, working_directory, notes, status) VALUES (5, '" + name5
                        + "', '2020-02-01T00:00:00.000Z', '/srv/y', '\tindented', 'active')");

        Result r = cs.run("export", "-f", "csv").assertOk();
        String csv = r.stdout();
        assertThat(csv).startsWith(HEADER + "\r\n").endsWith("\r\n");
        // Raw line breaks stay inside quoted fields; quotes are doubled.
        assertThat(csv).contains("\"line1\nline2, \"\"quoted\"\"\r\nline3\"");

        Map<String, Map<String, Object>> db = new LinkedHashMap<>();
        for (Map<String, Object> row : cs.sql("SELECT id, start_time, end_time, duration FROM sessions")) {
            db.put(String.valueOf(row.get("id")), row);
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("3", List.of("3", name3, "active", start(db, "3"), "", "", "0", "0", "0", "0", "", "", dir, ""));
        expected.put("2", List.of("2", "'" + name2, "completed", start(db, "2"), end(db, "2"), duration(db, "2"), "0",
                "0", "30", "0.3", "'+x; @x", "'-x", dir, ""));
        expected.put("1", List.of("1", name1, "completed", start(db, "1"), end(db, "1"), duration(db, "1"), "0", "0",
                "301", "0.75", agentQ + "; " + agentU, notes1, dir, ""));
        expected.put("5", List.of("5", "'" + name5, "active", "2020-02-01T00:00:00.000Z", "", "", "0", "0", "0", "0",
                "", "'\tindented", "/srv/y", ""));
        expected.put("4", List.of("4", name4, "completed", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z", "0",
                "2", "1", "42", "0.125", "bot\nline; -minus", "'@cmd", "/srv/x, \"quoted\"", "/srv/x"));

        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            assertThat(parser.getHeaderNames()).isEqualTo(List.of(HEADER.split(",")));
            List<CSVRecord> records = parser.getRecords();
            Map<String, List<String>> actual = new LinkedHashMap<>();
            for (CSVRecord rec : records) {
                assertThat(rec.isConsistent()).as("record %s has %s fields", rec.getRecordNumber(), rec.size()).isTrue();
                actual.put(rec.get("id"), rec.toList());
            }
            // Most recent first, every value exactly as stored (formula cells prefixed with ').
            assertThat(new ArrayList<>(actual.keySet())).containsExactly("3", "2", "1", "5", "4");
            for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                assertThat(actual.get(e.getKey())).as("CSV row of session %s", e.getKey()).isEqualTo(e.getValue());
            }
        }

        // The format name is case-insensitive.
        assertThat(cs.run("export", "-f", "CSV").assertOk().stdout()).isEqualTo(csv);
        // --limit applies to CSV too.
        String limited = cs.run("export", "-f", "csv", "-l", "2").assertOk().stdout();
        try (CSVParser parser = CSVParser.parse(limited, format)) {
            assertThat(parser.getRecords()).extracting(rec -> rec.get("id")).containsExactly("3", "2");
        }
    }

    @Test
    void unknownFormatIsAnError() {
        CsDriver cs = new CsDriver(tmp);
        Result human = cs.run("export", "-f", "xml");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stdout()).isEmpty();
        assertThat(human.stderr()).contains("xml");
        human.assertNoStackTrace();

        Result json = cs.run("export", "--format", "xml", "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode error = json.json();
        assertThat(keys(error)).containsExactly("schemaVersion", "codesessionVersion", "error");
        assertThat(error.path("error").path("code").asText()).isEqualTo("invalid_input");
        assertThat(json.stdout()).isEqualTo(json.stdout().strip() + "\n");

        Result badLimit = cs.run("export", "-l", "1e3", "--json");
        assertThat(badLimit.exitCode()).isEqualTo(1);
        assertThat(badLimit.json().path("error").path("code").asText()).isEqualTo("invalid_input");
    }

    private static String start(Map<String, Map<String, Object>> db, String id) {
        return (String) db.get(id).get("start_time");
    }

    private static String end(Map<String, Map<String, Object>> db, String id) {
        return (String) db.get(id).get("end_time");
    }

    private static String duration(Map<String, Map<String, Object>> db, String id) {
        return String.valueOf(db.get(id).get("duration"));
    }

    // ---- JSON.stringify(value, null, 2), independently of the production serializer ----------

    static String stringify(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode n, int level) {
        if (n.isObject()) {
            if (n.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(first ? "" : ",");
                first = false;
                newline(sb, level + 1);
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), level + 1);
            }
            newline(sb, level);
            sb.append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                newline(sb, level + 1);
                write(sb, n.get(i), level + 1);
            }
            newline(sb, level);
            sb.append(']');
        } else if (n.isTextual()) {
            string(sb, n.asText());
        } else if (n.isBigDecimal()) {
            sb.append(n.decimalValue().toString());
        } else {
            sb.append(n.asText()); // integers, booleans, null
        }
    }

    private static void newline(StringBuilder sb, int level) {
        sb.append('\n').append("  ".repeat(level));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
