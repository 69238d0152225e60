package io.codesession.session;

import io.codesession.common.CsException;
import io.codesession.common.StartupTrace;
import io.codesession.common.Timestamps;
import io.codesession.git.GitService;
import io.codesession.git.GitService.RepoState;
import io.codesession.git.GitService.ScanResult;
import io.codesession.store.ActivityStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Session life cycle: scope, start/resume, resolution, end with git scan, notes, recovery. */
@ApplicationScoped
public class SessionService {

    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    ActivityStore activity;
    @Inject
    UsageStore usage;
    @Inject
    GitService git;

    /** The directory a command works in (overridable for tests and MCP). */
    public Path cwd() {
        return Path.of("").toAbsolutePath();
    }

    /** Scope = git top-level of {@code dir} or {@code dir} itself, plus what git says about it. */
    public record Scope(String directory, RepoState repo) {
    }

    public Scope scope(Path dir) {
        RepoState state = git.inspect(dir);
        StartupTrace.mark("git-scope");
        return new Scope(state.isRepository() ? state.root() : dir.toString(), state);
    }

    // ---- start -------------------------------------------------------------------------------

    public enum CloseMode { NONE, SCOPE, ALL }

    public record Closed(long id, String name) {
    }

    public record StartResult(Session session, boolean resumed, Scope scope, List<Closed> closed) {
    }

    public StartResult start(String name, boolean resume, CloseMode close) {
        return start(cwd(), name, resume, close);
    }

    /** Starts (or resumes) a session for the scope of {@code directory}. */
    public StartResult start(Path directory, String name, boolean resume, CloseMode close) {
        Scope scope = scope(directory);
        String dir = scope.directory();
        // Scan sessions we are about to close before taking the write lock (git can be slow).
        Map<Long, ScanResult> scans = new LinkedHashMap<>();
        if (close != CloseMode.NONE) {
            for (Session s : db.read(c -> close == CloseMode.ALL ? sessions.active(c) : sessions.activeForScope(c, dir))) {
                if (resume && isInScope(s, dir)) {
                    continue;
                }
                scans.put(s.id(), scanOf(s));
            }
        }
        String startHead = GitService.startHeadOf(scope.repo());
        // What the work tree already holds is not this session's work. Only walked when a session
        // will be inserted: not to resume one, nor when an active one here makes start fail.
        boolean inserts = !(resume || close == CloseMode.NONE) || db.read(c -> sessions.activeForScope(c, dir)).isEmpty();
        Map<String, String> startFiles = startHead == null || !inserts ? Map.of()
                : git.startFiles(scope.repo().root(), startHead);
        return db.write(c -> {
            List<Session> here = sessions.activeForScope(c, dir);
            if (resume && !here.isEmpty()) {
                return new StartResult(here.getFirst(), true, scope, List.of());
            }
            List<Closed> closed = new ArrayList<>();
            if (close != CloseMode.NONE) {
                List<Session> toClose = close == CloseMode.ALL ? sessions.active(c) : here;
                String now = Timestamps.now();
                for (Session s : toClose) {
                    ScanResult scan = scans.getOrDefault(s.id(), ScanResult.EMPTY);
                    recordScan(c, s.id(), scan, now);
                    sessions.end(c, s.id(), now, secondsBetween(s.startTime(), now),
                            "Auto-closed by new session \"" + name + "\"");
                    closed.add(new Closed(s.id(), s.name()));
                }
                here = List.of();
            }
            if (!here.isEmpty()) {
                Session active = here.getFirst();
                throw new CsException(CsException.SESSION_ACTIVE,
                        "Session \"" + active.name() + "\" is already active for this directory")
                        .with("activeSession", active.name())
                        .with("id", active.id())
                        .with("hint", "Use --resume to reattach or --close-stale to auto-close");
            }
            long id = sessions.insert(c, name, Timestamps.now(), dir, scope.repo().root(), startHead);
            activity.setStartFiles(c, id, startFiles);
            return new StartResult(sessions.find(c, id).orElseThrow(), false, scope, closed);
        });
    }

