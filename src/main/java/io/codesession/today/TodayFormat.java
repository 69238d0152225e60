package io.codesession.today;

import io.codesession.common.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Date, time and width helpers of the {@code cs today} formats (en-US, local time zone). */
public final class TodayFormat {

    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("M/d/uuuu", Locale.US);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("MMM d, h:mm a", Locale.US);
    private static final DateTimeFormatter CLOCK_YEAR = DateTimeFormatter.ofPattern("MMM d, uuuu, h:mm a", Locale.US);
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
    private static final DateTimeFormatter STANDUP_DATE = DateTimeFormatter.ofPattern("EEEE, MMM d", Locale.US);

    private TodayFormat() {
    }

    static ZoneId zone() {
        return ZoneId.systemDefault();
    }

    /** {@code just now}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}, else the date ({@code 3/6/2026}). */
    public static String relativeTime(Instant t, Instant now) {
        long secs = Duration.between(t, now).getSeconds();
        if (secs < 60) {
            return "just now";
        }
        long minutes = secs / 60;
        if (minutes < 60) {
            return minutes + "m ago";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "h ago";
        }
        long days = hours / 24;
        if (days < 7) {
            return days + "d ago";
        }
        return SHORT_DATE.format(t.atZone(zone()));
    }

    public static String relativeTime(String iso, Instant now) {
        Instant t = Timestamps.parse(iso);
        return t == null ? String.valueOf(iso) : relativeTime(t, now);
    }

    /** {@code Mar 5, 9:14 AM} in local time. */
    static String clock(String iso) {
        Instant t = Timestamps.parse(iso);
        return t == null ? String.valueOf(iso) : CLOCK.format(t.atZone(zone()));
    }

    /** {@code Mar 5, 2026, 9:14 AM} in local time. */
    static String clockWithYear(String iso) {
        Instant t = Timestamps.parse(iso);
        return t == null ? String.valueOf(iso) : CLOCK_YEAR.format(t.atZone(zone()));
    }

    /** {@code Friday, March 6, 2026}. */
    static String longDate(Instant t) {
        return LONG_DATE.format(t.atZone(zone()));
    }

    /** {@code Friday, Mar 6}. */
    static String standupDate(Instant t) {
        return STANDUP_DATE.format(t.atZone(zone()));
    }

    /** Keeps {@code text} within {@code n} columns: longer text keeps n−1 columns and gets {@code …}. */
    public static String truncate(String text, int n) {
        if (n <= 0) {
            return "";
        }
        if (width(text) <= n) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = columns(cp);
            if (used + w > n - 1) {
                break;
            }
            sb.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return sb.append('…').toString();
    }

    /** Terminal columns of {@code text}: ANSI colour sequences take none, wide (East Asian, emoji) characters two. */
    public static int width(String text) {
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp == 0x1b && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                int j = i + 2;
                while (j < text.length() && !Character.isLetter(text.charAt(j))) {
                    j++;
                }
                i = Math.min(text.length(), j + 1);
                continue;
            }
            w += columns(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** Columns one code point takes in a terminal. */
    static int columns(int cp) {
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
            return 0;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x200b) {
            return 0;
        }
        if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f)
                || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f)
                || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f)
                || (cp >= 0x1f680 && cp <= 0x1f6ff) || (cp >= 0x1f900 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)) {
            return 2;
        }
        return 1;
    }

    /**
     * Single-line, inert text for a one-line slot: line breaks and tabs become spaces, other
     * control characters (terminal escape sequences from a commit message, say) are dropped.
     */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[\\p{Cc}]", "");
    }
}
