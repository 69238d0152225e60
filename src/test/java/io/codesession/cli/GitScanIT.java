package io.codesession.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.GitFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cs start} / {@code cs end} in real repositories: what the end scan records. */
class GitScanIT {

    @TempDir
    Path tmp;

    @Test
    void endRecordsCommittedAndUncommittedChangesWithRenames() {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("a.txt", "alpha\n").write("b.txt", "bravo bravo bravo bravo\nline two\nline three\n")
                    .write("gone.txt", "to delete\n").write(".gitignore", "build/\n");
            repo.commitAll("initial");
            cs.in(repo.dir().resolve("sub-does-not-matter").getParent());

            JsonNode start = cs.json("start", "scan test", "--json");
            assertThat(start.path("gitRoot").asText()).isEqualTo(repo.dir().toString());
            assertThat(start.path("branch").asText()).isEqualTo("main");

            repo.write("a.txt", "alpha changed\n").move("b.txt", "docs/b-renamed.txt").write("c.txt", "new\n");
            repo.commitAll("first change");
            repo.delete("gone.txt");
            repo.commitAll("second change");
            repo.write("uncommitted.txt", "draft\n").write("build/out.bin", "ignored\n");

            JsonNode end = cs.json("end", "--json", "-n", "done");
            Map<String, JsonNode> files = new HashMap<>();
            end.path("files").forEach(f -> files.put(f.path("filePath").asText(), f));
            assertThat(files.keySet()).containsExactlyInAnyOrder("a.txt", "docs/b-renamed.txt", "c.txt", "gone.txt",
                    "uncommitted.txt");
            assertThat(files.get("a.txt").path("changeType").asText()).isEqualTo("modified");
            assertThat(files.get("docs/b-renamed.txt").path("changeType").asText()).isEqualTo("renamed");
            assertThat(files.get("docs/b-renamed.txt").path("oldPath").asText()).isEqualTo("b.txt");
            assertThat(files.get("c.txt").path("changeType").asText()).isEqualTo("created");
            assertThat(files.get("gone.txt").path("changeType").asText()).isEqualTo("deleted");
            assertThat(files.get("uncommitted.txt").path("changeType").asText()).isEqualTo("created");
            assertThat(end.path("filesChanged").asInt()).isEqualTo(5);
            assertThat(end.path("commits").size()).isEqualTo(2);
            assertThat(end.path("commits").get(0).path("message").asText()).isEqualTo("first change");
            assertThat(end.path("commits").get(1).path("message").asText()).isEqualTo("second change");
            assertThat(end.path("commitCount").asInt()).isEqualTo(2);
            assertThat(end.path("endNotes").asText()).isEqualTo("done");
            assertThat(cs.sql("SELECT file_path FROM file_changes WHERE file_path LIKE '%\t%'")).isEmpty();
        }
    }

    /**
     * Work that was already in the work tree when the session started is not the session's: a
     * file modified, deleted or created before {@code cs start} and left as it was is not
     * recorded, even when the session commits it; one changed further is classified against its
     * state at the start; one put back as HEAD has it counts as a change.
     */
    @Test
    void changesAlreadyInTheWorkTreeAtTheStartAreNotTheSessions() {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("dirty"))) {
            repo.write("kept.txt", "kept\n").write("edited.txt", "edited\n").write("reverted.txt", "reverted\n")
                    .write("deleted-before.txt", "deleted before\n").write("recreated.txt", "recreated\n")
                    .write("committed.txt", "committed\n").write("clean.txt", "clean\n");
            repo.commitAll("initial");
            // The state before the session: modified, deleted and untracked files.
            repo.write("kept.txt", "kept, edited before the session\n")
                    .write("edited.txt", "edited before the session\n")
                    .write("reverted.txt", "edited before the session\n")
                    .write("committed.txt", "edited before the session\n")
                    .write("untracked-before.txt", "draft from yesterday\n")
                    .write("untracked-then-deleted.txt", "scratch\n")
                    .delete("deleted-before.txt").delete("recreated.txt");
            cs.in(repo.dir());
            cs.json("start", "dirty start", "--json");
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM session_start_files").getFirst().get("n")).isEqualTo(8);

            repo.write("edited.txt", "edited during the session too\n")
                    .write("reverted.txt", "reverted\n")
                    .write("recreated.txt", "recreated\n")
                    .write("new.txt", "new in the session\n")
                    .write("clean.txt", "clean, edited in the session\n")
                    .delete("untracked-then-deleted.txt");
            repo.commit("commit yesterday's edit", "committed.txt");

            JsonNode end = cs.json("end", "--json");
            Map<String, String> files = new HashMap<>();
            end.path("files").forEach(f -> files.put(f.path("filePath").asText(), f.path("changeType").asText()));
            assertThat(files).containsOnly(
                    Map.entry("edited.txt", "modified"),
                    Map.entry("reverted.txt", "modified"),
                    Map.entry("recreated.txt", "created"),
                    Map.entry("new.txt", "created"),
                    Map.entry("clean.txt", "modified"),
                    Map.entry("untracked-then-deleted.txt", "deleted"));
            assertThat(end.path("commits").findValuesAsText("message")).containsExactly("commit yesterday's edit");

            // A session started on the now-clean tree records nothing at its start.
            repo.commitAll("everything");
            cs.json("start", "clean start", "--json");
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM session_start_files WHERE session_id = 2").getFirst().get("n"))
                    .isEqualTo(0);
            repo.write("kept.txt", "kept\n");
            assertThat(cs.json("end", "--json").path("files").findValuesAsText("filePath")).containsExactly("kept.txt");
        }
    }

    @Test
    void worksWithoutGitAndInAnEmptyRepository() {
        CsDriver cs = new CsDriver(tmp);
        JsonNode start = cs.json("start", "no git", "--json");
        assertThat(start.path("gitRoot").isNull()).isTrue();
        assertThat(start.path("directory").asText()).isEqualTo(cs.cwd().toString());
        JsonNode end = cs.json("end", "--json");
        assertThat(end.path("files").size()).isZero();

        try (GitFixture repo = GitFixture.init(tmp.resolve("empty"))) {
            cs.in(repo.dir());
            JsonNode s = cs.json("start", "empty repo", "--json");
            assertThat(s.path("gitRoot").asText()).isEqualTo(repo.dir().toString());
            repo.write("first.txt", "1\n");
            repo.commitAll("first commit");
            repo.write("second.txt", "2\n");
            JsonNode e = cs.json("end", "--json");
            assertThat(e.path("files").findValuesAsText("filePath")).containsExactlyInAnyOrder("first.txt", "second.txt");
            assertThat(e.path("commits").size()).isEqualTo(1);
        }
    }
}
