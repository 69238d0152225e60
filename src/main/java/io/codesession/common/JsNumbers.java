package io.codesession.common;

import java.math.BigDecimal;

/** Renders numbers the way JavaScript's {@code Number.prototype.toString} / JSON.stringify do. */
public final class JsNumbers {

    private JsNumbers() {
    }

    /** JSON text of a double; non-finite values become {@code null} (as JSON.stringify does). */
    public static String json(double d) {
        if (!Double.isFinite(d)) {
            return "null";
        }
        return format(d);
    }

    /** JS string of a double: {@code Infinity}, {@code NaN}, shortest round-trip digits otherwise. */
    public static String format(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        // Double.toString yields the shortest digits that round-trip (JDK 19+).
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int k = digits.length();
        int n = k - bd.scale(); // value = 0.digits * 10^n
        StringBuilder sb = new StringBuilder(32);
        if (d < 0) {
            sb.append('-');
        }
        if (k <= n && n <= 21) {
            sb.append(digits);
            sb.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }

    /** Math.round(x * 1e10) / 1e10 as JavaScript computes it (half toward +infinity). */
    public static double round10(double x) {
        if (!Double.isFinite(x)) {
            return x;
        }
        double scaled = x * 1e10;
        if (!Double.isFinite(scaled) || Math.abs(scaled) >= 0x1p52) {
            return x;
        }
        return Math.floor(scaled + 0.5) / 1e10;
    }
}
