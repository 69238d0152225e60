package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Format;
import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.proxy.Ports;
import io.codesession.proxy.Posix;
import io.codesession.proxy.ProxyRecorder;
import io.codesession.proxy.ProxyServer;
import io.codesession.proxy.Route;
import io.codesession.proxy.Upstreams;
import io.codesession.session.Session;
import io.codesession.session.SessionService;
import io.codesession.session.SessionService.CloseMode;
import io.codesession.session.SessionService.StartResult;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "proxy", description = "Start the local API proxy: forwards to Anthropic/OpenAI and records token usage.")
public class ProxyCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", description = "Port on 127.0.0.1 (default 3739).")
    String port;

    @Option(names = {"-s", "--session"}, paramLabel = "<name>",
            description = "Start a session with this name here and record to it; it is ended when the proxy stops.")
    String session;

    @Mixin
    JsonMixin json;

    @Inject
    ProxyRecorder recorder;
    @Inject
    SessionService sessions;
    @Inject
    Output out;

    @Override
    public Integer call() throws InterruptedException {
        int p = Ports.parse(port == null ? Integer.toString(ProxyServer.DEFAULT_PORT) : port);
        if (session != null) {
            Input.line(session, Input.NAME_MAX, "Session name", false);
        }
        Upstreams upstreams = Upstreams.fromEnvironment(System.getenv());
        String scope = sessions.scope(sessions.cwd()).directory();
        CountDownLatch stop = new CountDownLatch(1);
        Posix.handle(List.of("INT", "TERM", "HUP"), s -> stop.countDown());
        ProxyServer server = ProxyServer.start(p, upstreams, recorder, listener(), ProxyRecorder.Target.scope(scope));
        Session started = null;
        List<SessionService.Closed> closed = List.of();
        try {
            if (session != null) {
                StartResult r = sessions.start(session, false, CloseMode.SCOPE);
                started = r.session();
                closed = r.closed();
                server.target(ProxyRecorder.Target.pinned(started.id()));
            }
        } catch (RuntimeException e) {
            server.close(0);
            throw e;
        }
        ProxyRecorder.Resolved now = recorder.resolve(started != null ? ProxyRecorder.Target.pinned(started.id())
                : ProxyRecorder.Target.scope(scope));
        if (json.json) {
            printJson(server, started, now);
        } else {
            printHuman(server, started, closed, now, scope);
        }
        stop.await();
        server.close(2);
        if (started != null) {
            try {
                sessions.end(started.id(), null);
            } catch (CsException e) {
                // ended elsewhere meanwhile: nothing left to do
            }
        }
        if (!json.json) {
            out.line(out.gray("Proxy stopped." + (started != null ? " Session \"" + started.name() + "\" ended (cs show "
                    + started.id() + ")." : "")));
            out.flush();
        }
        return 0;
    }

    private ProxyServer.Listener listener() {
        return new ProxyServer.Listener() {
            @Override
            public void recorded(ProxyRecorder.Recorded r) {
                if (json.json) {
                    return;
                }
                synchronized (out) {
                    out.line("  " + out.green("✓") + " " + r.row().provider() + "  " + r.row().model() + "  "
                            + Format.tokens(r.row().tokens()) + " tokens  " + Format.cost(r.row().cost())
                            + out.gray("  → " + r.session().name() + " (id: " + r.session().id() + ")"));
                    out.flush();
                }
            }

            @Override
            public void warning(String code, String message) {
                if (json.json) {
                    out.stderr().println(Json.compact(Json.obj().add("warning", Json.obj().add("code", code)
                            .add("message", message))));
                } else {
                    out.stderr().println(out.yellow("Warning: " + message));
                }
            }
        };
    }

    private void printJson(ProxyServer server, Session started, ProxyRecorder.Resolved now) {
        Json.Obj session = null;
        if (now.found()) {
            session = Json.obj().add("id", now.session().id()).add("name", now.session().name())
                    .add("started", started != null);
        }
        out.json(out.envelope().add("url", server.url()).add("port", server.port())
                .add("pid", ProcessHandle.current().pid())
                .add("upstreams", Json.obj().add("anthropic", server.upstreams().anthropic().toString())
                        .add("openai", server.upstreams().openai().toString()))
                .add("intercepting", Route.METERED)
                .add("session", session)
                .add("env", Json.obj().add("ANTHROPIC_BASE_URL", server.url())
                        .add("OPENAI_BASE_URL", server.url() + "/v1")));
    }

    private void printHuman(ProxyServer server, Session started, List<SessionService.Closed> closed,
            ProxyRecorder.Resolved now, String scope) {
        String url = server.url();
        out.blank();
        out.line(out.bold("codesession proxy") + "  " + url);
        if (!closed.isEmpty()) {
            out.line(out.gray("  Closed " + closed.size() + " active session(s) of this directory"));
        }
        if (started != null) {
            out.line(out.green("  Session started: " + started.name()) + out.gray("  (id: " + started.id()
                    + "; ended when the proxy stops)"));
        } else if (now.found()) {
            out.line("  Recording to: " + now.session().name() + out.gray("  (id: " + now.session().id()
                    + "; the active session of " + scope + ", looked up per request)"));
        } else {
            out.line(out.yellow("  No active session: calls are forwarded but not recorded until one is started "
                    + "(cs start <name>, or cs proxy --session <name>)"));
        }
        out.line(out.gray("  POST /v1/messages → " + server.upstreams().anthropic()));
        out.line(out.gray("  POST /v1/chat/completions, /v1/responses → " + server.upstreams().openai()));
        out.line(out.gray("  other paths pass through untouched"));
        out.blank();
        out.line("  Point your agent at it:");
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            out.line("    $env:ANTHROPIC_BASE_URL=\"" + url + "\"");
            out.line("    $env:OPENAI_BASE_URL=\"" + url + "/v1\"");
        } else {
            out.line("    export ANTHROPIC_BASE_URL=" + url);
            out.line("    export OPENAI_BASE_URL=" + url + "/v1");
        }
        out.blank();
        out.line(out.gray("  Press Ctrl+C to stop."));
        out.blank();
        out.flush();
    }
}
