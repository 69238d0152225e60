package io.codesession.common;

import java.util.regex.Pattern;

/**
 * Strict parsing and validation of user input. Integers are plain decimal digits (no sign,
 * fraction, exponent, hex or trailing text); decimals are plain decimal notation; text has
 * documented length limits and no control characters (line breaks are allowed where noted).
 */
public final class Input {

    public static final int NAME_MAX = 500;
    public static final int NOTE_MAX = 10_000;
    public static final int PROVIDER_MAX = 100;
    public static final int MODEL_MAX = 200;
    public static final int AGENT_MAX = 200;
    /** Largest token count accepted for one entry (far above any real request, below 2^53). */
    public static final long TOKENS_MAX = 1_000_000_000_000L;
    /** Largest cost in dollars accepted for one entry. */
    public static final double COST_MAX = 1_000_000;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,15})?|\\.[0-9]{1,15}");

    private Input() {
    }

    /** A non-negative integer, or an {@code invalid_input} error with {@code message}. */
    public static long nonNegativeInteger(String text, long max, String message) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            throw CsException.invalid(message);
        }
        long v = Long.parseLong(text);
        if (v > max) {
            throw CsException.invalid(message + " (at most " + max + ")");
        }
        return v;
    }

    /** A session id: a positive integer. */
    public static long sessionId(String text) {
        if (text == null || !DIGITS.matcher(text).matches() || Long.parseLong(text) == 0) {
            throw CsException.invalid("Session id must be a positive integer, got \"" + printable(text) + "\"");
        }
        return Long.parseLong(text);
    }

    /** A finite, non-negative decimal not above {@code max}. */
    public static double nonNegativeDecimal(String text, double max, String message) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw CsException.invalid(message);
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v) || v > max) {
            throw CsException.invalid(message + " (at most " + JsNumbers.format(max) + ")");
        }
        return v;
    }

    /** Single-line text: no control characters, at most {@code max} characters. */
    public static String line(String text, int max, String what, boolean allowEmpty) {
        return check(text, max, what, allowEmpty, false);
    }

    /** Multi-line text: tabs and line breaks allowed, other control characters not. */
    public static String multiline(String text, int max, String what, boolean allowEmpty) {
        return check(text, max, what, allowEmpty, true);
    }

    private static String check(String text, int max, String what, boolean allowEmpty, boolean multiline) {
        if (text == null || (!allowEmpty && text.isBlank())) {
            throw CsException.invalid(what + " must not be empty");
        }
        if (text.length() > max) {
            throw CsException.invalid(what + " too long (max " + max + " characters)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowedBreak = multiline && (c == '\n' || c == '\r' || c == '\t');
            if ((c < 0x20 && !allowedBreak) || c == 0x7f) {
                throw CsException.invalid(what + " contains a control character (code " + (int) c + ")");
            }
            if (c == '\uFFFD') {
                throw CsException.invalid(what + " is not valid UTF-8 text");
            }
        }
        return text;
    }

    static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            sb.append(c < 0x20 ? '?' : c);
            if (sb.length() > 40) {
                sb.append('…');
                break;
            }
        }
        return sb.toString();
    }
}
