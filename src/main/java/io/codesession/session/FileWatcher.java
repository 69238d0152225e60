package io.codesession.session;

import io.codesession.git.IgnoreRules;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Recursive file watcher for the live {@code cs start}: every directory of the work tree that git
 * does not ignore is watched; events become {@code created}/{@code modified}/{@code deleted} for
 * "/"-separated paths relative to the root, the same form git paths have (2.6.0 mixed OS paths
 * and git paths, weakness TRK-8). A file that existed when watching began is "modified" when an
 * editor replaces it (save via rename), not "created". Editor swap and backup files are skipped.
 */
final class FileWatcher implements AutoCloseable {

    record Event(String path, String type) {
    }

    /** Directories beyond this are not watched (the end-of-session git scan still sees their changes). */
    static final int MAX_DIRECTORIES = 20_000;

    private final Path root;
    private final IgnoreRules rules;
    private final WatchService service;
    private final Consumer<String> warn;
    private final Map<WatchKey, String> keys = new HashMap<>();
    private final Map<String, WatchKey> dirs = new HashMap<>();
    /** Files known to exist (at start, or created since). */
    private final Set<String> known = new HashSet<>();
    private boolean limitWarned;

    FileWatcher(Path root, IgnoreRules rules, Consumer<String> warn) throws IOException {
        this.root = root;
        this.rules = rules;
        this.warn = warn;
        this.service = FileSystems.getDefault().newWatchService();
        registerTree(root, null);
    }

    int watchedDirectories() {
        return dirs.size();
    }

    /** Waits up to {@code timeoutMs} for events, then drains everything pending. */
    List<Event> poll(long timeoutMs) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        WatchKey key;
        try {
            key = service.poll(timeoutMs, TimeUnit.MILLISECONDS);
            while (key != null) {
                handle(key, out);
                key = service.poll();
            }
        } catch (ClosedWatchServiceException e) {
            // closing down
        }
        return out;
    }

    private void handle(WatchKey key, List<Event> out) {
        String dir = keys.get(key);
        if (dir == null) {
            key.cancel();
            return;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                warn.accept("too many file events at once; the end-of-session git scan will record what was missed");
                continue;
            }
            Path name = (Path) event.context();
            String rel = dir.isEmpty() ? name.toString() : dir + "/" + name;
            Path abs = root.resolve(rel);
            if (name.toString().equals(".gitignore")) {
                rules.invalidate(dir);
            }
            if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                deleted(rel, out);
                continue;
            }
            boolean directory = Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS);
            if (rules.isIgnored(rel, directory) || (!directory && isEditorTemp(name.toString()))) {
                continue;
            }
            if (directory) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && !dirs.containsKey(rel)) {
                    registerTree(abs, out); // a new or moved-in directory: its files are new
                }
                continue;
            }
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                continue; // gone again already
            }
            out.add(new Event(rel, known.add(rel) ? FileChange.CREATED : FileChange.MODIFIED));
        }
        if (!key.reset()) {
            keys.remove(key);
            dirs.remove(dir);
        }
    }

    private void deleted(String rel, List<Event> out) {
        if (known.remove(rel)) {
            out.add(new Event(rel, FileChange.DELETED));
            return;
        }
        WatchKey k = dirs.remove(rel);
        if (k == null) {
            return;
        }
        k.cancel();
        keys.remove(k);
        String prefix = rel + "/";
        for (Iterator<String> it = known.iterator(); it.hasNext();) {
            String f = it.next();
            if (f.startsWith(prefix)) {
                it.remove();
                out.add(new Event(f, FileChange.DELETED));
            }
        }
        for (Iterator<Map.Entry<String, WatchKey>> it = dirs.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, WatchKey> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                e.getValue().cancel();
                keys.remove(e.getValue());
                it.remove();
            }
        }
    }

    /** Watches {@code start} and its non-ignored sub-directories; with {@code created} set, its files are reported as new. */
    private void registerTree(Path start, List<Event> created) {
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    String rel = relative(d);
                    if (!rel.isEmpty() && rules.isIgnored(rel, true)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (dirs.size() >= MAX_DIRECTORIES) {
                        if (!limitWarned) {
                            limitWarned = true;
                            warn.accept("more than " + MAX_DIRECTORIES + " directories: the rest are not watched live "
                                    + "(cs end still records their changes from git)");
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    try {
                        WatchKey k = d.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                        keys.put(k, rel);
                        dirs.put(rel, k);
                    } catch (IOException e) {
                        warn.accept("cannot watch " + d + ": " + e.getMessage());
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = relative(f);
                    if (rules.isIgnored(rel, false) || isEditorTemp(f.getFileName().toString())) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (known.add(rel) && created != null) {
                        created.add(new Event(rel, FileChange.CREATED));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            warn.accept("cannot watch " + start + ": " + e.getMessage());
        }
    }

    private String relative(Path p) {
        Path r = root.relativize(p);
        String s = r.toString();
        return r.getFileSystem().getSeparator().equals("/") ? s : s.replace(r.getFileSystem().getSeparator(), "/");
    }

    /** Vim swap/backup and Emacs lock/autosave files, and vim's write test file. */
    static boolean isEditorTemp(String name) {
        return name.endsWith(".swp") || name.endsWith(".swx") || name.endsWith(".swo") || name.endsWith("~")
                || name.equals("4913") || name.startsWith(".#") || (name.startsWith("#") && name.endsWith("#"));
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // closing down
        }
    }
}
