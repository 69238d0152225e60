package io.codesession.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.git.WorkTreeReader.FileStatus;
import io.codesession.git.WorkTreeReader.WorkTree;
import io.codesession.testing.GitFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkTreeReaderTest {

    @TempDir
    Path tmp;

    @Test
    void groupsChangesAsGitStatusDoes() throws Exception {
        try (GitFixture repo = GitFixture.init(tmp.resolve("r"))) {
            repo.write("keep.txt", "one\ntwo\nthree\nfour\nfive\n").write("edit.txt", "a\n").write("both.txt", "b\n")
                    .write("drop.txt", "d\n").write("staged-drop.txt", "s\n");
            repo.commitAll("initial");
            repo.write("edit.txt", "a changed\n");                     // unstaged modification
            repo.write("both.txt", "b staged\n");
            repo.git().add().addFilepattern("both.txt").call();
            repo.write("both.txt", "b staged and changed again\n");   // staged + unstaged
            repo.write("added.txt", "new\n");
            repo.git().add().addFilepattern("added.txt").call();       // new file
            repo.move("keep.txt", "moved/keep.txt");
            repo.git().add().addFilepattern("moved/keep.txt").call();
            repo.git().rm().addFilepattern("keep.txt").call();          // staged rename
            repo.delete("drop.txt");                                    // unstaged deletion
            repo.git().rm().addFilepattern("staged-drop.txt").call();   // staged deletion
            repo.write("loose.txt", "x\n").write("newdir/a.txt", "1\n").write("newdir/sub/b.txt", "2\n");

            WorkTree t = WorkTreeReader.read(repo.dir().resolve("newdir").toFile());
            assertThat(t.root()).isEqualTo(repo.dir().toString());
            assertThat(t.branch()).isEqualTo("main");
            assertThat(t.staged()).containsExactly(new FileStatus("added.txt", "new file", null),
                    new FileStatus("both.txt", "modified", null),
                    new FileStatus("moved/keep.txt", "renamed", "keep.txt"),
                    new FileStatus("staged-drop.txt", "deleted", null));
            assertThat(t.unstaged()).containsExactly(new FileStatus("both.txt", "modified", null),
                    new FileStatus("drop.txt", "deleted", null), new FileStatus("edit.txt", "modified", null),
                    new FileStatus("loose.txt", "untracked", null), new FileStatus("newdir/", "untracked", null));
            assertThat(t.files()).contains("edit.txt", "both.txt", "added.txt", "moved/keep.txt", "newdir/a.txt",
                    "newdir/sub/b.txt", "loose.txt").doesNotContain("staged-drop.txt");
            assertThat(t.upstream()).isNull();
            assertThat(t.unpushedCount()).isZero();
        }
    }

    @Test
    void mergeConflictsAreReportedOnce() throws Exception {
        try (GitFixture repo = GitFixture.init(tmp.resolve("c"))) {
            repo.write("f.txt", "base\n");
            repo.commitAll("base");
            repo.git().branchCreate().setName("other").call();
            repo.write("f.txt", "main side\n");
            repo.commitAll("main change");
            repo.git().checkout().setName("other").call();
            repo.write("f.txt", "other side\n");
            repo.commitAll("other change");
            repo.git().checkout().setName("main").call();
            MergeResult r = repo.git().merge().include(repo.git().getRepository().resolve("other")).call();
            assertThat(r.getMergeStatus()).isEqualTo(MergeResult.MergeStatus.CONFLICTING);

            WorkTree t = WorkTreeReader.read(repo.dir().toFile());
            assertThat(t.unstaged()).containsExactly(new FileStatus("f.txt", "conflicted", null));
            assertThat(t.staged()).isEmpty();
        }
    }

    @Test
    void emptyRepositoryDetachedHeadAndNoRepository() throws Exception {
        try (GitFixture repo = GitFixture.init(tmp.resolve("e"))) {
            WorkTree empty = WorkTreeReader.read(repo.dir().toFile());
            assertThat(empty.branch()).isEqualTo("main");
            assertThat(empty.recentCommits()).isEmpty();
            var first = repo.write("a.txt", "1\n").commitAll("first");
            repo.write("a.txt", "2\n").commitAll("second");
            repo.git().checkout().setName(first.name()).call();
            WorkTree detached = WorkTreeReader.read(repo.dir().toFile());
            assertThat(detached.branch()).isEqualTo("HEAD");
            assertThat(detached.recentCommits()).extracting(WorkTreeReader.RecentCommit::message).containsExactly("first");
        }
        assertThat(WorkTreeReader.read(tmp.toFile())).isNull();
    }

    @Test
    void collapseUntracked() {
        assertThat(WorkTreeReader.collapseUntracked(List.of("a/b/c.txt", "a/d.txt", "e.txt", "ab.txt"), Set.of("a", "a/b")))
                .containsExactly("a/", "ab.txt", "e.txt");
    }

    @SuppressWarnings("unused")
    private static PersonIdent who() {
        return new PersonIdent("Test", "test@example.com");
    }
}
