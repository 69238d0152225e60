package io.codesession.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRulesTest {

    @TempDir
    Path root;

    @Test
    void followsGitignoreFilesFromRootToLeafWithNegationsAndInfoExclude() throws Exception {
        Files.writeString(root.resolve(".gitignore"), "build/\n*.log\n!keep.log\n/only-at-root.txt\n");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/.gitignore"), "local.tmp\n!important.log\n");
        Files.createDirectories(root.resolve(".git/info"));
        Files.writeString(root.resolve(".git/info/exclude"), "secret.env\n");
        IgnoreRules rules = new IgnoreRules(root);

        assertThat(rules.isIgnored("build", true)).isTrue();
        assertThat(rules.isIgnored("sub/build", true)).isTrue();
        assertThat(rules.isIgnored("src/distance.ts", false)).as("2.6.0 dropped names containing 'dist'").isFalse();
        assertThat(rules.isIgnored("rebuild.sh", false)).isFalse();
        assertThat(rules.isIgnored("debug.log", false)).isTrue();
        assertThat(rules.isIgnored("keep.log", false)).isFalse();
        assertThat(rules.isIgnored("sub/important.log", false)).as("deeper file wins").isFalse();
        assertThat(rules.isIgnored("sub/other.log", false)).isTrue();
        assertThat(rules.isIgnored("sub/local.tmp", false)).isTrue();
        assertThat(rules.isIgnored("local.tmp", false)).isFalse();
        assertThat(rules.isIgnored("only-at-root.txt", false)).isTrue();
        assertThat(rules.isIgnored("sub/only-at-root.txt", false)).isFalse();
        assertThat(rules.isIgnored("secret.env", false)).isTrue();
        assertThat(rules.isIgnored(".git", true)).isTrue();
        assertThat(rules.isIgnored(".github/workflows/ci.yml", false)).as("dot directories are project files").isFalse();

        Files.writeString(root.resolve("sub/.gitignore"), "");
        rules.invalidate("sub");
        assertThat(rules.isIgnored("sub/local.tmp", false)).isFalse();
    }
}
