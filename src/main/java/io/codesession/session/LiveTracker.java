package io.codesession.session;

import io.codesession.common.Timestamps;
import io.codesession.git.GitService;
import io.codesession.git.IgnoreRules;
import io.codesession.store.ActivityStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The live half of an interactive {@code cs start}: records file changes as they happen and
 * every new commit as it is made, until asked to stop or until the session is ended elsewhere.
 * Fixes 2.6.0's trackers: commits are those reachable from HEAD but not from the start HEAD (no
 * phantom first commit, none missed between polls, TRK-1/2) with their author time; nothing is
 * written once the session is no longer active (TRK-9); ignore rules are git's (TRK-7).
 */
@ApplicationScoped
public class LiveTracker {

    /** Why tracking stopped. */
    public enum Stop { REQUESTED, ENDED_ELSEWHERE }

    /** Progress callbacks (on the tracking thread). */
    public interface Listener {
        /** Watching has begun: changes from now on are recorded. */
        void ready();

        /** About once a second, with the session as stored now. */
        void status(Session current);

        void warning(String message);
    }

    static final long FILE_BATCH_MS = 300;
    static final long GIT_POLL_MS = 2_000;
    static final long STATUS_MS = 1_000;

    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    ActivityStore activity;
    @Inject
    GitService git;

    public Stop track(Session session, BooleanSupplier stopRequested, Listener listener) throws InterruptedException {
        String dir = session.gitRoot() != null && !session.gitRoot().isEmpty() ? session.gitRoot() : session.workingDirectory();
        Path root = Path.of(dir);
        FileWatcher watcher = null;
        try {
            watcher = new FileWatcher(root, new IgnoreRules(root), listener::warning);
        } catch (IOException | RuntimeException e) {
            listener.warning("file watching is unavailable (" + e.getMessage() + "); cs end will record changes from git");
        }
        try {
            listener.ready();
            return loop(session, dir, watcher, stopRequested, listener);
        } finally {
            if (watcher != null) {
                watcher.close();
            }
        }
    }

    private Stop loop(Session session, String dir, FileWatcher watcher, BooleanSupplier stopRequested, Listener listener)
            throws InterruptedException {
        Map<String, String> lastType = new HashMap<>();
        String startHead = session.startGitHead();
        String lastHead = startHead == null ? null : git.headOrNull(dir);
        long nextGit = System.currentTimeMillis() + GIT_POLL_MS;
        long nextStatus = 0;
        while (!stopRequested.getAsBoolean()) {
            List<FileWatcher.Event> events = watcher != null ? watcher.poll(FILE_BATCH_MS) : sleep(FILE_BATCH_MS);
            List<FileChange> rows = new ArrayList<>();
            String now = Timestamps.now();
            for (FileWatcher.Event e : events) {
                String prev = lastType.get(e.path());
                if (e.type().equals(prev) || (FileChange.MODIFIED.equals(e.type()) && FileChange.CREATED.equals(prev))) {
                    continue; // already known this session: one row per change of state, not per write
                }
                lastType.put(e.path(), e.type());
                rows.add(new FileChange(0, session.id(), e.path(), e.type(), now, null));
            }
            if (!rows.isEmpty() && !write(session.id(), rows, List.of())) {
                return Stop.ENDED_ELSEWHERE;
            }
            long t = System.currentTimeMillis();
            if (t >= nextGit) {
                nextGit = t + GIT_POLL_MS;
                Optional<Session> current = sessions.find(session.id());
                if (current.isEmpty() || !current.get().isActive()) {
                    return Stop.ENDED_ELSEWHERE;
                }
                if (startHead != null) {
                    String head = git.headOrNull(dir);
                    if (head != null && !head.equals(lastHead)) {
                        lastHead = head;
                        List<CommitRecord> commits = new ArrayList<>();
                        for (GitService.FoundCommit fc : git.commitsSince(dir, startHead)) {
                            commits.add(new CommitRecord(0, session.id(), fc.shortHash(), fc.subject(),
                                    Timestamps.format(fc.authorTime())));
                        }
                        if (!commits.isEmpty() && !write(session.id(), List.of(), commits)) {
                            return Stop.ENDED_ELSEWHERE;
                        }
                    }
                }
            }
            if (t >= nextStatus) {
                nextStatus = t + STATUS_MS;
                sessions.find(session.id()).ifPresent(listener::status);
            }
        }
        return Stop.REQUESTED;
    }

    /** Records rows if the session is still active (one transaction); false when it is not. */
    private boolean write(long id, List<FileChange> files, List<CommitRecord> commits) {
        return db.write(c -> {
            Optional<Session> current = sessions.find(c, id);
            if (current.isEmpty() || !current.get().isActive()) {
                return false;
            }
            if (!files.isEmpty()) {
                activity.addFiles(c, id, files);
            }
            if (!commits.isEmpty()) {
                Set<String> known = activity.recordedHashes(c, id);
                List<CommitRecord> fresh = commits.stream().filter(r -> known.add(r.hash())).toList();
                if (!fresh.isEmpty()) {
                    activity.addCommits(c, id, fresh);
                }
            }
            return true;
        });
    }

    private static List<FileWatcher.Event> sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return List.of();
    }
}
