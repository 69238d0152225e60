package io.codesession.dashboard;

import io.codesession.common.Format;
import io.codesession.common.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Display helpers for the pages ({@code {fmt:cost(x)}} in templates); dashboard.md §6.1. */
public final class Fmt {

    static final ZoneId ZONE = ZoneId.systemDefault();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MMM d, hh:mm a", Locale.US).withZone(ZONE);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("MMM d, yyyy hh:mm a", Locale.US).withZone(ZONE);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.US);

    private Fmt() {
    }

    static double num(Object v) {
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** $0.00; 4 decimals below a cent; "—" for null (non-finite). */
    public static String cost(Object v) {
        if (v == null) {
            return "—";
        }
        double d = num(v);
        if (d == 0 || Double.isNaN(d)) {
            return "$0.00";
        }
        return Format.cost(d);
    }

    /** 1.2M / 3.4K / 999. */
    public static String tokens(Object v) {
        double d = num(v);
        if (d >= 1_000_000) {
            return fixed(d / 1_000_000, 1) + "M";
        }
        if (d >= 1000) {
            return fixed(d / 1000, 1) + "K";
        }
        return Long.toString((long) d);
    }

    /** Exact count with thousands separators. */
    public static String count(Object v) {
        return String.format(Locale.US, "%,d", (long) num(v));
    }

    /** — / 0s / 45s / 3m 20s / 2h 5m. */
    public static String duration(Object v) {
        if (v == null) {
            return "—";
        }
        long s = (long) num(v);
        if (s <= 0) {
            return "0s";
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s % 60 == 0 ? s / 60 + "m" : s / 60 + "m " + s % 60 + "s";
        }
        long m = (s % 3600) / 60;
        return m == 0 ? s / 3600 + "h" : s / 3600 + "h " + m + "m";
    }

    public static String dateTime(Object iso) {
        Instant t = iso == null ? null : Timestamps.parse(iso.toString());
        return t == null ? "—" : DATE_TIME.format(t);
    }

    public static String fullDateTime(Object iso) {
        Instant t = iso == null ? null : Timestamps.parse(iso.toString());
        return t == null ? "—" : FULL.format(t);
    }

    public static String day(Object ymd) {
        try {
            return DAY.format(LocalDate.parse(String.valueOf(ymd)));
        } catch (RuntimeException e) {
            return String.valueOf(ymd);
        }
    }

    /** Cost per hour of a session, "—" when duration or cost is zero/missing. */
    public static String perHour(Object cost, Object duration) {
        double c = num(cost);
        double d = num(duration);
        if (c <= 0 || d <= 0) {
            return "—";
        }
        return Format.cost(c * 3600 / d) + "/h";
    }

    public static String fixed(double v, int places) {
        return new BigDecimal(v).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }

    /** A number as JavaScript prints it (15, not 15.0), for form values. */
    public static String plain(Object v) {
        return io.codesession.common.JsNumbers.format(num(v));
    }

    public static String rate4(Object v) {
        return fixed(num(v), 4);
    }

    public static String rate(Object v) {
        return "$" + fixed(num(v), 2);
    }

    public static String percent(Object part, Object whole) {
        double w = num(whole);
        return w <= 0 ? "—" : fixed(num(part) * 100 / w, 1) + "%";
    }

    /** Percentage 0..100 as an integer (for SVG bar widths). */
    public static long pct(Object part, Object whole) {
        double w = num(whole);
        return w <= 0 ? 0 : Math.max(0, Math.min(100, Math.round(num(part) * 100 / w)));
    }

    /** Last path segment of a directory. */
    public static String base(Object path) {
        String p = String.valueOf(path);
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        int i = p.lastIndexOf('/');
        return i < 0 ? p : p.substring(i + 1);
    }

    /** Directory part of a relative path, with its trailing slash ("" for top-level files). */
    public static String dir(Object path) {
        String p = String.valueOf(path);
        int i = p.lastIndexOf('/');
        return i < 0 ? "" : p.substring(0, i + 1);
    }

    public static String file(Object path) {
        String p = String.valueOf(path);
        int i = p.lastIndexOf('/');
        return i < 0 ? p : p.substring(i + 1);
    }

    public static String shortHash(Object hash) {
        String h = String.valueOf(hash);
        return h.length() > 7 ? h.substring(0, 7) : h;
    }

    public static String urlEncode(Object s) {
        return java.net.URLEncoder.encode(String.valueOf(s), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String zone() {
        return ZONE.getId();
    }
}
