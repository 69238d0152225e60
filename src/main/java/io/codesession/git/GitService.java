package io.codesession.git;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.NotIgnoredFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.errors.CanceledException;
import org.eclipse.jgit.diff.ContentSource;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.SystemReader;

/**
 * Everything codesession asks of git, through JGit (no {@code git} process is ever spawned).
 */
@ApplicationScoped
public class GitService {

    /**
     * Recorded as the start HEAD of a session started in a repository without commits: git's
     * well-known empty tree, so "changes since start" means everything, and 2.6.0's
     * {@code git diff <start>..HEAD} still works on it.
     */
    public static final String EMPTY_TREE = Constants.EMPTY_TREE_ID.name();

    /** At most this many commits are attributed to one session by the end scan. */
    static final int MAX_COMMITS = 10_000;

    static {
        // JGit would run `git` to locate the system-wide config; we never spawn git.
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public String getenv(String variable) {
                if (Constants.GIT_CONFIG_NOSYSTEM_KEY.equals(variable)) {
                    return "1";
                }
                return super.getenv(variable);
            }
        });
    }

    /** Makes sure the no-`git`-process setting above is in force before other code uses JGit. */
    public static void init() {
        // class initialisation does the work
    }

    /** What a directory looks like to git. {@code root} is null outside a work tree. */
    public record RepoState(String root, String head, String branch) {
        public boolean isRepository() {
            return root != null;
        }
    }

    /** A path changed since the session's start. {@code oldPath} only for renames. */
    public record ChangedFile(String path, String changeType, String oldPath) {
    }

    /** A commit made since the session's start. */
    public record FoundCommit(String hash, String shortHash, String subject, Instant authorTime) {
    }

    public record ScanResult(List<ChangedFile> files, List<FoundCommit> commits) {
        public static final ScanResult EMPTY = new ScanResult(List.of(), List.of());
    }

    public RepoState inspect(Path dir) {
        try (Repository repo = open(dir.toFile())) {
            if (repo == null) {
                return new RepoState(null, null, null);
            }
            String root = repo.getWorkTree().getAbsolutePath();
            ObjectId head = resolveHead(repo);
            return new RepoState(root, head == null ? null : head.name(), branch(repo));
        } catch (IOException | RuntimeException e) {
            return new RepoState(null, null, null);
        }
    }

    /** The start HEAD to record: HEAD's SHA, or the empty tree in a repository with no commits. */
    public static String startHeadOf(RepoState state) {
        if (!state.isRepository()) {
            return null;
        }
        return state.head() != null ? state.head() : EMPTY_TREE;
    }

    /**
     * Files changed in {@code dir}'s work tree since {@code startHead} (committed or not,
     * honouring .gitignore, renames detected) and commits reachable from HEAD but not from the
     * start, measured against the work tree as it was at the start: {@code startFiles}
     * ({@link #startFiles}) are the paths that already differed from the start HEAD then. One of
     * them still as it was is not a change of this session; one changed further is classified
     * against its state at the start; one put back as the start HEAD has it is a change too.
     * Never throws: git trouble yields an empty result.
     */
    public ScanResult scan(String dir, String startHead, Map<String, String> startFiles) {
        return sinceStart(dir, startHead, ScanResult.EMPTY,
                (repo, start) -> new ScanResult(changedFiles(repo, start, startFiles), commitsSince(repo, start)));
    }

    /** At most this many paths of a work tree that differs from HEAD are remembered at a session's start. */
    public static final int MAX_START_FILES = 20_000;

    /**
     * The paths of {@code dir}'s work tree that differ from {@code startHead} right now (modified,
     * deleted, untracked and not ignored), each with its content id, or {@code ""} for a path
     * that is absent: what was already there when a session starts, so that its end scan does not
     * count it as the session's work. Empty for a clean work tree, outside a repository, or when
     * git cannot be read; at most {@link #MAX_START_FILES} paths.
     */
    public Map<String, String> startFiles(String dir, String startHead) {
        return sinceStart(dir, startHead, Map.of(), (repo, start) -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (ObjectReader reader = repo.newObjectReader()) {
                for (DiffEntry e : changesSinceStart(repo, reader, start)) {
                    if (out.size() >= MAX_START_FILES) {
                        break;
                    }
                    out.put(pathOf(e), stateOf(e));
                }
            }
            return out;
        });
    }

    /**
     * Commits reachable from HEAD but not from {@code startHead}, oldest first (the live tracker's
     * poll). Never throws: git trouble yields an empty list.
     */
    public List<FoundCommit> commitsSince(String dir, String startHead) {
        return sinceStart(dir, startHead, List.of(), GitService::commitsSince);
    }

    private interface SinceStart<T> {
        T apply(Repository repo, ObjectId start) throws IOException, CanceledException;
    }

    /**
     * {@code work} on {@code dir}'s repository and the resolved start ({@code null} for the empty
     * tree); {@code none} outside a repository, for an unknown start, or on any git trouble.
     */
    private static <T> T sinceStart(String dir, String startHead, T none, SinceStart<T> work) {
        if (dir == null || startHead == null || startHead.isBlank()) {
            return none;
        }
        try (Repository repo = open(new File(dir))) {
            if (repo == null) {
                return none;
            }
            ObjectId start = repo.resolve(startHead);
            if (start == null && !EMPTY_TREE.equals(startHead)) {
                return none;
            }
            return work.apply(repo, start);
        } catch (IOException | CanceledException | RuntimeException e) {
            return none;
        }
    }

    /** HEAD's full id in {@code dir}'s repository, or null (no repository, no commits, trouble). */
    public String headOrNull(String dir) {
        try (Repository repo = open(new File(dir))) {
            if (repo == null) {
                return null;
            }
            ObjectId head = resolveHead(repo);
            return head == null ? null : head.name();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Repository open(File dir) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir);
        if (builder.getGitDir() == null) {
            return null;
        }
        Repository repo = builder.setMustExist(true).build();
        if (repo.isBare()) {
            repo.close();
            return null;
        }
        return repo;
    }

    private static ObjectId resolveHead(Repository repo) throws IOException {
        return repo.resolve(Constants.HEAD + "^{commit}");
    }

    private static String branch(Repository repo) throws IOException {
        String full = repo.getFullBranch();
        if (full == null) {
            return null;
        }
        if (full.startsWith(Constants.R_HEADS)) {
            return full.substring(Constants.R_HEADS.length());
        }
        return Constants.HEAD; // detached, as `git rev-parse --abbrev-ref HEAD` says
    }

    private static List<FoundCommit> commitsSince(Repository repo, ObjectId start) throws IOException {
        ObjectId head = resolveHead(repo);
        if (head == null) {
            return List.of();
        }
        List<FoundCommit> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(head));
            if (start != null && !EMPTY_TREE.equals(start.name())) {
                RevObject startObj = walk.parseAny(start);
                if (startObj instanceof RevCommit rc) {
                    walk.markUninteresting(rc);
                }
            }
            for (RevCommit c : walk) {
                out.add(new FoundCommit(c.name(), c.name().substring(0, 7), c.getShortMessage(),
                        c.getAuthorIdent().getWhenAsInstant()));
                if (out.size() >= MAX_COMMITS) {
                    break;
                }
            }
        }
        Collections.reverse(out); // oldest first
        return out;
    }

    /** Raw differences between the start tree and the work tree (no rename detection). */
    private static List<DiffEntry> changesSinceStart(Repository repo, ObjectReader reader, ObjectId start)
            throws IOException {
        DirCache index = repo.readDirCache();
        try (TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.setRecursive(true);
            walk.addTree(startTree(repo, reader, start));
            walk.addTree(new FileTreeIterator(repo));
            walk.setFilter(AndTreeFilter.create(new ChangedSinceStart(index, reader), TreeFilter.ANY_DIFF));
            return DiffEntry.scan(walk);
        }
    }

    private static String pathOf(DiffEntry e) {
        return e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
    }

    /** The work tree's side of a raw entry: its content id, or "" when the path is absent. */
    private static String stateOf(DiffEntry e) {
        return e.getChangeType() == DiffEntry.ChangeType.DELETE ? "" : e.getNewId().name();
    }

    private static List<ChangedFile> changedFiles(Repository repo, ObjectId start, Map<String, String> startFiles)
            throws IOException, CanceledException {
        try (ObjectReader reader = repo.newObjectReader()) {
            List<DiffEntry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (DiffEntry e : changesSinceStart(repo, reader, start)) {
                String path = pathOf(e);
                seen.add(path);
                if (!stateOf(e).equals(startFiles.get(path))) {
                    entries.add(e); // not as it was when the session started
                }
            }
            RenameDetector renames = new RenameDetector(repo);
            renames.addAll(entries);
            ContentSource.Pair sources = new ContentSource.Pair(ContentSource.create(reader),
                    ContentSource.create(new FileTreeIterator(repo)));
            List<DiffEntry> detected = renames.compute(sources, NullProgressMonitor.INSTANCE);
            List<ChangedFile> out = new ArrayList<>(detected.size());
            for (DiffEntry e : detected) {
                // Compared with ==, not a switch: a switch on another library's enum compiles to a
                // synthetic class whose static initializer the native build would run at build time.
                DiffEntry.ChangeType type = e.getChangeType();
                String atStart = startFiles.get(pathOf(e));
                if (type == DiffEntry.ChangeType.RENAME) {
                    out.add(new ChangedFile(e.getNewPath(), "renamed", e.getOldPath()));
                } else if (atStart != null) {
                    // Already different from the start HEAD at the start: classified against that state.
                    String kind = atStart.isEmpty() ? "created" : type == DiffEntry.ChangeType.DELETE ? "deleted" : "modified";
                    out.add(new ChangedFile(pathOf(e), kind, null));
                } else if (type == DiffEntry.ChangeType.ADD || type == DiffEntry.ChangeType.COPY) {
                    out.add(new ChangedFile(e.getNewPath(), "created", null));
                } else if (type == DiffEntry.ChangeType.DELETE) {
                    out.add(new ChangedFile(e.getOldPath(), "deleted", null));
                } else {
                    out.add(new ChangedFile(e.getNewPath(), "modified", null));
                }
            }
            // Paths that differed at the start and are now as the start HEAD has them: put back.
            File workTree = repo.getWorkTree();
            for (Map.Entry<String, String> f : startFiles.entrySet()) {
                if (!seen.contains(f.getKey())) {
                    boolean exists = new File(workTree, f.getKey()).exists();
                    String kind = f.getValue().isEmpty() ? (exists ? "created" : null) : exists ? "modified" : "deleted";
                    if (kind != null) {
                        out.add(new ChangedFile(f.getKey(), kind, null));
                    }
                }
            }
            return out;
        }
    }

    private static AbstractTreeIterator startTree(Repository repo, ObjectReader reader, ObjectId start)
            throws IOException {
        if (start == null || EMPTY_TREE.equals(start.name())) {
            return new EmptyTreeIterator();
        }
        try (RevWalk rw = new RevWalk(reader)) {
            RevObject obj = rw.peel(rw.parseAny(start));
            ObjectId tree = obj instanceof RevCommit c ? c.getTree() : obj.getId();
            CanonicalTreeParser parser = new CanonicalTreeParser();
            parser.reset(reader, tree);
            return parser;
        }
    }

    // ---- diffs (dashboard) ----------------------------------------------------------------------

    /** Diff text larger than this is cut (with a marker line) so one request cannot exhaust memory. */
    public static final int MAX_DIFF_BYTES = 4 << 20;

    /** Added/deleted line counts of one path; binary files count 0/0. */
    public record DiffStat(String path, int additions, int deletions) {
    }

    /** The repository or a revision could not be read. */
    public static final class GitFailure extends RuntimeException {
        public GitFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Unified diff ({@code context} lines) from {@code from} to {@code to}; {@code to} null means
     * the work tree (committed and uncommitted changes, .gitignore honoured). Empty when nothing
     * changed. {@code file} restricts it to one path. Towards the work tree, paths that are still
     * as {@code startFiles} ({@link #startFiles}) recorded them are left out.
     */
    public String diff(String dir, String from, String to, String file, int context, Map<String, String> startFiles) {
        try (Repository repo = openOrFail(dir); ObjectReader reader = repo.newObjectReader()) {
            AbstractTreeIterator a = tree(repo, reader, from);
            AbstractTreeIterator b = to == null ? new FileTreeIterator(repo) : tree(repo, reader, to);
            TreeFilter paths = file == null ? TreeFilter.ALL : PathFilter.create(file);
            return format(repo, a, b, context, to == null ? workTreeFilter(paths, startFiles) : paths);
        } catch (IOException e) {
            throw new GitFailure("cannot read the repository at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Line counts per changed path over the same range and paths as {@link #diff}. */
    public List<DiffStat> diffStats(String dir, String from, String to, Map<String, String> startFiles) {
        try (Repository repo = openOrFail(dir); ObjectReader reader = repo.newObjectReader();
                DiffFormatter f = new DiffFormatter(OutputStream.nullOutputStream())) {
            f.setRepository(repo);
            f.setDiffComparator(RawTextComparator.DEFAULT);
            f.setDetectRenames(true);
            if (to == null) {
                f.setPathFilter(workTreeFilter(TreeFilter.ALL, startFiles));
            }
            AbstractTreeIterator a = tree(repo, reader, from);
            AbstractTreeIterator b = to == null ? new FileTreeIterator(repo) : tree(repo, reader, to);
            List<DiffStat> out = new ArrayList<>();
            for (DiffEntry e : f.scan(a, b)) {
                FileHeader h = f.toFileHeader(e);
                int add = 0;
                int del = 0;
                if (h.getPatchType() == FileHeader.PatchType.UNIFIED) {
                    for (Edit edit : h.toEditList()) {
                        add += edit.getLengthB();
                        del += edit.getLengthA();
                    }
                }
                out.add(new DiffStat(e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath(),
                        add, del));
            }
            return out;
        } catch (IOException e) {
            throw new GitFailure("cannot read the repository at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Diff of one commit against its first parent (a root commit against the empty tree). */
    public String commitDiff(String dir, String commit, String file, int context) {
        try (Repository repo = openOrFail(dir); ObjectReader reader = repo.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            ObjectId id = repo.resolve(commit + "^{commit}");
            if (id == null) {
                throw new GitFailure("commit " + commit + " is not in the repository at " + dir, null);
            }
            RevCommit c = walk.parseCommit(id);
            AbstractTreeIterator a;
            if (c.getParentCount() == 0) {
                a = new EmptyTreeIterator();
            } else {
                a = parser(reader, walk.parseCommit(c.getParent(0)).getTree());
            }
            return format(repo, a, parser(reader, c.getTree()), context,
                    file == null ? TreeFilter.ALL : PathFilter.create(file));
        } catch (IOException e) {
            throw new GitFailure("cannot read the repository at " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The full id of the newest of {@code hashes} (short or full) that resolve in the repository:
     * the one that contains the others when they lie on one line of history, else the latest by
     * commit time. Empty when none resolves.
     */
    public Optional<String> newestOf(String dir, List<String> hashes) {
        try (Repository repo = openOrFail(dir); RevWalk walk = new RevWalk(repo)) {
            RevCommit tip = null;
            for (String h : hashes) {
                ObjectId id;
                try {
                    id = repo.resolve(h + "^{commit}");
                } catch (IOException | RuntimeException e) {
                    continue; // ambiguous or malformed short hash
                }
                if (id == null) {
                    continue;
                }
                RevCommit c = walk.parseCommit(id);
                if (tip == null) {
                    tip = c;
                } else if (!c.equals(tip)) {
                    boolean contains = walk.isMergedInto(tip, c);
                    walk.reset();
                    boolean contained = !contains && walk.isMergedInto(c, tip);
                    walk.reset();
                    if (contains || (!contained && c.getCommitTime() > tip.getCommitTime())) {
                        tip = c;
                    }
                }
            }
            return Optional.ofNullable(tip).map(ObjectId::name);
        } catch (IOException e) {
            throw new GitFailure("cannot read the repository at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The full id HEAD points at, if any. */
    public Optional<String> head(String dir) {
        try (Repository repo = openOrFail(dir)) {
            return Optional.ofNullable(resolveHead(repo)).map(ObjectId::name);
        } catch (IOException e) {
            throw new GitFailure("cannot read the repository at " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String format(Repository repo, AbstractTreeIterator a, AbstractTreeIterator b, int context,
            TreeFilter filter) throws IOException {
        LimitedOutput buffer = new LimitedOutput(MAX_DIFF_BYTES);
        try (DiffFormatter f = new DiffFormatter(buffer)) {
            f.setRepository(repo);
            f.setContext(context);
            f.setDiffComparator(RawTextComparator.DEFAULT);
            f.setDetectRenames(true);
            f.setPathFilter(filter);
            try {
                f.format(f.scan(a, b));
                f.flush();
            } catch (LimitedOutput.Full full) {
                return buffer.text() + "\n... diff truncated at " + (MAX_DIFF_BYTES >> 20) + " MiB\n";
            }
        }
        return buffer.text();
    }

    private static AbstractTreeIterator tree(Repository repo, ObjectReader reader, String rev) throws IOException {
        if (rev == null || EMPTY_TREE.equals(rev)) {
            return new EmptyTreeIterator();
        }
        ObjectId id = repo.resolve(rev);
        if (id == null) {
            throw new GitFailure("revision " + rev + " is not in the repository", null);
        }
        try (RevWalk rw = new RevWalk(reader)) {
            RevObject obj = rw.peel(rw.parseAny(id));
            ObjectId treeId = obj instanceof RevCommit c ? c.getTree() : obj.getId();
            return parser(reader, treeId);
        }
    }

    private static CanonicalTreeParser parser(ObjectReader reader, ObjectId tree) throws IOException {
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(reader, tree);
        return p;
    }

    private static Repository openOrFail(String dir) throws IOException {
        if (dir == null) {
            throw new GitFailure("no repository", null);
        }
        Repository repo = open(new File(dir));
        if (repo == null) {
            throw new GitFailure(dir + " is not a git work tree", null);
        }
        return repo;
    }

    /** A byte buffer that stops accepting output past a limit. */
    private static final class LimitedOutput extends ByteArrayOutputStream {
        static final class Full extends RuntimeException {
            Full() {
                super(null, null, false, false);
            }
        }

        private final int limit;

        LimitedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + len > limit) {
                super.write(b, off, Math.max(0, limit - count));
                throw new Full();
            }
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            if (count + 1 > limit) {
                throw new Full();
            }
            super.write(b);
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Skips what cannot have changed, cheaply: ignored untracked paths (so build output is never
     * walked), and work-tree files whose index stat data says they still hold the start blob.
     * Everything else goes on to the content comparison.
     */
    /** {@code base}, not ignored in the work tree (tree 1), and not still as the session's start had it. */
    private static TreeFilter workTreeFilter(TreeFilter base, Map<String, String> startFiles) {
        TreeFilter f = base == TreeFilter.ALL ? new NotIgnoredFilter(1) : AndTreeFilter.create(base, new NotIgnoredFilter(1));
        return startFiles.isEmpty() ? f : AndTreeFilter.create(f, new NotAsAtStart(startFiles));
    }

    /** A filter that keeps no per-walk state (so one instance serves as its own clone) over whole trees. */
    private abstract static class StatelessFilter extends TreeFilter {
        @Override
        public boolean shouldBeRecursive() {
            return true;
        }

        @Override
        public TreeFilter clone() {
            return this;
        }
    }

    /** Leaves out a path whose work-tree side (tree 1) is still what {@code startFiles} recorded. */
    private static final class NotAsAtStart extends StatelessFilter {
        private final Map<String, String> startFiles;

        NotAsAtStart(Map<String, String> startFiles) {
            this.startFiles = startFiles;
        }

        @Override
        public boolean include(TreeWalk walker) {
            if (walker.isSubtree()) {
                return true;
            }
            String atStart = startFiles.get(walker.getPathString());
            if (atStart == null) {
                return true;
            }
            String now = walker.getRawMode(1) == 0 ? "" : walker.getObjectId(1).name();
            return !atStart.equals(now);
        }
    }

    private static final class ChangedSinceStart extends StatelessFilter {
        private final DirCache index;
        private final ObjectReader reader;

        ChangedSinceStart(DirCache index, ObjectReader reader) {
            this.index = index;
            this.reader = reader;
        }

        @Override
        public boolean include(TreeWalk walker) throws IOException {
            WorkingTreeIterator work = walker.getTree(1, WorkingTreeIterator.class);
            if (work == null) {
                return true; // exists only at start: deleted
            }
            String path = walker.getPathString();
            DirCacheEntry entry = walker.isSubtree() ? null : index.getEntry(path);
            if (walker.isSubtree()) {
                return !work.isEntryIgnored() || hasTrackedUnder(path);
            }
            if (entry == null) {
                return !work.isEntryIgnored();
            }
            if (!work.isModified(entry, true, reader)) {
                return !entry.getObjectId().equals(walker.getObjectId(0));
            }
            return true;
        }

        private boolean hasTrackedUnder(String dir) {
            return index.getEntriesWithin(dir).length > 0;
        }
    }
}
