package io.codesession.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.StoreDump;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI does when its files are unusable: a corrupt, read-only or locked database, odd
 * {@code CODESESSION_DB_PATH} values, a home directory where pricing.json cannot be written. Every
 * failure is a clear message naming the file, exit 1, no stack trace, and the file untouched.
 */
class StoreFailuresIT {

    /** The unprivileged account used where chmod alone does not restrict root. */
    private static final String NOBODY = "65534";

    @TempDir
    Path tmp;

    @Test
    void corruptDatabaseFileIsReportedAndLeftAlone() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Files.createDirectories(cs.db().getParent());
        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        Files.write(cs.db(), noise);
        String before = StoreDump.fileChecksum(cs.db());

        JsonNode error = cs.jsonError("status", "--json");
        assertThat(error.path("code").asText()).isEqualTo("storage_error");
        assertThat(error.path("message").asText()).contains(cs.db().toString()).containsIgnoringCase("corrupt");
        assertThat(StoreDump.fileChecksum(cs.db())).as("corrupt file bytes after status").isEqualTo(before);

        Result write = cs.run("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "100");
        assertThat(write.exitCode()).isEqualTo(1);
        write.assertNoStackTrace();
        assertThat(write.stderr()).contains(cs.db().toString()).containsIgnoringCase("corrupt");
        assertThat(write.stdout()).isBlank();
        assertThat(StoreDump.fileChecksum(cs.db())).as("corrupt file bytes after log-ai").isEqualTo(before);
        // Help never needs the store (2.6.0 could not even print it, TRK-20).
        assertThat(cs.run("status", "--help").assertOk().stdout()).contains("Usage:");

        // A valid SQLite header followed by garbage: opens, then fails on the first page read.
        byte[] headed = noise.clone();
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, headed, 0, magic.length);
        Files.write(cs.db(), headed);
        String headedBefore = StoreDump.fileChecksum(cs.db());
        JsonNode headedError = cs.jsonError("start", "on a broken store", "--json");
        assertThat(headedError.path("code").asText()).isEqualTo("storage_error");
        assertThat(headedError.path("message").asText()).contains(cs.db().toString());
        assertThat(StoreDump.fileChecksum(cs.db())).isEqualTo(headedBefore);
    }

    @Test
    void readOnlyDatabaseCanBeReadButNotWritten() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        cs.json("start", "read-only", "--json");
        cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "1000", "--json");
        Path db = cs.db();
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        Path shm = db.resolveSibling(db.getFileName() + "-shm");
        assertThat(wal).as("WAL checkpointed at exit").doesNotExist();
        String bytes = StoreDump.fileChecksum(db);
        String content = StoreDump.of(db);
        // The dump's own (root) connection must not leave companions the CLI's user could not open.
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("empty WAL after the dump").isTrue();
        Files.deleteIfExists(wal);
        Files.deleteIfExists(shm);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        if (Files.isWritable(db)) {
            // Root: chmod does not stop writes. Run the CLI as an unprivileged user instead.
            List<String> drop = unprivileged(cs);
            Assumptions.assumeTrue(drop != null, "running as root, where chmod 444 does not stop writes, and the CLI "
                    + "cannot be run as an unprivileged user here (setpriv missing or files unreadable): "
                    + "skipping the read-only database assertions");
            cs.via(drop.toArray(String[]::new));
            // The unprivileged user may create the -wal/-shm companions, but not write the database file.
            Files.setPosixFilePermissions(db.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        JsonNode status = cs.json("status", "--json");
        assertThat(status.path("name").asText()).isEqualTo("read-only");
        assertThat(status.path("aiTokens").asLong()).isEqualTo(1000);

        JsonNode error = cs.jsonError("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "5", "--json");
        assertThat(error.path("code").asText()).isEqualTo("storage_error");
        assertThat(error.path("message").asText()).contains(db.toString()).containsIgnoringCase("read-only");

        Result note = cs.run("note", "cannot be stored");
        assertThat(note.exitCode()).isEqualTo(1);
        note.assertNoStackTrace();
        assertThat(note.stderr()).contains(db.toString()).containsIgnoringCase("read-only");

        assertThat(StoreDump.fileChecksum(db)).as("database bytes").isEqualTo(bytes);
        assertThat(StoreDump.of(db)).as("database content").isEqualTo(content);
    }

    /**
     * Another process holds the write lock for longer than the bounded wait (busy timeout plus
     * retries with back-off): writers give up with a clear {@code storage_error}, readers are not
     * blocked (WAL), nothing is stored, and the next write after the lock is released works.
     */
    @Test
    void databaseLockedByAnotherProcessIsAClearErrorAndChangesNothing() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        long id = cs.json("start", "locked store", "--json").path("id").asLong();
        cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "1000", "--json");
        String before = StoreDump.of(cs.db());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (java.sql.Connection holder = java.sql.DriverManager.getConnection("jdbc:sqlite:" + cs.db());
                java.sql.Statement st = holder.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            st.executeUpdate("INSERT INTO session_notes (session_id, message, timestamp) VALUES (" + id
                    + ", 'never committed', '2026-01-01T00:00:00.000Z')");
            var logAi = pool.submit(() -> cs.run("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "5", "--json"));
            var note = pool.submit(() -> cs.run("note", "waits for the lock"));
            var end = pool.submit(() -> cs.run("end", "--json"));

            JsonNode status = cs.json("status", "--json");
            assertThat(status.path("aiTokens").asLong()).as("a reader is not blocked by the writer").isEqualTo(1000);

            for (Result r : List.of(logAi.get(), end.get())) {
                assertThat(r.exitCode()).as("%s: %s", r.args(), r.stdout()).isEqualTo(1);
                r.assertNoStackTrace();
                JsonNode error = r.json().path("error");
                assertThat(error.path("code").asText()).isEqualTo("storage_error");
                assertThat(error.path("message").asText()).contains(cs.db().toString())
                        .containsIgnoringCase("locked by another process");
            }
            Result n = note.get();
            assertThat(n.exitCode()).isEqualTo(1);
            n.assertNoStackTrace();
            assertThat(n.stdout()).isEmpty();
            assertThat(n.stderr()).containsIgnoringCase("locked by another process");
            st.execute("ROLLBACK");
        } finally {
            pool.shutdownNow();
        }
        assertThat(StoreDump.of(cs.db())).as("store after the refused writes").isEqualTo(before);
        JsonNode logged = cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "-t", "5", "--json");
        assertThat(logged.path("session").path("aiTokens").asLong()).isEqualTo(1005);
        assertThat(cs.json("status", "--json").path("status").asText()).isEqualTo("active");
    }

    @Test
    void dbPathIntoMissingDirectoriesIsCreated() {
        CsDriver cs = new CsDriver(tmp);
        Path deep = tmp.resolve("a/b/c/my.db");
        cs.env("CODESESSION_DB_PATH", deep.toString());
        JsonNode start = cs.json("start", "deep", "--json");
        assertThat(start.path("id").asLong()).isEqualTo(1);
        assertThat(deep).isRegularFile();
        assertThat(cs.db()).as("the default test path is not used").doesNotExist();
    }

    @Test
    void emptyDbPathIsAClearError() throws IOException {
        CsDriver cs = new CsDriver(tmp).env("CODESESSION_DB_PATH", "");
        JsonNode error = cs.jsonError("status", "--json");
        assertThat(error.path("code").asText()).isEqualTo("storage_error");
        assertThat(error.path("message").asText()).contains("CODESESSION_DB_PATH");

        Result human = cs.run("start", "nowhere");
        assertThat(human.exitCode()).isEqualTo(1);
        human.assertNoStackTrace();
        assertThat(human.stderr()).contains("CODESESSION_DB_PATH");
        assertThat(cs.home().resolve(".codesession")).as("no fallback store in HOME").doesNotExist();
        assertThat(cs.db().getParent()).doesNotExist();
        try (Stream<Path> files = Files.list(cs.cwd())) {
            assertThat(files).as("nothing created in the working directory").isEmpty();
        }
    }

    @Test
    void databasePathThatIsADirectoryIsAClearError() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Files.createDirectories(cs.db());
        JsonNode error = cs.jsonError("list", "--json");
        assertThat(error.path("code").asText()).isEqualTo("storage_error");
        assertThat(error.path("message").asText()).contains(cs.db().toString()).contains("directory");
    }

    @Test
    void pricingWritesWithAnUnusableHomeAreClearErrors() throws IOException {
        // HOME is a regular file: nothing can be created below it (not even by root).
        CsDriver cs = new CsDriver(tmp);
        Path fileHome = Files.writeString(tmp.resolve("home-is-a-file"), "not a directory");
        cs.env("HOME", fileHome.toString());
        JsonNode error = cs.jsonError("pricing", "set", "my-model", "1", "2", "--json");
        assertThat(error.path("code").asText()).isEqualTo("io_error");
        assertThat(error.path("message").asText()).contains(fileHome.toString()).contains("not a directory");
        assertThat(Files.readString(fileHome)).isEqualTo("not a directory");
        // Reading still works: there simply is no pricing.json.
        assertThat(cs.json("pricing", "list", "--json").path("models").has("claude-sonnet-4")).isTrue();

        // HOME does not exist: it is not created, the write fails clearly.
        Path missing = tmp.resolve("no-such-home");
        cs.env("HOME", missing.toString());
        Result human = cs.run("pricing", "set", "my-model", "1", "2");
        assertThat(human.exitCode()).isEqualTo(1);
        human.assertNoStackTrace();
        assertThat(human.stderr()).contains(missing.toString()).contains("does not exist");
        assertThat(missing).doesNotExist();

        // HOME exists but is not writable by the user.
        Path locked = Files.createDirectories(tmp.resolve("locked-home"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        cs.env("HOME", locked.toString());
        if (Files.isWritable(locked)) {
            List<String> drop = unprivileged(cs);
            Assumptions.assumeTrue(drop != null, "running as root, where chmod 555 does not stop writes, and the CLI "
                    + "cannot be run as an unprivileged user here: skipping the unwritable-HOME assertion");
            cs.via(drop.toArray(String[]::new));
        }
        JsonNode denied = cs.jsonError("pricing", "set", "my-model", "1", "2", "--json");
        assertThat(denied.path("code").asText()).isEqualTo("io_error");
        assertThat(denied.path("message").asText()).contains(locked.toString()).contains("permission denied");
        assertThat(locked.resolve(".codesession")).doesNotExist();
    }

    @Test
    void invalidPricingFileIsReportedAndNeverOverwritten() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        cs.json("start", "priced", "--json");
        Path pricing = Files.createDirectories(cs.home().resolve(".codesession")).resolve("pricing.json");
        // CLI-4: an entry without "output" made 2.6.0 store a NaN cost (crash) and die mid-listing.
        Files.writeString(pricing, "{\n  \"half-model\": {\n    \"input\": 1\n  }\n}");
        String pricingBefore = StoreDump.fileChecksum(pricing);
        String store = StoreDump.of(cs.db());

        JsonNode error = cs.jsonError("log-ai", "-p", "local", "-m", "half-model", "-t", "100", "--json");
        assertThat(error.path("code").asText()).isEqualTo("pricing_file_invalid");
        assertThat(error.path("message").asText()).contains(pricing.toString()).contains("half-model");

        Result list = cs.run("pricing", "list");
        assertThat(list.exitCode()).isEqualTo(1);
        list.assertNoStackTrace();
        assertThat(list.stdout()).as("no half-printed table").isBlank();
        assertThat(list.stderr()).contains(pricing.toString());

        assertThat(StoreDump.fileChecksum(pricing)).as("pricing.json bytes").isEqualTo(pricingBefore);
        assertThat(StoreDump.of(cs.db())).as("store").isEqualTo(store);

        // Not JSON at all (e.g. a half-written file): 2.6.0 ignored it and then overwrote it on `set`.
        Files.writeString(pricing, "{\"my-model\": {\"input\": 1, \"out");
        String truncated = StoreDump.fileChecksum(pricing);
        JsonNode set = cs.jsonError("pricing", "set", "other-model", "1", "2", "--json");
        assertThat(set.path("code").asText()).isEqualTo("pricing_file_invalid");
        assertThat(set.path("message").asText()).contains(pricing.toString());
        assertThat(StoreDump.fileChecksum(pricing)).as("truncated pricing.json bytes").isEqualTo(truncated);
    }

    @Test
    void versionAndHelpDoNotTouchTheDisk() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Result version = cs.run("--version").assertOk();
        assertThat(version.stdout().strip()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(cs.run("--help").assertOk().stdout()).contains("Usage:");
        // Help works on a command with required options, and prints no warnings.
        Result help = cs.run("log-ai", "--help").assertOk();
        assertThat(help.stdout()).contains("--provider").contains("70% prompt");
        assertThat(help.stderr()).isEmpty();
        assertThat(cs.run("pricing", "set", "-h").assertOk().stdout()).contains("<model>");
        assertThat(cs.db()).doesNotExist();
        assertThat(cs.db().getParent()).doesNotExist();
        assertThat(cs.home().resolve(".codesession")).doesNotExist();
    }

    /**
     * A command prefix running the launcher as {@code nobody} (setpriv), with the test's
     * directories opened up for that user; null when that is not possible here.
     */
    private List<String> unprivileged(CsDriver cs) throws IOException {
        List<String> prefix = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
        for (Path dir : List.of(tmp, cs.home(), cs.cwd(), cs.db().getParent())) {
            if (Files.isDirectory(dir)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try {
            Process p = new ProcessBuilder(concat(prefix, List.of(CsDriver.launcher().toString(), "--version")))
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? prefix : null;
        } catch (IOException e) {
            return null; // no setpriv
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
