package io.codesession.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Builds real git repositories for tests with JGit (no git binary needed). */
public final class GitFixture implements AutoCloseable {

    private final Git git;
    private final Path dir;

    private GitFixture(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    public static GitFixture init(Path dir) {
        try {
            Files.createDirectories(dir);
            return new GitFixture(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public GitFixture write(String path, String content) {
        try {
            Path p = dir.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GitFixture delete(String path) {
        try {
            Files.delete(dir.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GitFixture move(String from, String to) {
        try {
            Path target = dir.resolve(to);
            Files.createDirectories(target.getParent());
            Files.move(dir.resolve(from), target);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages everything (including deletions) and commits. */
    public RevCommit commitAll(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            PersonIdent who = new PersonIdent("Test", "test@example.com");
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stages the given paths and commits them (nothing else). */
    public RevCommit commit(String message, String... paths) {
        try {
            for (String path : paths) {
                git.add().addFilepattern(path).call();
            }
            PersonIdent who = new PersonIdent("Test", "test@example.com");
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public Git git() {
        return git;
    }

    @Override
    public void close() {
        git.close();
    }
}