    private static boolean isInScope(Session s, String dir) {
        return dir.equals(s.workingDirectory()) || dir.equals(s.gitRoot());
    }

    // ---- resolution --------------------------------------------------------------------------

    /**
     * The session a command acts on. With an explicit id: that session, which must exist (and be
     * active when {@code requireActive}). Without: the newest active session of this scope; else
     * the only active session anywhere; several elsewhere and none here is ambiguous, so it is an
     * error rather than a guess (2.6.0 silently took the newest one, see weaknesses TRK-16).
     */
    public Session resolve(Long explicitId, boolean requireActive, String noneMessage) {
        return resolve(cwd(), explicitId, requireActive, noneMessage, false);
    }

    /** {@link #resolve(Long, boolean, String)} for the scope of {@code directory} instead of the cwd. */
    public Session resolve(Path directory, Long explicitId, boolean requireActive, String noneMessage) {
        return resolve(directory, explicitId, requireActive, noneMessage, false);
    }

    /**
     * {@link #resolve(Long, boolean, String)}; with {@code scopeOnly} and no explicit id only
     * this directory's scope is looked at (never the single active session of another
     * directory): what hooks need, which must not end or touch another project's session.
     */
    public Session resolve(Long explicitId, boolean requireActive, String noneMessage, boolean scopeOnly) {
        return resolve(cwd(), explicitId, requireActive, noneMessage, scopeOnly);
    }

    private Session resolve(Path directory, Long explicitId, boolean requireActive, String noneMessage, boolean scopeOnly) {
        if (explicitId != null) {
            Optional<Session> s = sessions.find(explicitId);
            if (s.isEmpty() || (requireActive && !s.get().isActive())) {
                String msg = s.isEmpty() ? "Session " + explicitId + " not found"
                        : "No active session with id " + explicitId + " (it is " + s.get().status() + ")";
                throw new CsException(CsException.SESSION_NOT_FOUND, msg).with("id", explicitId);
            }
            return s.get();
        }
        String dir = scope(directory).directory();
        return db.read(c -> {
            List<Session> here = sessions.activeForScope(c, dir);
            if (!here.isEmpty()) {
                return here.getFirst();
            }
            if (scopeOnly) {
                throw new CsException(CsException.NO_ACTIVE_SESSION, noneMessage + " for " + dir);
            }
            List<Session> all = sessions.active(c);
            if (all.size() == 1) {
                return all.getFirst();
            }
            CsException e = new CsException(CsException.NO_ACTIVE_SESSION, all.isEmpty() ? noneMessage
                    : noneMessage + " for " + dir + "; " + all.size()
                            + " sessions are active in other directories, pass --session <id>");
            if (!all.isEmpty()) {
                e.with("activeSessions", all.stream().map(Session::id).toList());
            }
            throw e;
        });
    }

    // ---- end ---------------------------------------------------------------------------------

    public SessionDetails end(Long explicitId, String notes) {
        return end(explicitId, notes, false);
    }

    /** Ends a session; {@code scopeOnly}: see {@link #resolve(Long, boolean, String, boolean)}. */
    public SessionDetails end(Long explicitId, String notes, boolean scopeOnly) {
        Session s = resolve(explicitId, true, "No active session to end", scopeOnly);
        ScanResult scan = scanOf(s);
        return db.write(c -> {
            Session current = sessions.find(c, s.id()).orElseThrow();
            if (!current.isActive()) {
                throw new CsException(CsException.SESSION_NOT_FOUND, "Session " + s.id() + " was ended meanwhile")
                        .with("id", s.id());
            }
            String now = Timestamps.now();
            recordScan(c, s.id(), scan, now);
            sessions.end(c, s.id(), now, secondsBetween(current.startTime(), now), notes);
            return details(c, s.id());
        });
    }

