package io.codesession.dashboard;

import java.util.regex.Pattern;

/** Strict query-parameter parsing: bad values are 400s that say what is expected. */
final class Params {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");

    private Params() {
    }

    /** An integer in [min, max]; absent or empty → {@code def}. */
    static int integer(String name, String value, int def, int min, int max) {
        if (value == null || value.isEmpty()) {
            return def;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw ApiError.badRequest(name + " must be an integer between " + min + " and " + max + ", got \""
                    + shorten(value) + "\"");
        }
        long v = Long.parseLong(value);
        if (v < min || v > max) {
            throw ApiError.badRequest(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return (int) v;
    }

    /** A session id path segment: a positive integer. */
    static long sessionId(String value) {
        if (value == null || !DIGITS.matcher(value).matches() || Long.parseLong(value) == 0) {
            throw ApiError.badRequest("Invalid session ID: expected a positive integer, got \"" + shorten(value) + "\"");
        }
        return Long.parseLong(value);
    }

    /** A repository-relative file path for diff filters. */
    static String file(String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > 4096 || value.startsWith("/") || value.contains("\0")
                || value.endsWith("/") || value.contains("//")) {
            throw ApiError.badRequest("file must be a repository-relative path, got \"" + shorten(value) + "\"");
        }
        for (String part : value.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw ApiError.badRequest("file must not contain . or .. segments");
            }
        }
        return value;
    }

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 ? '?' : c);
            if (sb.length() >= 60) {
                sb.append('…');
                break;
            }
        }
        return sb.toString();
    }
}
