package io.codesession.git;

import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.BranchTrackingStatus;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * What {@code cs today} shows of a work tree, read with JGit (never a {@code git} process):
 * branch, staged and unstaged changes as {@code git status} groups them, stashes, recent
 * commits, commits not yet pushed to the upstream branch, and the files git knows about (for
 * the TODO scan).
 */
public final class WorkTreeReader {

    /** Longest list of changed files reported per group; the rest is counted, not listed. */
    public static final int MAX_LISTED = 1000;
    /** Recent commits reported. */
    public static final int RECENT_COMMITS = 5;
    /** Most paths handed to the TODO scan (tracked files in index order, then untracked ones). */
    public static final int MAX_CANDIDATES = 20_000;

    private static final DateTimeFormatter GIT_ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    /** A changed path. {@code oldPath} only for a staged rename. */
    public record FileStatus(String path, String status, String oldPath) {
    }

    public record Stash(int index, String message) {
    }

    /** {@code date} is the author date with its own offset, as {@code git log --date=iso-strict}. */
    public record RecentCommit(String hash, String message, String date, Instant when) {
    }

    /**
     * The state of one work tree. {@code unstagedTotal}/{@code stagedTotal} count every entry
     * even when the lists stop at {@link #MAX_LISTED}. {@code upstream} is null without an
     * upstream branch. {@code files} are paths relative to {@code root}.
     */
    public record WorkTree(String root, String branch, List<FileStatus> unstaged, int unstagedTotal,
            List<FileStatus> staged, int stagedTotal, List<Stash> stashes, List<RecentCommit> recentCommits,
            String upstream, int unpushedCount, List<String> files) {
    }

    private WorkTreeReader() {
    }

