package io.codesession.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives the packaged launcher ({@code target/cs}) as a process, the way agents and scripts
 * call it, with HOME and CODESESSION_DB_PATH pointing into a private temp directory so tests
 * never touch the real {@code ~/.codesession}.
 */
public final class CsDriver {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;
    private final Path home;
    private final Path db;
    private Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private List<String> wrapper = List.of();

    public CsDriver(Path root) {
        this.root = root;
        this.home = root.resolve("home");
        this.db = root.resolve("data").resolve("sessions.db");
        this.cwd = root.resolve("work");
        try {
            Files.createDirectories(home);
            Files.createDirectories(cwd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path launcher() {
        String p = System.getProperty("cs.launcher");
        Path path = p != null ? Path.of(p) : Path.of("target", "cs").toAbsolutePath();
        assertThat(path).as("the packaged launcher (run ./mvnw verify)").exists();
        return path;
    }

    public Path root() {
        return root;
    }

    public Path home() {
        return home;
    }

    public Path db() {
        return db;
    }

    public Path cwd() {
        return cwd;
    }

    public CsDriver in(Path dir) {
        this.cwd = dir;
        return this;
    }

    public CsDriver env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /**
     * Runs the launcher through {@code command} (e.g. {@code setpriv --reuid=65534 … --}); an
     * empty call restores direct launches.
     */
    public CsDriver via(String... command) {
        this.wrapper = List.of(command);
        return this;
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /**
     * A process builder for {@code cs args…} with this driver's directory and environment (for
     * long-running commands that a test starts, talks to and stops itself).
     */
    public ProcessBuilder processBuilder(String... args) {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("CODESESSION_"));
        e.put("HOME", home.toString());
        e.put("CODESESSION_DB_PATH", db.toString());
        e.put("NO_COLOR", "1");
        e.put("GIT_CONFIG_NOSYSTEM", "1");
        for (Map.Entry<String, String> x : env.entrySet()) {
            if (x.getValue() == null) {
                e.remove(x.getKey());
            } else {
                e.put(x.getKey(), x.getValue());
            }
        }
        return pb;
    }

    public Result runWithInput(String stdin, String... args) {
        ProcessBuilder pb = processBuilder(args);
        try {
            Path out = Files.createTempFile(root, "stdout", ".txt");
            Path err = Files.createTempFile(root, "stderr", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cs " + String.join(" ", args) + " did not finish in 120 s");
            }
            Result r = new Result(List.of(args), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Runs and asserts success (exit 0), returning the parsed single JSON document on stdout. */
    public JsonNode json(String... args) {
        Result r = run(args);
        assertThat(r.exitCode()).as("exit code of %s\nstdout: %s\nstderr: %s", r.args(), r.stdout(), r.stderr())
                .isZero();
        return r.json();
    }

    /** Runs a --json command expected to fail; asserts the error contract and returns the error object. */
    public JsonNode jsonError(String... args) {
        Result r = run(args);
        assertThat(r.exitCode()).as("exit code of %s (stdout %s)", r.args(), r.stdout()).isEqualTo(1);
        r.assertNoStackTrace();
        JsonNode doc = r.json();
        assertThat(doc.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.path("codesessionVersion").asText()).isNotEmpty();
        assertThat(doc.path("error").path("code").isTextual()).as("error.code in %s", r.stdout()).isTrue();
        assertThat(doc.path("error").path("message").isTextual()).isTrue();
        return doc.path("error");
    }

    /** The field names of a JSON object, in document order. */
    public static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Rows of a query against the test database, as ordered column maps. */
    public List<Map<String, Object>> sql(String query) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("SQL failed: " + query, e);
        }
    }

    /** Executes statements against the test database (fixtures). */
    public void exec(String... statements) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new AssertionError("SQL failed", e);
        }
    }

    /** What one process run produced. */
    public record Result(List<String> args, int exitCode, String stdout, String stderr) {

        public JsonNode json() {
            String text = stdout.strip();
            assertThat(text).as("stdout of %s must be one JSON document; stderr: %s", args, stderr).isNotEmpty();
            assertThat(stdout.strip().lines().count()).as("one line of JSON from %s: %s", args, stdout).isEqualTo(1);
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON from " + args + ": " + stdout, e);
            }
        }

        public Result assertNoStackTrace() {
            for (String s : List.of(stdout, stderr)) {
                assertThat(s).as("no stack trace from %s", args)
                        .doesNotContainPattern("\\n\\s+at [\\w.$]+\\(")
                        .doesNotContain("Exception in thread")
                        .doesNotContain("Caused by:");
            }
            return this;
        }

        public Result assertOk() {
            assertThat(exitCode).as("exit of %s\nstdout: %s\nstderr: %s", args, stdout, stderr).isZero();
            return this;
        }
    }
}
