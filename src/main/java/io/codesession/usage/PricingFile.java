package io.codesession.usage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.common.CsException;
import io.codesession.common.DataPaths;
import io.codesession.common.Json;
import io.codesession.store.LegacyMigration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ~/.codesession/pricing.json}: user price overrides, key → {"input", "output", …}.
 * Read strictly (a corrupt file or entry is an error that names the file, never silently
 * ignored and never overwritten); written atomically (temp file + rename) in 2.6.0's layout:
 * 2-space indentation, no trailing newline. Unknown fields of an entry are kept.
 */
public final class PricingFile {

    /** Largest accepted rate, dollars per 1M tokens. */
    public static final double MAX_RATE = 1_000_000;

    private final Path path;
    /** The standard file under {@code ~/.codesession}: run the legacy migration before touching it. */
    private final boolean standard;

    public PricingFile(Path path) {
        this(path, false);
    }

    private PricingFile(Path path, boolean standard) {
        this.path = path;
        this.standard = standard;
    }

    public static PricingFile standard() {
        return new PricingFile(DataPaths.pricingFile(), true);
    }

    private void migrateLegacy() {
        if (standard) {
            LegacyMigration.run();
        }
    }

    public Path path() {
        return path;
    }

    /** The file's entries as ordered raw JSON values (Map per key); empty when the file is absent. */
    public LinkedHashMap<String, Object> readRaw() {
        migrateLegacy();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (IOException e) {
            if (!Files.exists(path)) {
                return new LinkedHashMap<>(); // e.g. HOME is not a directory: there is no file
            }
            throw new CsException(CsException.IO_ERROR, "Cannot read " + path + ": " + reason(e));
        }
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JacksonException e) {
            throw corrupt("it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw corrupt("the top level must be a JSON object mapping model names to {\"input\", \"output\"}");
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            out.put(e.getKey(), toPlain(e.getValue()));
        }
        return out;
    }

    /** Validated overrides in file order. */
    public LinkedHashMap<String, Price> read() {
        LinkedHashMap<String, Price> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : readRaw().entrySet()) {
            out.put(e.getKey(), validate(e.getKey(), e.getValue()));
        }
        return out;
    }

    private Price validate(String key, Object value) {
        if (key.isBlank()) {
            throw corrupt("an entry has an empty model name");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw corrupt("entry \"" + key + "\" must be an object with numeric \"input\" and \"output\"");
        }
        double in = rate(key, map, "input");
        Price.LongContext tier = null;
        Object lc = map.get("longContext");
        if (lc != null) {
            if (!(lc instanceof Map<?, ?> t)) {
                throw corrupt("entry \"" + key + "\" has a \"longContext\" that is not an object");
            }
            Object th = t.get("threshold");
            if (!(th instanceof Long threshold) || threshold <= 0) {
                throw corrupt("entry \"" + key + "\" needs a positive integer \"longContext.threshold\" (prompt tokens)");
            }
            String k = key + ".longContext";
            double tin = rate(k, t, "input");
            tier = new Price.LongContext(threshold, tin, rate(k, t, "output"),
                    optionalRate(k, t, "cacheWrite5m", tin * Price.CACHE_WRITE_5M_FACTOR),
                    optionalRate(k, t, "cacheWrite1h", tin * Price.CACHE_WRITE_1H_FACTOR),
                    optionalRate(k, t, "cacheRead", tin * Price.CACHE_READ_FACTOR));
        }
        return new Price(in, rate(key, map, "output"),
                optionalRate(key, map, "cacheWrite5m", in * Price.CACHE_WRITE_5M_FACTOR),
                optionalRate(key, map, "cacheWrite1h", in * Price.CACHE_WRITE_1H_FACTOR),
                optionalRate(key, map, "cacheRead", in * Price.CACHE_READ_FACTOR), tier);
    }

    /** An optional rate: absent (or null) means {@code dflt}; present, it is validated like input/output. */
    private double optionalRate(String key, Map<?, ?> map, String field, double dflt) {
        return map.get(field) == null ? dflt : rate(key, map, field);
    }

    private double rate(String key, Map<?, ?> map, String field) {
        Object v = map.get(field);
        if (!(v instanceof Number n)) {
            throw corrupt("entry \"" + key + "\" has no numeric \"" + field + "\" rate");
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < 0 || d > MAX_RATE) {
            throw corrupt("entry \"" + key + "\" has an invalid \"" + field + "\" rate (" + v
                    + "); rates must be between 0 and " + (long) MAX_RATE);
        }
        return d;
    }

    private CsException corrupt(String why) {
        return new CsException(CsException.PRICING_FILE_INVALID,
                "Pricing file " + path + " is invalid: " + why + ". Fix or remove it; it was not changed.");
    }

    /** Replaces the whole file atomically. */
    public void write(Map<String, Object> entries) {
        migrateLegacy();
        Path dir = path.getParent();
        if (!Files.isDirectory(dir) && dir.getParent() != null && !Files.isDirectory(dir.getParent())) {
            // Create the data directory, never a missing home directory above it.
            throw new CsException(CsException.IO_ERROR, "Cannot write " + path + ": the directory " + dir.getParent()
                    + (Files.exists(dir.getParent()) ? " is not a directory" : " does not exist") + " (check HOME)");
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(path.getParent(), "pricing", ".json.tmp");
            try {
                Files.writeString(tmp, Json.pretty(entries), StandardCharsets.UTF_8);
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot write " + path + ": " + reason(e));
        }
    }

    /** A readable cause: NIO exceptions often carry only the path as their message. */
    static String reason(IOException e) {
        String what = switch (e) {
            case java.nio.file.AccessDeniedException x -> "permission denied";
            case java.nio.file.NotDirectoryException x -> "not a directory";
            case java.nio.file.FileAlreadyExistsException x -> "a file is in the way";
            case java.nio.file.DirectoryNotEmptyException x -> "a directory is in the way";
            case NoSuchFileException x -> "no such file or directory";
            default -> null;
        };
        String detail = e instanceof java.nio.file.FileSystemException fs ? fs.getReason() : e.getMessage();
        if (what == null) {
            return detail == null ? e.getClass().getSimpleName() : detail;
        }
        String file = e instanceof java.nio.file.FileSystemException fs ? fs.getFile() : null;
        return what + (file == null ? "" : " (" + file + ")") + (detail == null ? "" : ": " + detail);
    }

    /** Copies the current file aside (before replacing an unreadable one) and returns the copy's path. */
    public Path backup() {
        Path copy = path.resolveSibling(path.getFileName() + ".bak");
        try {
            Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot back up " + path + ": " + reason(e));
        }
        return copy;
    }

    public boolean exists() {
        return Files.exists(path);
    }

    private static Object toPlain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                m.put(e.getKey(), toPlain(e.getValue()));
            }
            return m;
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>();
            node.forEach(n -> l.add(toPlain(n)));
            return l;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return null;
        }
        return node.asText();
    }
}