    /** The work tree containing {@code dir}, or null when {@code dir} is not inside one. */
    public static WorkTree read(File dir) throws IOException {
        GitService.init();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir);
        if (builder.getGitDir() == null) {
            return null;
        }
        try (Repository repo = builder.setMustExist(true).build()) {
            if (repo.isBare()) {
                return null;
            }
            return read(repo);
        }
    }

    /** Whether {@code dir} is inside a work tree that has at least one remote configured. */
    public static boolean hasRemote(File dir) {
        GitService.init();
        try {
            FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir);
            if (builder.getGitDir() == null) {
                return false;
            }
            try (Repository repo = builder.setMustExist(true).build()) {
                return !repo.isBare() && !repo.getRemoteNames().isEmpty();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static WorkTree read(Repository repo) throws IOException {
        String full = repo.getFullBranch();
        String branchName = full != null && full.startsWith(Constants.R_HEADS) ? full.substring(Constants.R_HEADS.length())
                : null;
        String branch = branchName != null ? branchName : Constants.HEAD; // detached, as rev-parse --abbrev-ref says
        ObjectId head = repo.resolve(Constants.HEAD + "^{commit}");

        IndexDiff diff = new IndexDiff(repo, head, new FileTreeIterator(repo));
        diff.diff();
        Set<String> conflicting = new TreeSet<>(diff.getConflicting());

        List<FileStatus> staged = new ArrayList<>();
        Set<String> added = without(diff.getAdded(), conflicting);
        Set<String> removed = without(diff.getRemoved(), conflicting);
        Map<String, String> renames = stagedRenames(repo, head, added, removed);
        for (String p : without(diff.getChanged(), conflicting)) {
            staged.add(new FileStatus(p, "modified", null));
        }
        for (String p : added) {
            String old = renames.get(p);
            staged.add(old != null ? new FileStatus(p, "renamed", old) : new FileStatus(p, "new file", null));
        }
        Set<String> renamedFrom = new HashSet<>(renames.values());
        for (String p : removed) {
            if (!renamedFrom.contains(p)) {
                staged.add(new FileStatus(p, "deleted", null));
            }
        }
        staged.sort((a, b) -> a.path().compareTo(b.path()));

        List<FileStatus> unstaged = new ArrayList<>();
        for (String p : conflicting) {
            unstaged.add(new FileStatus(p, "conflicted", null));
        }
        for (String p : without(diff.getModified(), conflicting)) {
            unstaged.add(new FileStatus(p, "modified", null));
        }
        for (String p : without(diff.getMissing(), conflicting)) {
            unstaged.add(new FileStatus(p, "deleted", null));
        }
        List<String> untrackedFiles = new ArrayList<>(new TreeSet<>(diff.getUntracked()));
        for (String p : collapseUntracked(untrackedFiles, diff.getUntrackedFolders())) {
            unstaged.add(new FileStatus(p, "untracked", null));
        }
        unstaged.sort((a, b) -> a.path().compareTo(b.path()));

        List<Stash> stashes = new ArrayList<>();
        try {
            Collection<RevCommit> list = Git.wrap(repo).stashList().call();
            int i = 0;
            for (RevCommit c : list) {
                stashes.add(new Stash(i++, c.getShortMessage()));
            }
        } catch (GitAPIException e) {
            // no readable stash: report none
        }

        List<RecentCommit> commits = new ArrayList<>();
        if (head != null) {
            try (RevWalk walk = new RevWalk(repo)) {
                walk.sort(RevSort.COMMIT_TIME_DESC);
                walk.markStart(walk.parseCommit(head));
                for (RevCommit c : walk) {
                    var author = c.getAuthorIdent();
                    Instant when = author.getWhenAsInstant();
                    ZoneOffset offset = author.getZoneOffset();
                    commits.add(new RecentCommit(c.name().substring(0, 7), c.getShortMessage(),
                            GIT_ISO.format(when.atOffset(offset)), when));
                    if (commits.size() >= RECENT_COMMITS) {
                        break;
                    }
                }
            }
        }

        String upstream = null;
        int unpushed = 0;
        if (branchName != null && head != null) {
            BranchTrackingStatus tracking = BranchTrackingStatus.of(repo, branchName);
            if (tracking != null) {
                upstream = Repository.shortenRefName(tracking.getRemoteTrackingBranch()); // origin/main
                unpushed = tracking.getAheadCount();
            }
        }

        return new WorkTree(repo.getWorkTree().getAbsolutePath(), branch, cap(unstaged), unstaged.size(), cap(staged),
                staged.size(), stashes, commits, upstream, unpushed, candidates(repo, untrackedFiles));
    }

    private static List<FileStatus> cap(List<FileStatus> list) {
        return list.size() <= MAX_LISTED ? list : List.copyOf(list.subList(0, MAX_LISTED));
    }

    private static Set<String> without(Set<String> set, Set<String> excluded) {
        Set<String> out = new TreeSet<>(set);
        out.removeAll(excluded);
        return out;
    }

    /**
     * Untracked files, with those inside a wholly untracked folder replaced by the folder
     * ({@code dir/}), as {@code git status} lists them.
     */
    static List<String> collapseUntracked(List<String> files, Set<String> folders) {
        List<String> tops = new ArrayList<>();
        for (String f : new TreeSet<>(folders)) {
            String dir = f.endsWith("/") ? f : f + "/";
            if (tops.isEmpty() || !dir.startsWith(tops.getLast())) {
                tops.add(dir);
            }
        }
        Set<String> out = new TreeSet<>();
        for (String f : files) {
            String top = null;
            for (String d : tops) {
                if (f.startsWith(d)) {
                    top = d;
                    break;
                }
            }
            out.add(top != null ? top : f);
        }
        return new ArrayList<>(out);
    }

    /** New path → old path for staged additions that are renames of staged deletions (content similarity). */
    private static Map<String, String> stagedRenames(Repository repo, ObjectId head, Set<String> added,
            Set<String> removed) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (added.isEmpty() || removed.isEmpty() || head == null || added.size() + removed.size() > 2 * MAX_LISTED) {
            return out;
        }
        List<String> paths = new ArrayList<>(added);
        paths.addAll(removed);
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(repo, reader);
                RevWalk rw = new RevWalk(reader)) {
            walk.setRecursive(true);
            CanonicalTreeParser headTree = new CanonicalTreeParser();
            headTree.reset(reader, rw.parseCommit(head).getTree());
            walk.addTree(headTree);
            walk.addTree(new DirCacheIterator(repo.readDirCache()));
            walk.setFilter(PathFilterGroup.createFromStrings(paths));
            RenameDetector detector = new RenameDetector(repo);
            detector.addAll(DiffEntry.scan(walk));
            for (DiffEntry e : detector.compute(reader, NullProgressMonitor.INSTANCE)) {
                if (e.getChangeType() == DiffEntry.ChangeType.RENAME) {
                    out.put(e.getNewPath(), e.getOldPath());
                }
            }
        } catch (org.eclipse.jgit.api.errors.CanceledException e) {
            // not cancellable here
        }
        return out;
    }

    /** Tracked regular files (index order), then untracked ones; at most {@link #MAX_CANDIDATES}. */
    private static List<String> candidates(Repository repo, List<String> untracked) throws IOException {
        List<String> out = new ArrayList<>();
        DirCache index = repo.readDirCache();
        for (int i = 0; i < index.getEntryCount() && out.size() < MAX_CANDIDATES; i++) {
            DirCacheEntry e = index.getEntry(i);
            FileMode mode = e.getFileMode();
            if (e.getStage() == DirCacheEntry.STAGE_0
                    && (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE)) {
                out.add(e.getPathString());
            }
        }
        for (String p : untracked) {
            if (out.size() >= MAX_CANDIDATES) {
                break;
            }
            out.add(p);
        }
        return out;
    }
}