    private void recordScan(Connection c, long id, ScanResult scan, String now) throws SQLException {
        Set<String> known = activity.recordedPaths(c, id);
        List<FileChange> files = new ArrayList<>();
        for (GitService.ChangedFile f : scan.files()) {
            if (known.add(f.path())) {
                files.add(new FileChange(0, id, f.path(), f.changeType(), now, f.oldPath()));
            }
        }
        activity.addFiles(c, id, files);
        Set<String> hashes = activity.recordedHashes(c, id);
        List<CommitRecord> commits = new ArrayList<>();
        for (GitService.FoundCommit fc : scan.commits()) {
            if (hashes.add(fc.shortHash())) {
                commits.add(new CommitRecord(0, id, fc.shortHash(), fc.subject(), Timestamps.format(fc.authorTime())));
            }
        }
        activity.addCommits(c, id, commits);
    }

    /** The end scan of a session: against its start HEAD and what the work tree held at the start. */
    private ScanResult scanOf(Session s) {
        if (s.startGitHead() == null || s.startGitHead().isBlank()) {
            return ScanResult.EMPTY;
        }
        return git.scan(scanDir(s), s.startGitHead(), startFiles(s.id()));
    }

    /** What the session's work tree already held when it started ({@link GitService#startFiles}). */
    public Map<String, String> startFiles(long sessionId) {
        return db.read(c -> activity.startFiles(c, sessionId));
    }

    private static String scanDir(Session s) {
        return s.gitRoot() != null && !s.gitRoot().isEmpty() ? s.gitRoot() : s.workingDirectory();
    }

    static long secondsBetween(String start, String end) {
        Instant a = Timestamps.parse(start);
        Instant b = Timestamps.parse(end);
        if (a == null || b == null) {
            return 0;
        }
        return Math.floorDiv(Duration.between(a, b).toMillis(), 1000);
    }

    // ---- reads -------------------------------------------------------------------------------

    public SessionDetails details(long id) {
        return db.read(c -> details(c, id));
    }

    SessionDetails details(Connection c, long id) throws SQLException {
        Session s = sessions.find(c, id).orElseThrow(
                () -> new CsException(CsException.SESSION_NOT_FOUND, "Session " + id + " not found").with("id", id));
        return new SessionDetails(s, activity.files(c, id), activity.commits(c, id), usage.forSession(c, id),
                activity.notes(c, id));
    }

    public Optional<Session> latest() {
        return sessions.latest();
    }

    /** Every active session, newest first. */
    public List<Session> active() {
        return db.read(sessions::active);
    }

    public List<Session> list(long limit) {
        return sessions.list(limit);
    }

    public SessionStore.Stats stats() {
        return sessions.stats();
    }

    // ---- notes -------------------------------------------------------------------------------

    public Note addNote(Long explicitId, String message) {
        Session s = resolve(explicitId, true, "No active session");
        return db.write(c -> {
            Session current = sessions.find(c, s.id()).orElseThrow();
            if (!current.isActive()) {
                throw new CsException(CsException.SESSION_NOT_FOUND, "No active session with id " + s.id())
                        .with("id", s.id());
            }
            return activity.addNote(c, s.id(), message, Timestamps.now());
        });
    }

    // ---- recovery ----------------------------------------------------------------------------

    public static final String RECOVERED_MARKER = " [auto-recovered: stale session]";

    /** Ends active sessions started more than {@code maxAgeHours} ago, in one transaction. */
    public List<Session> recover(double maxAgeHours) {
        return db.write(c -> {
            Instant now = Instant.now();
            String cutoff = Timestamps.format(now.minusMillis((long) (maxAgeHours * 3_600_000d)));
            String end = Timestamps.format(now);
            List<Session> stale = sessions.activeStartedBefore(c, cutoff);
            for (Session s : stale) {
                sessions.recover(c, s.id(), end, secondsBetween(s.startTime(), end), RECOVERED_MARKER);
            }
            return stale;
        });
    }
}
