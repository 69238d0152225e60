package io.codesession.today;

import io.codesession.common.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds TODO/FIXME/HACK/XXX comments in the files a developer touched last in a project.
 *
 * <p>Candidates: in a git work tree the files git knows (tracked, plus untracked files that are
 * not ignored), elsewhere a walk of at most {@link #MAX_DEPTH} levels that skips hidden entries,
 * dependency and build folders. Symbolic links are never followed. Only source and text files
 * (by extension) of at most 1 MiB that contain no NUL byte are read. "Recent" is relative to the
 * project's own activity: files modified within 48 hours of its most recently modified
 * candidate, newest first (ties by path), at most {@link #MAX_FILES} files and
 * {@link #MAX_ITEMS} items, so the result does not depend on directory order.
 *
 * <p>A marker counts only inside a comment of the file's language ({@code //}, {@code /*},
 * a leading {@code *}, {@code #}, {@code --} or {@code <!--}, each at the line start or after
 * whitespace, so URLs and Markdown headings do not match), and either upper-case or followed
 * by a colon (lower-case "todo" followed by ":" counts, "hack around it" does not).
 */
public final class TodoScanner {

    public static final int MAX_ITEMS = 20;
    public static final int MAX_FILES = 200;
    public static final long MAX_BYTES = 1_048_576;
    public static final Duration WINDOW = Duration.ofHours(48);
    static final int MAX_DEPTH = 4;
    /** Entries visited by the walk of a directory that is not a git work tree. */
    static final int MAX_WALK = 20_000;
    private static final int MAX_LINE = 4000;
    private static final int MAX_TEXT = 200;

    static final Set<String> SKIP_NAMES = Set.of("node_modules", ".git", "dist", "build", ".next", ".nuxt",
            "__pycache__", ".venv", "venv", "target", "out", "coverage", ".turbo", ".cache", ".parcel-cache",
            "vendor", "bower_components");

    /** One marker found. {@code file} is relative to the project root with {@code /} separators. */
    public record TodoItem(String file, int line, String type, String text, String modifiedAt) {
    }

    enum Syntax {
        HASH, SLASH, DASH, HTML, MIXED
    }

    private static final Map<Syntax, Pattern> PATTERNS = Map.of(
            Syntax.HASH, pattern(prefixed("#+")),
            Syntax.SLASH, pattern(slash()),
            Syntax.DASH, pattern(prefixed("--+")),
            Syntax.HTML, pattern(prefixed("<!--")),
            Syntax.MIXED, pattern("(?:" + slash() + "|" + prefixed("<!--") + ")"));

    private static final Map<String, Syntax> EXTENSIONS = extensions();

    private TodoScanner() {
    }

    private static String prefixed(String markers) {
        return "(?:^|(?<=\\s))(?:" + markers + ")";
    }

    private static String slash() {
        return "(?:^\\s*\\*+|" + prefixed("//+|/\\*+") + ")";
    }

    private static Pattern pattern(String marker) {
        return Pattern.compile(marker + "\\s*(TODO|FIXME|HACK|XXX)(\\([^)\\n]*\\))?(?=[:\\s]|$)([:\\s]*)(.*)$",
                Pattern.CASE_INSENSITIVE);
    }

    private static Map<String, Syntax> extensions() {
        Map<String, Syntax> m = new java.util.HashMap<>();
        for (String e : List.of("ts", "tsx", "js", "jsx", "mjs", "cjs", "go", "rs", "java", "kt", "kts", "scala",
                "swift", "c", "cc", "cpp", "h", "hpp", "cs", "dart", "php", "groovy", "gradle", "css", "scss", "less")) {
            m.put(e, Syntax.SLASH);
        }
        for (String e : List.of("py", "rb", "sh", "bash", "zsh", "fish", "ps1", "yaml", "yml", "toml", "r", "pl",
                "tf", "cmake", "properties")) {
            m.put(e, Syntax.HASH);
        }
        for (String e : List.of("sql", "lua", "hs")) {
            m.put(e, Syntax.DASH);
        }
        for (String e : List.of("md", "mdx", "html", "htm", "xml")) {
            m.put(e, Syntax.HTML);
        }
        for (String e : List.of("vue", "svelte", "astro")) {
            m.put(e, Syntax.MIXED);
        }
        return Map.copyOf(m);
    }

    /** The comment syntax of a file name, or null when such files are not scanned. */
    static Syntax syntaxOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        return EXTENSIONS.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The marker in one line: {type, text}, or null. */
    static String[] match(String line, Syntax syntax) {
        if (line.length() > MAX_LINE) {
            return null;
        }
        Matcher m = PATTERNS.get(syntax).matcher(line);
        while (m.find()) {
            String word = m.group(1);
            String upper = word.toUpperCase(Locale.ROOT);
            if (!word.equals(upper) && !m.group(3).startsWith(":")) {
                continue;
            }
            return new String[] {upper, cleanText(m.group(4))};
        }
        return null;
    }

    private static String cleanText(String raw) {
        String t = raw.strip();
        for (String close : List.of("*/", "-->")) {
            if (t.endsWith(close)) {
                t = t.substring(0, t.length() - close.length()).strip();
            }
        }
        if (t.length() > MAX_TEXT) {
            t = t.substring(0, MAX_TEXT - 1) + "…";
        }
        return t;
    }

    private record Candidate(String rel, Path file, Instant modified) {
    }

    /**
     * Scans {@code root}. {@code gitFiles}: the paths git knows, relative to {@code root}, or
     * null to walk the directory instead.
     */
    public static List<TodoItem> scan(Path root, List<String> gitFiles) {
        List<Candidate> candidates = new ArrayList<>();
        if (gitFiles != null) {
            for (String rel : gitFiles) {
                Candidate c = candidate(root, rel);
                if (c != null) {
                    candidates.add(c);
                }
            }
        } else {
            walk(root, root, 0, candidates, new int[] {0});
        }
        candidates.sort(Comparator.comparing(Candidate::modified).reversed().thenComparing(Candidate::rel));
        List<TodoItem> items = new ArrayList<>();
        if (candidates.isEmpty()) {
            return items;
        }
        Instant since = candidates.getFirst().modified().minus(WINDOW);
        int read = 0;
        for (Candidate c : candidates) {
            if (c.modified().isBefore(since) || read >= MAX_FILES || items.size() >= MAX_ITEMS) {
                break;
            }
            read++;
            scanFile(c, items);
        }
        return items;
    }

    private static Candidate candidate(Path root, String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        if (syntaxOf(name) == null) {
            return null;
        }
        Path file = root.resolve(rel);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_BYTES) {
                return null;
            }
            return new Candidate(rel, file, a.lastModifiedTime().toInstant());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void walk(Path root, Path dir, int depth, List<Candidate> out, int[] visited) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (++visited[0] > MAX_WALK) {
                    break;
                }
                children.add(p);
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path p : children) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") || SKIP_NAMES.contains(name)) {
                continue;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (a.isDirectory()) {
                if (depth + 1 <= MAX_DEPTH && visited[0] <= MAX_WALK) {
                    walk(root, p, depth + 1, out, visited);
                }
            } else if (a.isRegularFile() && a.size() <= MAX_BYTES && syntaxOf(name) != null) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                out.add(new Candidate(rel, p, a.lastModifiedTime().toInstant()));
            }
        }
    }

    private static void scanFile(Candidate c, List<TodoItem> items) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(c.file());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return;
        }
        if (bytes.length > MAX_BYTES) {
            return;
        }
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return; // binary
            }
        }
        Syntax syntax = syntaxOf(c.file().getFileName().toString());
        String modifiedAt = Timestamps.format(c.modified());
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            lineNo++;
            String[] m = match(line, syntax);
            if (m != null) {
                items.add(new TodoItem(c.rel(), lineNo, m[0], m[1], modifiedAt));
                if (items.size() >= MAX_ITEMS) {
                    return;
                }
            }
        }
    }
}
