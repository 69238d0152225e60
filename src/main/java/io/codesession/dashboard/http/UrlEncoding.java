package io.codesession.dashboard.http;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict decoding of request paths, query strings and urlencoded forms. Malformed
 * percent-encoding, dot segments, control characters and too many parameters are 400s, decided
 * here once so handlers only ever see clean values.
 */
public final class UrlEncoding {

    /** Most parameters one query string or form may carry. */
    public static final int MAX_PARAMS = 100;

    private UrlEncoding() {
    }

    /**
     * The decoded, non-empty segments of a raw path ({@code //} and a trailing {@code /} are
     * ignored). An encoded slash stays inside its segment, so {@code a%2Fb} is the one segment
     * {@code a/b}. Refused: {@code .} and {@code ..} segments (also when encoded, also inside an
     * encoded segment), control characters, backslashes and malformed escapes.
     */
    public static List<String> pathSegments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String s = percentDecode(raw, false);
            for (String part : s.split("/", -1)) {
                if (part.equals(".") || part.equals("..")) {
                    throw new HttpError(400, "Bad request: the path must not contain . or .. segments");
                }
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    throw new HttpError(400, "Bad request: the path contains a control character or a backslash");
                }
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * {@code application/x-www-form-urlencoded} pairs (query strings and form bodies), in order;
     * a name without {@code =} has the empty value. {@code +} is a space.
     */
    public static Map<String, List<String>> parameters(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        int count = 0;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMS) {
                throw new HttpError(400, "Bad request: more than " + MAX_PARAMS + " parameters");
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true);
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return out;
    }

    /** One path segment or parameter, UTF-8; malformed escapes are a 400. */
    static String percentDecode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        try {
            // URLDecoder turns '+' into a space; in a path a '+' is itself.
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "Bad request: malformed percent-encoding");
        }
    }

    /** A query or form value, encoded. */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A path segment, encoded ({@code /} included, spaces as {@code %20}). */
    public static String encodeSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
