package io.codesession.dashboard;

import io.codesession.common.DataPaths;
import io.codesession.common.Json;
import java.io.IOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Server-mode preparation, run by {@code Main} before Quarkus boots. The packaged configuration
 * keeps HTTP off ({@code quarkus.http.host-enabled=false}) so one-shot commands never bind a
 * port; only a well-formed {@code cs dashboard} line whose port is free turns the listener on,
 * for its host and port. It also generates the access token of an exposed bind and, for
 * {@code --demo}, points the process at a throw-away home and store.
 */
public final class DashboardLaunch {

    public static final String HOST = "codesession.dashboard.host";
    public static final String PORT = "codesession.dashboard.port";
    public static final String TOKEN = "codesession.dashboard.token";
    public static final String DEMO_DIR = "codesession.dashboard.demo-dir";
    /** Set when the port was already taken at launch: the command reports it, HTTP stays off. */
    public static final String PORT_BUSY = "codesession.dashboard.port-busy";

    private static final DashboardLaunch NONE = new DashboardLaunch(null);

    private final DashboardOptions options;
    private Path demoDir;

    private DashboardLaunch(DashboardOptions options) {
        this.options = options;
    }

    public static DashboardLaunch prepare(String[] args) {
        if (args.length == 0 || !"dashboard".equals(args[0])) {
            return NONE;
        }
        DashboardOptions o = DashboardOptions.parseOrNull(Arrays.asList(args).subList(1, args.length));
        if (o == null) {
            return NONE; // picocli reports the bad option; no server
        }
        DashboardLaunch launch = new DashboardLaunch(o);
        System.setProperty(HOST, o.host());
        System.setProperty(PORT, Integer.toString(o.port()));
        if (!isFree(o.host(), o.port())) {
            System.setProperty(PORT_BUSY, "true");
            return launch;
        }
        System.setProperty("quarkus.http.host-enabled", "true");
        System.setProperty("quarkus.http.host", o.host());
        System.setProperty("quarkus.http.port", Integer.toString(o.port()));
        if (o.exposed()) {
            System.setProperty(TOKEN, newToken());
        }
        if (o.demo()) {
            try {
                launch.demoDir = Files.createTempDirectory("codesession-demo-");
                Path home = Files.createDirectories(launch.demoDir.resolve("home"));
                System.setProperty(DEMO_DIR, launch.demoDir.toString());
                System.setProperty(DataPaths.HOME_PROPERTY, home.toString());
                System.setProperty(DataPaths.DB_PATH_PROPERTY, launch.demoDir.resolve("demo.db").toString());
            } catch (IOException e) {
                System.err.println("codesession: cannot create the demo directory: " + e.getMessage());
                System.exit(1);
            }
        }
        return launch;
    }

    /** 24 random bytes, base64url without padding: 32 characters. */
    static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code host:port} can be bound now (same SO_REUSEADDR setting as the server). */
    public static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free port to suggest: the next free one above {@code port}, else any free one. */
    public static int suggestPort(String host, int port) {
        for (int p = port + 1; p <= Math.min(65535, port + 50); p++) {
            if (isFree(host, p)) {
                return p;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            return port + 1;
        }
    }

    /** Whether a codesession dashboard answers on the port (so the message can say so). */
    public static boolean isCodesession(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/v1/version").toURL()
                    .openConnection();
            c.setConnectTimeout(400);
            c.setReadTimeout(600);
            c.setInstanceFollowRedirects(false);
            try {
                c.getResponseCode();
                return c.getHeaderField(SecurityFilter.API_VERSION_HEADER) != null;
            } finally {
                c.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The port-in-use report: JSON on stdout under --json, else two lines on stderr. */
    public static String portInUseJson(int port, String host, boolean ours, int suggested) {
        return Json.compact(Json.obj()
                .add("error", "EADDRINUSE")
                .add("message", portInUseMessage(port, ours))
                .add("port", port)
                .add("suggestedPort", suggested)
                .add("hint", "cs dashboard --port " + suggested + (DashboardOptions.DEFAULT_HOST.equals(host) ? "" : " --host " + host)));
    }

    public static String portInUseMessage(int port, boolean ours) {
        return "Port " + port + " is already in use" + (ours
                ? " by another codesession dashboard (open http://localhost:" + port + ", or pick another port)"
                : " by another process");
    }

    /** Turns a failed boot into exit 1 with a clear message (the port can be taken between check and bind). */
    public int reportBootFailure(Throwable failure) {
        boolean bind = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                bind = true;
                break;
            }
        }
        if (bind && options != null) {
            int suggested = suggestPort(options.host(), options.port());
            if (options.json()) {
                System.out.println(portInUseJson(options.port(), options.host(), false, suggested));
                System.out.flush();
            } else {
                System.err.println(portInUseMessage(options.port(), false) + ".");
                System.err.println("Try: cs dashboard --port " + suggested);
            }
        } else {
            System.err.println("codesession: " + failure.getMessage());
        }
        return 1;
    }

    /** Removes the demo store, if any. */
    public void cleanUp() {
        if (demoDir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(demoDir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the OS cleans temp eventually
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
        demoDir = null;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
