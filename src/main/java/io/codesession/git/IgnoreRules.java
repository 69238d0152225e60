package io.codesession.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.ignore.IgnoreNode.MatchResult;

/**
 * Git's ignore rules for a work tree, for the live file watcher: every {@code .gitignore} from
 * the root down to a path's directory (deeper files win, negations honoured) plus
 * {@code .git/info/exclude}. The {@code .git} directory itself is always ignored. Also used for
 * directories that are not repositories: their {@code .gitignore} files still apply.
 *
 * <p>2.6.0's watcher matched the substrings {@code node_modules|dist|build|.git} anywhere in the
 * absolute path instead (weakness TRK-7), so {@code src/distance.ts} or a project under
 * {@code ~/builds/} recorded nothing, and {@code .gitignore} was not honoured.
 */
public final class IgnoreRules {

    private final Path root;
    private final IgnoreNode exclude;
    /** Parsed {@code .gitignore} per directory (relative, "/"-separated; "" = root); empty = none. */
    private final Map<String, Optional<IgnoreNode>> nodes = new HashMap<>();

    public IgnoreRules(Path root) {
        this.root = root;
        this.exclude = load(root.resolve(".git").resolve("info").resolve("exclude")).orElse(null);
    }

    /** Forgets the parsed rules of {@code dir} (its {@code .gitignore} changed). */
    public synchronized void invalidate(String dir) {
        nodes.remove(dir);
    }

    /**
     * Whether {@code relative} ("/"-separated, relative to the root) is ignored. Parents are not
     * consulted: callers never descend into ignored directories.
     */
    public synchronized boolean isIgnored(String relative, boolean directory) {
        if (relative.isEmpty()) {
            return false;
        }
        if (relative.equals(".git") || relative.startsWith(".git/") || relative.contains("/.git/")
                || relative.endsWith("/.git")) {
            return true;
        }
        String dir = relative;
        while (true) {
            int slash = dir.lastIndexOf('/');
            dir = slash < 0 ? "" : dir.substring(0, slash);
            Optional<IgnoreNode> node = nodes.computeIfAbsent(dir,
                    d -> load(d.isEmpty() ? root.resolve(".gitignore") : root.resolve(d).resolve(".gitignore")));
            if (node.isPresent()) {
                String entry = dir.isEmpty() ? relative : relative.substring(dir.length() + 1);
                MatchResult r = node.get().isIgnored(entry, directory);
                if (r == MatchResult.IGNORED) {
                    return true;
                }
                if (r == MatchResult.NOT_IGNORED) {
                    return false;
                }
            }
            if (dir.isEmpty()) {
                break;
            }
        }
        if (exclude != null) {
            return exclude.isIgnored(relative, directory) == MatchResult.IGNORED;
        }
        return false;
    }

    private static Optional<IgnoreNode> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(file.toString(), in);
            return Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
