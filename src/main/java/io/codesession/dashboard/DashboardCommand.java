package io.codesession.dashboard;

import io.codesession.cli.Output;
import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code cs dashboard}: serves the dashboard until Ctrl+C / SIGTERM. The listener itself was
 * configured by {@link DashboardLaunch} before boot; this command validates the options the same
 * way, seeds the demo store, prints the startup line, opens the browser and waits.
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
    DashboardConfig config;

    @Override
    public Integer call() {
        int p = DashboardOptions.port(port);
        String h = DashboardOptions.host(host);
        if (!String.valueOf(p).equals(System.getProperty(DashboardLaunch.PORT))
                || !h.equals(System.getProperty(DashboardLaunch.HOST))) {
            throw CsException.invalid("Could not read the dashboard options; use: cs dashboard [--port <n>] [--host <addr>] "
                    + "[--no-open] [--json] [--demo]");
        }
        DashboardOptions options = new DashboardOptions(p, h, noOpen, json, demo);
        if (System.getProperty(DashboardLaunch.PORT_BUSY) != null) {
            return portInUse(options);
        }
        if (demo) {
            demoStore.seed();
        }
        String url = options.url();
        String token = config.token().orElse(null);
        if (json) {
            Json.Obj line = Json.obj().add("url", url).add("port", p).add("pid", ProcessHandle.current().pid())
                    .add("host", h).add("apiVersion", DashboardService.API_VERSION);
            if (demo) {
                line.add("demo", true);
            }
            if (token != null) {
                line.add("token", token);
                out.stderr().println(Json.compact(Json.obj().add("warning", exposureWarning(h))));
            }
            out.json(line);
        } else {
            if (token != null) {
                out.stderr().println();
                out.stderr().println(out.yellow("Warning: " + exposureWarning(h)));
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
        if (!noOpen && !json) {
            open(token == null ? url + "/" : url + "/?token=" + token);
        }
        installSignalHandlers();
        Quarkus.waitForExit();
        return 0;
    }

    private int portInUse(DashboardOptions o) {
        boolean ours = DashboardLaunch.isCodesession(o.port());
        int suggested = DashboardLaunch.suggestPort(o.host(), o.port());
        if (o.json()) {
            out.stdout().println(DashboardLaunch.portInUseJson(o.port(), o.host(), ours, suggested));
            out.flush();
        } else {
            out.stderr().println(out.red(DashboardLaunch.portInUseMessage(o.port(), ours) + "."));
            out.stderr().println("Try: cs dashboard --port " + suggested
                    + (DashboardOptions.DEFAULT_HOST.equals(o.host()) ? "" : " --host " + o.host()));
        }
        return 1;
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
