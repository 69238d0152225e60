package io.codesession.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Human display helpers (README §8.3 of the spec). */
public final class Format {

    private static final DateTimeFormatter SHOW_DATE =
            DateTimeFormatter.ofPattern("MMM dd, yyyy HH:mm", Locale.US).withZone(ZoneId.systemDefault());

    private Format() {
    }

    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "0s";
        }
        long s = (long) Math.floor(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long r = s % 60;
        if (h > 0) {
            return h + "h " + m + "m";
        }
        if (m > 0) {
            return m + "m";
        }
        return r + "s";
    }

    /** $ with 4 decimals below one cent, else 2; rounds the exact binary value half-up like JS toFixed. */
    public static String cost(double c) {
        if (Double.isNaN(c)) {
            return "$NaN";
        }
        if (Double.isInfinite(c)) {
            return c > 0 ? "$Infinity" : "-$Infinity";
        }
        int places = (c > 0 && c < 0.01) ? 4 : 2;
        return "$" + new BigDecimal(c).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }

    public static String fixed(double v, int places) {
        return new BigDecimal(v).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }

    public static String tokens(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    public static String localDate(String iso) {
        Instant t = Timestamps.parse(iso);
        return t == null ? String.valueOf(iso) : SHOW_DATE.format(t);
    }

    /** English "distance to now" with suffix, as date-fns formatDistanceToNow(addSuffix) phrases it. */
    public static String relative(String iso, Instant now) {
        Instant t = Timestamps.parse(iso);
        if (t == null) {
            return String.valueOf(iso);
        }
        long secs = Duration.between(t, now).getSeconds();
        boolean future = secs < 0;
        String d = distance(Math.abs(secs));
        return future ? "in " + d : d + " ago";
    }

    static String distance(long secs) {
        long minutes = Math.round(secs / 60.0);
        if (minutes < 1) {
            return "less than a minute";
        }
        if (minutes < 45) {
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        if (minutes < 90) {
            return "about 1 hour";
        }
        long hours = Math.round(minutes / 60.0);
        if (minutes < 1440) {
            return "about " + hours + " hours";
        }
        if (minutes < 2520) {
            return "1 day";
        }
        long days = Math.round(minutes / 1440.0);
        if (minutes < 43200) {
            return days + " days";
        }
        if (minutes < 64800) {
            return "about 1 month";
        }
        if (minutes < 86400) {
            return "about 2 months";
        }
        long months = Math.round(minutes / 43200.0);
        if (months < 12) {
            return months + " months";
        }
        long years = minutes / 525600;
        long rem = minutes % 525600;
        if (years < 1) {
            return "about 1 year";
        }
        if (rem < 131400) {
            return "about " + years + (years == 1 ? " year" : " years");
        }
        if (rem < 394200) {
            return "over " + years + (years == 1 ? " year" : " years");
        }
        return "almost " + (years + 1) + " years";
    }
}
