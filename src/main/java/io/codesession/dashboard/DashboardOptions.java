package io.codesession.dashboard;

import io.codesession.common.CsException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The options of {@code cs dashboard}, validated strictly (2.6.0 turned a bad port into 3737 and
 * accepted any host string). Parsed twice with the same rules: by {@link DashboardLaunch} before
 * Quarkus boots (to prepare the {@code --demo} store) and by picocli in {@code DashboardCommand}.
 */
public record DashboardOptions(int port, String host, boolean noOpen, boolean json, boolean demo) {

    public static final int DEFAULT_PORT = 3737;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");
    private static final Pattern HOST_CHARS = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]%_]{1,253}");

    /** A TCP port 1..65535 in plain decimal. */
    public static int port(String text) {
        if (text == null || !DIGITS.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw CsException.invalid("Port must be an integer between 1 and 65535, got \"" + shorten(text) + "\"");
        }
        return Integer.parseInt(text);
    }

    /** An IP literal or a resolvable host name; IPv6 literals may be bracketed. */
    public static String host(String text) {
        if (text == null || !HOST_CHARS.matcher(text).matches()) {
            throw CsException.invalid("Host must be an IP address or host name, got \"" + shorten(text) + "\"");
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            throw CsException.invalid("Unknown host \"" + shorten(text) + "\": it does not resolve to an address of this machine");
        }
        return bare;
    }

    /** Loopback binds (127.0.0.0/8, ::1, localhost) are local; anything else exposes the dashboard. */
    public static boolean isExposed(String host) {
        try {
            return !InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    public boolean exposed() {
        return isExposed(host);
    }

    /**
     * Parses the arguments after {@code dashboard} with picocli's accepted spellings
     * ({@code -p 1}, {@code -p1}, {@code --port 1}, {@code --port=1}); returns null for anything
     * else (help, unknown options), which picocli then reports.
     */
    static DashboardOptions parseOrNull(List<String> args) {
        String port = null;
        String host = null;
        boolean noOpen = false;
        boolean json = false;
        boolean demo = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            String name = a;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (a.startsWith("-p") && a.length() > 2 && !a.startsWith("--")) {
                name = "-p";
                value = a.substring(2);
            }
            switch (name) {
                case "-p", "--port", "--host" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            return null;
                        }
                        value = args.get(++i);
                    }
                    if (name.equals("--host")) {
                        host = value;
                    } else {
                        port = value;
                    }
                }
                case "--no-open" -> noOpen = true;
                case "--json" -> json = true;
                case "--demo" -> demo = true;
                default -> {
                    return null;
                }
            }
        }
        try {
            return new DashboardOptions(port == null ? DEFAULT_PORT : port(port), host == null ? DEFAULT_HOST : host(host),
                    noOpen, json, demo);
        } catch (CsException e) {
            return null;
        }
    }

    /** The URL people open: localhost for loopback and wildcard binds, else the bound address. */
    public String url() {
        String h;
        try {
            InetAddress a = InetAddress.getByName(host);
            h = a.isLoopbackAddress() || a.isAnyLocalAddress() ? "localhost" : host;
        } catch (UnknownHostException e) {
            h = host;
        }
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + port;
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
