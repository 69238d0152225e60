package io.codesession.git;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
     * start. Never throws: git trouble yields an empty result.
     */
    public ScanResult scan(String dir, String startHead) {
        if (dir == null || startHead == null || startHead.isBlank()) {
            return ScanResult.EMPTY;
        }
        try (Repository repo = open(new File(dir))) {
            if (repo == null) {
                return ScanResult.EMPTY;
            }
            ObjectId start = repo.resolve(startHead);
            if (start == null && !EMPTY_TREE.equals(startHead)) {
                return ScanResult.EMPTY;
            }
            return new ScanResult(changedFiles(repo, start), commitsSince(repo, start));
        } catch (IOException | CanceledException | RuntimeException e) {
            return ScanResult.EMPTY;
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

    private static List<ChangedFile> changedFiles(Repository repo, ObjectId start) throws IOException, CanceledException {
        DirCache index = repo.readDirCache();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.setRecursive(true);
            walk.addTree(startTree(repo, reader, start));
            FileTreeIterator work = new FileTreeIterator(repo);
            walk.addTree(work);
            walk.setFilter(AndTreeFilter.create(new ChangedSinceStart(index, reader), TreeFilter.ANY_DIFF));
            List<DiffEntry> entries = DiffEntry.scan(walk);
            RenameDetector renames = new RenameDetector(repo);
            renames.addAll(entries);
            ContentSource.Pair sources = new ContentSource.Pair(ContentSource.create(reader),
                    ContentSource.create(new FileTreeIterator(repo)));
            List<DiffEntry> detected = renames.compute(sources, NullProgressMonitor.INSTANCE);
            List<ChangedFile> out = new ArrayList<>(detected.size());
            for (DiffEntry e : detected) {
                switch (e.getChangeType()) {
                    case ADD -> out.add(new ChangedFile(e.getNewPath(), "created", null));
                    case DELETE -> out.add(new ChangedFile(e.getOldPath(), "deleted", null));
                    case RENAME -> out.add(new ChangedFile(e.getNewPath(), "renamed", e.getOldPath()));
                    case COPY -> out.add(new ChangedFile(e.getNewPath(), "created", null));
                    default -> out.add(new ChangedFile(e.getNewPath(), "modified", null));
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

    /**
     * Skips what cannot have changed, cheaply: ignored untracked paths (so build output is never
     * walked), and work-tree files whose index stat data says they still hold the start blob.
     * Everything else goes on to the content comparison.
     */
    private static final class ChangedSinceStart extends TreeFilter {
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

        @Override
        public boolean shouldBeRecursive() {
            return true;
        }

        @Override
        public TreeFilter clone() {
            return this;
        }
    }
}
