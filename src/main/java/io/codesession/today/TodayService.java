package io.codesession.today;

import io.codesession.common.Timestamps;
import io.codesession.git.WorkTreeReader;
import io.codesession.git.WorkTreeReader.WorkTree;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionService;
import io.codesession.store.TodayStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds the {@code cs today} snapshot. Projects are read in parallel (at most a few git reads
 * at once); within a project the pull-request look-up runs while git and the TODO scan do.
 * Every collector is bounded: git reads give up after {@link #GIT_TIMEOUT_SECONDS}, {@code gh}
 * after its own limit, the TODO scan by its file and item caps. A collector that fails leaves
 * its part empty and a note on the project; the snapshot itself never fails.
 */
@ApplicationScoped
public class TodayService {

    static final long GIT_TIMEOUT_SECONDS = 10;
    private static final int PARALLEL_READS = 4;

    @Inject
    TodayStore store;
    @Inject
    SessionService sessions;

    /** A project to report on; {@code registered} is false for an unregistered current directory. */
    public record Target(String path, String name, boolean registered) {
    }

    private record GitPart(boolean isGitRepo, WorkTree git, List<TodoScanner.TodoItem> todos, String note) {
    }

    private record Pending(Target target, Future<GitPart> git, Future<PullRequests.Result> prs) {
    }

    public TodaySnapshot build(List<Target> targets) {
        Instant now = Instant.now();
        List<String> missing = new ArrayList<>();
        List<TodaySnapshot.Project> projects = new ArrayList<>();
        Path gh = PullRequests.findGh();
        Semaphore reads = new Semaphore(PARALLEL_READS);
        // Not try-with-resources: close() would wait for a collector that overran its limit.
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Pending> pending = new ArrayList<>();
            for (Target t : targets) {
                Path dir = Path.of(t.path());
                if (!Files.isDirectory(dir)) {
                    missing.add(t.path());
                    continue;
                }
                Future<GitPart> git = pool.submit(() -> readGit(dir, reads, pool));
                Future<PullRequests.Result> prs = pool.submit(() -> pullRequests(gh, dir));
                pending.add(new Pending(t, git, prs));
            }
            for (Pending p : pending) {
                GitPart g = await(p.git(), GIT_TIMEOUT_SECONDS + 60,
                        new GitPart(false, null, List.of(), "git state and TODOs not read: timed out"));
                PullRequests.Result pr = await(p.prs(), PullRequests.TIMEOUT_SECONDS + 10,
                        PullRequests.Result.skipped("pull requests not checked: timed out"));
                List<String> notes = new ArrayList<>();
                if (g.note() != null) {
                    notes.add(g.note());
                }
                if (pr.note() != null) {
                    notes.add(pr.note());
                }
                SessionDetails last = store.latestSessionIn(p.target().path()).map(this::details).orElse(null);
                projects.add(new TodaySnapshot.Project(p.target().path(), p.target().name(), p.target().registered(),
                        g.isGitRepo(), g.git(), g.todos(), pr.pullRequests(), last, List.copyOf(notes)));
            }
        } finally {
            pool.shutdownNow(); // abandon collectors that overran their limits (virtual threads do not keep the JVM alive)
        }
        SessionDetails global = sessions.latest().map(this::details).orElse(null);
        return new TodaySnapshot(now, Timestamps.format(now), projects, global, missing);
    }

    private SessionDetails details(Session s) {
        return sessions.details(s.id());
    }

    private static GitPart readGit(Path dir, Semaphore reads, ExecutorService pool) throws InterruptedException {
        reads.acquire();
        try {
            WorkTree tree = null;
            String note = null;
            boolean isRepo;
            Future<WorkTree> f = pool.submit(() -> WorkTreeReader.read(dir.toFile()));
            try {
                tree = f.get(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                isRepo = tree != null;
            } catch (TimeoutException e) {
                f.cancel(true);
                isRepo = true;
                note = "git state not read: git took longer than " + GIT_TIMEOUT_SECONDS + " s";
            } catch (ExecutionException e) {
                isRepo = false;
                note = "git state not read: " + message(e.getCause());
            }
            List<TodoScanner.TodoItem> todos;
            if (tree != null) {
                todos = TodoScanner.scan(dir, filesUnder(tree, dir));
            } else if (note == null) {
                todos = TodoScanner.scan(dir, null);
            } else {
                todos = List.of();
            }
            return new GitPart(isRepo, tree, todos, note);
        } finally {
            reads.release();
        }
    }

    /** Git's paths (relative to the work tree) that lie under {@code dir}, relative to {@code dir}. */
    static List<String> filesUnder(WorkTree tree, Path dir) {
        Path root = Path.of(tree.root());
        String prefix;
        try {
            prefix = root.relativize(dir.toRealPath()).toString().replace('\\', '/');
        } catch (java.io.IOException | IllegalArgumentException e) {
            prefix = "";
        }
        if (prefix.isEmpty()) {
            return tree.files();
        }
        String p = prefix + "/";
        return tree.files().stream().filter(f -> f.startsWith(p)).map(f -> f.substring(p.length())).toList();
    }

    private static PullRequests.Result pullRequests(Path gh, Path dir) {
        if (!WorkTreeReader.hasRemote(dir.toFile())) {
            return PullRequests.Result.skipped(null); // nothing to ask GitHub about
        }
        if (gh == null) {
            return PullRequests.Result.skipped("pull requests not checked: GitHub CLI (gh) not found on PATH");
        }
        return PullRequests.list(gh, dir);
    }

    private static <T> T await(Future<T> f, long seconds, T fallback) {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return fallback;
        } catch (ExecutionException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    private static String message(Throwable t) {
        String m = t == null ? null : t.getMessage();
        return m == null || m.isBlank() ? String.valueOf(t) : m;
    }
}
