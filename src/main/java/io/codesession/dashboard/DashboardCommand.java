package io.codesession.dashboard;

import io.codesession.cli.Output;
import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.codesession.dashboard.http.WebServer;
import io.codesession.session.ExportService;
import io.codesession.store.AnalyticsStore;
import io.codesession.usage.PricingService;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code cs dashboard}: serves the dashboard until Ctrl+C / SIGTERM. Validates the options,
 * binds the requested host and port (a taken port is reported with a free one to try, nothing is
 * killed), seeds the demo store, starts serving, prints the startup line, opens the browser and
 * waits. The HTTP server exists only here: no other command creates or loads it.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, description = "Open the web dashboard (JSON API and pages) on this machine.")
public class DashboardCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "3737", description = "Port (default ${DEFAULT-VALUE}).")
    String port;

    @Option(names = "--host", paramLabel = "<host>", defaultValue = "127.0.0.1",
            description = "Bind address (default ${DEFAULT-VALUE}). A non-loopback address requires the printed access token.")
    String host;

    @Option(names = "--no-open", description = "Do not open a browser.")
    boolean noOpen;

    @Option(names = "--json", description = "Print one JSON line with url, port, pid, host and apiVersion once listening.")
    boolean json;

    @Option(names = "--demo", description = "Serve generated demo data from a temporary store (your data is not touched).")
    boolean demo;

    @Inject
    Output out;
    @Inject
    DemoStore demoStore;
    @Inject
    DashboardService dashboard;
    @Inject
    AlertsService alerts;
    @Inject
    ExportService export;
    @Inject
    AnalyticsStore analytics;
    @Inject
    PricingService pricing;
    @Inject
    Views views;

    @Override
    public Integer call() throws IOException {
        int p = DashboardOptions.port(port);
        String h = DashboardOptions.host(host);
        DashboardOptions options = new DashboardOptions(p, h, noOpen, json, demo);
        if (demo && System.getProperty(DashboardLaunch.DEMO_DIR) == null) {
            throw CsException.invalid("Could not prepare the demo store; use: cs dashboard --demo [--port <n>] [--host <addr>] "
                    + "[--no-open] [--json]");
        }
        String token = options.exposed() ? DashboardConfig.newToken() : null;
        DashboardConfig config = new DashboardConfig(h, token, demo);
        WebServer server;
        try {
            server = new DashboardServer(dashboard, alerts, export, analytics, pricing, views).bind(config, new InetSocketAddress(InetAddress.getByName(h), p));
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                return portInUse(options);
            }
            throw new CsException(CsException.IO_ERROR, "Cannot listen on " + h + ":" + p + ": " + e.getMessage());
        }
        try {
            if (demo) {
                demoStore.seed();
            }
            server.start();
            announce(options, token);
            if (!noOpen && !json) {
                String url = options.url();
                open(token == null ? url + "/" : url + "/?token=" + token);
            }
            installSignalHandlers();
            Quarkus.waitForExit();
        } finally {
            server.stop();
        }
        return 0;
    }

    private void announce(DashboardOptions o, String token) {
        String url = o.url();
        if (json) {
            Json.Obj line = Json.obj().add("url", url).add("port", o.port()).add("pid", ProcessHandle.current().pid())
                    .add("host", o.host()).add("apiVersion", DashboardService.API_VERSION);
            if (demo) {
                line.add("demo", true);
            }
            if (token != null) {
                line.add("token", token);
                out.stderr().println(Json.compact(Json.obj().add("warning", exposureWarning(o.host()))));
            }
            out.json(line);
        } else {
            if (token != null) {
                out.stderr().println();
                out.stderr().println(out.yellow("Warning: " + exposureWarning(o.host())));
                out.stderr().println();
            }
            out.line(out.bold("codesession dashboard -> " + url) + (demo ? out.gray("  (demo data)") : ""));
            if (token != null) {
                out.line("Session token: " + token);
                out.line("Authenticated URL: " + url + "/?token=" + token);
            }
            out.line(out.gray("Press Ctrl+C to stop"));
            out.flush();
        }
    }

    private int portInUse(DashboardOptions o) {
        boolean ours = isCodesession(o.port());
        int suggested = suggestPort(o.host(), o.port());
        if (o.json()) {
            out.stdout().println(portInUseJson(o.port(), o.host(), ours, suggested));
            out.flush();
        } else {
            out.stderr().println(out.red(portInUseMessage(o.port(), ours) + "."));
            out.stderr().println("Try: cs dashboard --port " + suggested
                    + (DashboardOptions.DEFAULT_HOST.equals(o.host()) ? "" : " --host " + o.host()));
        }
        return 1;
    }

    /** The port-in-use report for --json: one line on stdout. */
    static String portInUseJson(int port, String host, boolean ours, int suggested) {
        return Json.compact(Json.obj()
                .add("error", "EADDRINUSE")
                .add("message", portInUseMessage(port, ours))
                .add("port", port)
                .add("suggestedPort", suggested)
                .add("hint", "cs dashboard --port " + suggested + (DashboardOptions.DEFAULT_HOST.equals(host) ? "" : " --host " + host)));
    }

    static String portInUseMessage(int port, boolean ours) {
        return "Port " + port + " is already in use" + (ours
                ? " by another codesession dashboard (open http://localhost:" + port + ", or pick another port)"
                : " by another process");
    }

    /** Whether {@code host:port} can be bound now (SO_REUSEADDR, like the server's listener on Linux and macOS). */
    static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free port to suggest: the next free one above {@code port}, else any free one. */
    static int suggestPort(String host, int port) {
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
    static boolean isCodesession(int port) {
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

    static String exposureWarning(String host) {
        return "Binding to " + host + " exposes session data (costs, repository activity, file paths, diffs) to the "
                + "network. Every request needs the access token; use this only on trusted networks.";
    }

    /** Ctrl+C and SIGTERM stop the server and exit 0 (the JVM default would exit 130/143). */
    private static void installSignalHandlers() {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), s -> Quarkus.asyncExit(0));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available on this platform: the default shutdown still stops the server
            }
        }
    }

    /** Opens the platform's browser without a shell (weakness SEC-6); failures are ignored. */
    static void open(String url) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> cmd;
        if (os.contains("win")) {
            cmd = List.of("rundll32", "url.dll,FileProtocolHandler", url);
        } else if (os.contains("mac")) {
            cmd = List.of("open", url);
        } else {
            cmd = List.of("xdg-open", url);
        }
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start().getOutputStream().close();
        } catch (Exception e) {
            // no browser opener here (a server, CI): the URL is printed anyway
        }
    }
}
