package io.codesession.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON serializer with JavaScript semantics: insertion-ordered objects, numbers as
 * JavaScript prints them, non-finite numbers as null, and JSON.stringify's 2-space pretty form.
 * No reflection: values are Maps, Collections, Strings, Numbers, Booleans, {@link JsonValue}s or
 * null, so it is native-image safe and starts fast.
 */
public final class Json {

    private Json() {
    }

    /** Something that can write itself as JSON (used for streamed or pre-rendered parts). */
    public interface JsonValue {
        Object toJson();
    }

    /** An ordered JSON object builder. */
    public static final class Obj extends LinkedHashMap<String, Object> {
        public Obj add(String key, Object value) {
            put(key, value);
            return this;
        }

        /** Adds the key only when the value is not null. */
        public Obj addIfPresent(String key, Object value) {
            if (value != null) {
                put(key, value);
            }
            return this;
        }
    }

    public static Obj obj() {
        return new Obj();
    }

    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value, false, 0);
        return sb.toString();
    }

    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value, true, 0);
        return sb.toString();
    }

    /** Writes {@code value}; in pretty mode nested lines are indented from {@code level}. */
    public static void write(Appendable out, Object value, boolean pretty, int level) {
        try {
            writeValue(out, value, pretty, level);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(Appendable out, Object value, boolean pretty, int level) throws IOException {
        if (value instanceof JsonValue jv) {
            value = jv.toJson();
        }
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(JsNumbers.json(d));
            case Float f -> out.append(JsNumbers.json(f));
            case Number n -> out.append(n.toString());
            case Map<?, ?> m -> object(out, m, pretty, level);
            case Collection<?> c -> array(out, c, pretty, level);
            default -> string(out, value.toString());
        }
    }

    private static void object(Appendable out, Map<?, ?> map, boolean pretty, int level) throws IOException {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (pretty) {
                newline(out, level + 1);
            }
            string(out, String.valueOf(e.getKey()));
            out.append(pretty ? ": " : ":");
            writeValue(out, e.getValue(), pretty, level + 1);
        }
        if (pretty) {
            newline(out, level);
        }
        out.append('}');
    }

    private static void array(Appendable out, Collection<?> items, boolean pretty, int level) throws IOException {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (pretty) {
                newline(out, level + 1);
            }
            writeValue(out, item, pretty, level + 1);
        }
        if (pretty) {
            newline(out, level);
        }
        out.append(']');
    }

    public static void newline(Appendable out, int level) throws IOException {
        out.append('\n');
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
    }

    /** A JSON string literal, escaped as JSON.stringify does (well-formed: lone surrogates escaped). */
    public static void string(Appendable out, String s) throws IOException {
        out.append('"');
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        unicode(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicode(Appendable out, char c) throws IOException {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int j = hex.length(); j < 4; j++) {
            out.append('0');
        }
        out.append(hex);
    }
}
