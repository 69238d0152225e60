package io.codesession.hooks;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.codesession.common.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a settings file without losing anything we do not understand: objects keep
 * their key order ({@link LinkedHashMap}), numbers keep their exact text ({@link RawNumber}),
 * duplicate keys and trailing content are refused (rewriting would silently drop data). Written
 * back as {@code JSON.stringify(value, null, 2)} does, which is how Claude Code writes its
 * settings, with a trailing newline.
 */
public final class SettingsJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SettingsJson() {
    }

    /** A JSON number kept as written, so re-serialising never changes it (1.50 stays 1.50, 1e3 stays 1e3). */
    public static final class RawNumber extends Number {
        private final String text;

        public RawNumber(String text) {
            this.text = text;
        }

        @Override
        public int intValue() {
            return new BigDecimal(text).intValue();
        }

        @Override
        public long longValue() {
            return new BigDecimal(text).longValue();
        }

        @Override
        public float floatValue() {
            return Float.parseFloat(text);
        }

        @Override
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RawNumber r && r.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown for text that is not exactly one JSON value; the message says where. */
    public static final class InvalidJson extends Exception {
        public InvalidJson(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses one JSON value: objects as ordered maps, arrays as lists, numbers as {@link RawNumber}. */
    public static Object parse(byte[] data) throws InvalidJson {
        try (JsonParser p = FACTORY.createParser(data)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InvalidJson("it is empty");
            }
            Object value = value(p, t);
            if (p.nextToken() != null) {
                throw new InvalidJson("unexpected content after the JSON value at line " + p.currentLocation().getLineNr()
                        + ", column " + p.currentLocation().getColumnNr());
            }
            return value;
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidJson(e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new InvalidJson(e.getMessage());
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    list.add(value(p, v));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new RawNumber(p.getText());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected token " + t);
        };
    }

    /** The file text: 2-space pretty JSON and a trailing newline. */
    public static String write(Object value) {
        return Json.pretty(value) + "\n";
    }
}
