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
