package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Format;
import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.proxy.Ports;
import io.codesession.proxy.ProxyServer;
import io.codesession.proxy.RunService;
import io.codesession.proxy.RunService.ModelUsage;
import io.codesession.session.Session;
import io.codesession.session.SessionJson;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run a command under a new session and the proxy; print the cost summary.",
        modelTransformer = RunCommand.StopAtCommand.class)
public class RunCommand implements Callable<Integer> {

    @Option(names = {"-n", "--name"}, paramLabel = "<name>", description = "Session name (default: the command line).")
    String name;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>",
            description = "Proxy port on 127.0.0.1 (default 3739, or any free port when 3739 is taken).")
    String port;

    @Option(names = "--no-proxy", description = "Do not start the proxy (the session still tracks files and commits).")
    boolean noProxy;

    @Mixin
    JsonMixin json;

    @Parameters(arity = "1..*", paramLabel = "<command>",
            description = "The command and its arguments, passed as they are (no shell). Options of cs run come first.")
    List<String> command;

    @Inject
    RunService runs;
    @Inject
    Output out;

    /** Everything from the first positional on belongs to the command: {@code cs run claude --resume}. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public static class StopAtCommand implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }

    @Override
    public Integer call() {
        if (name != null) {
            Input.line(name, Input.NAME_MAX, "Session name", false);
        }
        Integer p = null;
        if (port != null) {
            p = Ports.parse(port);
        }
        if (noProxy && port != null) {
            throw CsException.invalid("--port and --no-proxy exclude each other");
        }
        RunService.Result r;
        try {
            r = runs.run(new RunService.Request(command, name, p, !noProxy, json.json), this::header);
        } catch (CsException e) {
            Object code = e.extras().get("exitCode");
            if (code instanceof Integer exit) {
                out.error(e, json.json);
                out.flush();
                return exit;
            }
            throw e;
        }
        if (json.json) {
            printJson(r);
        } else {
            printHuman(r);
        }
        return r.exitCode();
    }

    private void header(Session s, List<io.codesession.session.SessionService.Closed> closed, ProxyServer proxy,
            List<String> notes) {
        if (json.json) {
            for (String n : notes) {
                out.stderr().println(Json.compact(Json.obj().add("warning", Json.obj().add("code", "proxy")
                        .add("message", n))));
            }
            return;
        }
        out.blank();
        out.line("  " + out.bold("● codesession") + "  " + s.name() + out.gray("  (session " + s.id() + ")"));
        if (!closed.isEmpty()) {
            out.line(out.gray("  ↳ closed " + closed.size() + " active session(s) of this directory"));
        }
        if (proxy != null) {
            out.line(out.gray("  ↳ proxy active  " + proxy.url() + "  (API calls auto-tracked)"));
        }
        for (String n : notes) {
            out.line(out.yellow("  ↳ " + n));
        }
        out.line(out.gray("  ↳ tracking files, commits, AI usage"));
        out.line(out.gray("  ↳ ctrl+c stops your command and shows the cost summary"));
        out.blank();
        out.flush();
    }

    private void printJson(RunService.Result r) {
        Session s = r.details().session();
        Json.Obj doc = out.envelope().add("exitCode", r.exitCode()).add("command", command)
                .add("proxy", r.proxyUrl() == null ? null : Json.obj().add("url", r.proxyUrl()).add("port", r.proxyPort()))
                .add("session", SessionJson.record(s))
                .add("files", SessionJson.files(r.details().files()))
                .add("commits", SessionJson.commits(r.details().commits()))
                .add("models", r.models().stream().map(m -> Json.obj().add("provider", m.provider())
                        .add("model", m.model()).add("requests", m.requests()).add("tokens", m.tokens())
                        .add("cost", m.cost())).toList())
                .add("warnings", r.warnings());
        out.json(doc);
    }

    private void printHuman(RunService.Result r) {
        Session s = r.details().session();
        long files = s.filesChanged();
        long commits = s.commits();
        String duration = s.duration() == null || s.duration() == 0 ? "0s" : Format.duration(s.duration());
        out.blank();
        out.line("  " + out.green("✓ Done") + "  " + s.name() + out.gray("  (session " + s.id() + ")"));
        out.line("    " + duration + "  •  " + files + (files == 1 ? " file" : " files") + "  •  " + commits
                + (commits == 1 ? " commit" : " commits") + "  •  " + Format.cost(s.aiCost()) + " AI cost");
        if (!r.models().isEmpty()) {
            ModelUsage top = r.models().getFirst();
            out.line(out.gray("    top model: " + top.model() + "  (" + Format.tokens(top.tokens()) + " tokens, "
                    + top.requests() + (top.requests() == 1 ? " request, " : " requests, ") + Format.cost(top.cost())
                    + ")"));
        }
        if (r.exitCode() != 0) {
            out.line(out.yellow("    command exited with code " + r.exitCode()));
        }
        for (String w : r.warnings()) {
            out.line(out.yellow("    warning: " + w));
        }
        out.blank();
        out.line(out.gray("    cs show " + s.id() + "    full breakdown"));
        out.line(out.gray("    cs dashboard"));
        out.blank();
        out.flush();
    }
}
