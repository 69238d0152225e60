package io.codesession.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.GitFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interactive {@code cs start}: a foreground process that records files and commits live. */
class LiveStartIT {

    @TempDir
    Path tmp;

    /** The live process and the thread copying its output. */
    private record Live(Process process, Thread drain) {
        boolean waitFor(long seconds) throws InterruptedException {
            boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
            if (done) {
                drain.join(10_000);
            }
            return done;
        }

        int exitValue() {
            return process.exitValue();
        }
    }

    /** Starts {@code cs start <name>} (human mode) and waits for its start banner. */
    private static Live startLive(CsDriver cs, String name, StringBuilder output) throws IOException {
        Process p = cs.processBuilder("start", name).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 60_000;
        String line;
        while ((line = r.readLine()) != null) {
            output.append(line).append('\n');
            if (line.contains("End with:")) {
                break;
            }
            assertThat(System.currentTimeMillis()).as("start banner, got: %s", output).isLessThan(deadline);
        }
        assertThat(output.toString()).contains("Session started: " + name).contains("Tracking live");
        Thread drain = new Thread(() -> {
            try {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (output) {
                        output.append(l).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        return new Live(p, drain);
    }

    private static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        T value = probe.get();
        while (!done.test(value)) {
            assertThat(System.currentTimeMillis()).as("waiting for %s, last: %s", what, value).isLessThan(deadline);
            Thread.sleep(200);
            value = probe.get();
        }
        return value;
    }

    @Test
    void recordsFilesAndEveryNewCommitLiveAndSigtermEndsTheSession() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("README.md", "readme\n").write(".gitignore", "build/\n*.log\n").write("src/app.txt", "v1\n");
            RevCommit before = repo.commitAll("initial");
            cs.in(repo.dir());
            StringBuilder output = new StringBuilder();
            Live live = startLive(cs, "live work", output);
            try {
                // new file, edit of a tracked file, files git ignores, a name 2.6.0's substring rule dropped
                repo.write("notes.txt", "new\n");
                repo.write("src/app.txt", "v2\n");
                repo.write("build/out.bin", "ignored\n").write("debug.log", "ignored\n");
                repo.write("src/distance.txt", "not ignored\n");
                repo.write("deep/new/dir/file.txt", "nested\n");

                List<Map<String, Object>> files = await("live file rows",
                        () -> cs.sql("SELECT file_path, change_type FROM file_changes ORDER BY file_path"),
                        rows -> rows.size() >= 4);
                assertThat(files).extracting(m -> m.get("file_path") + ":" + m.get("change_type"))
                        .contains("notes.txt:created", "src/app.txt:modified", "src/distance.txt:created",
                                "deep/new/dir/file.txt:created")
                        .noneMatch(s -> s.startsWith("build/") || s.startsWith("debug.log"));

                // two commits between polls: both are recorded, the start HEAD is not
                RevCommit c1 = repo.commitAll("first live commit");
                repo.write("second.txt", "2\n");
                RevCommit c2 = repo.commitAll("second live commit");
                List<Map<String, Object>> commits = await("live commit rows",
                        () -> cs.sql("SELECT hash, message FROM commits ORDER BY id"), rows -> rows.size() >= 2);
                assertThat(commits).extracting(m -> m.get("hash"))
                        .containsExactly(c1.getName().substring(0, 7), c2.getName().substring(0, 7))
                        .doesNotContain(before.getName().substring(0, 7));
                assertThat(cs.sql("SELECT status FROM sessions")).extracting(m -> m.get("status")).containsExactly("active");
            } finally {
                live.process().toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its pipes)
            }
            assertThat(live.waitFor(60)).as("cs start exits after SIGTERM").isTrue();
            assertThat(live.exitValue()).as("output: %s", output).isZero();
            synchronized (output) {
                assertThat(output.toString()).contains("Session ended").doesNotContain("Exception");
            }
            JsonNode show = cs.json("show", "--json");
            assertThat(show.path("status").asText()).isEqualTo("completed");
            assertThat(cs.sql("SELECT commits FROM sessions").get(0).get("commits")).isEqualTo(2);
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM file_changes WHERE file_path LIKE 'build/%'").get(0).get("n")).isEqualTo(0);
        }
    }

    @Test
    void stopsByItselfWhenTheSessionIsEndedElsewhereAndWritesNothingAfter() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        StringBuilder output = new StringBuilder();
        Live live = startLive(cs, "ended elsewhere", output);
        try {
            JsonNode end = cs.json("end", "--json");
            assertThat(end.path("status").asText()).isEqualTo("completed");
            assertThat(live.waitFor(30)).as("the live process notices the end").isTrue();
            assertThat(live.exitValue()).isZero();
            synchronized (output) {
                assertThat(output.toString()).contains("was ended elsewhere");
            }
            java.nio.file.Files.writeString(cs.cwd().resolve("after.txt"), "late\n");
            Thread.sleep(500);
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM file_changes").get(0).get("n")).isEqualTo(0);
        } finally {
            live.process().destroyForcibly();
        }
    }

    @Test
    void noWatchReturnsAtOnceAndHumanConflictListsTheOptions() {
        CsDriver cs = new CsDriver(tmp);
        CsDriver.Result first = cs.run("start", "quick", "--no-watch").assertOk();
        assertThat(first.stdout()).contains("Session started: quick").contains("End with: cs end");
        CsDriver.Result conflict = cs.run("start", "again", "--no-watch");
        assertThat(conflict.exitCode()).isEqualTo(1);
        assertThat(conflict.stderr()).contains("Session \"quick\" is already active for this directory (id: 1).")
                .contains("Options:").contains("cs end").contains("cs start --resume").contains("cs start --close-stale");
        conflict.assertNoStackTrace();
    }
}
