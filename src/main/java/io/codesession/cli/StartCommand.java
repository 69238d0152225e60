package io.codesession.cli;

import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.session.SessionService;
import io.codesession.session.SessionService.CloseMode;
import io.codesession.session.SessionService.StartResult;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start a new coding session (or resume this directory's).")
public class StartCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "<name>", description = "Session name.")
    String name;

    @Option(names = "--resume", description = "Reuse the active session of this directory instead of failing.")
    boolean resume;

    @Option(names = "--close-stale", description = "End the active sessions of this directory first.")
    boolean closeStale;

    @Option(names = "--close-stale-all",
            description = "End the active sessions of every directory first (2.6.0's --close-stale).")
    boolean closeStaleAll;

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    Output out;

    @Override
    public void run() {
        Input.line(name, Input.NAME_MAX, "Session name", false);
        CloseMode mode = closeStaleAll ? CloseMode.ALL : closeStale ? CloseMode.SCOPE : CloseMode.NONE;
        StartResult r = sessions.start(name, resume, mode);
        var closed = r.closed().stream().map(c -> Json.obj().add("id", c.id()).add("name", c.name())).toList();
        if (json.json) {
            Json.Obj o = out.envelope().add("id", r.session().id()).add("name", r.session().name())
                    .add("directory", r.scope().directory());
            if (r.resumed()) {
                o.add("branch", r.scope().repo().branch()).add("resumed", true);
                o.add("gitRoot", r.scope().repo().root());
            } else {
                o.add("gitRoot", r.scope().repo().root()).add("branch", r.scope().repo().branch());
            }
            o.add("startTime", r.session().startTime());
            if (!closed.isEmpty()) {
                o.add("closed", closed);
            }
            out.json(o);
            return;
        }
        if (!closed.isEmpty()) {
            out.line(out.gray("  Closed " + closed.size() + " stale session(s)"));
        }
        out.blank();
        if (r.resumed()) {
            out.line(out.green("Resumed session: " + r.session().name() + " (id: " + r.session().id() + ")"));
            out.line(out.gray("  Started: " + r.session().startTime()));
            out.blank();
            return;
        }
        out.line(out.green("Session started: " + r.session().name()) + out.gray("  (id: " + r.session().id() + ")"));
        if (r.scope().repo().branch() != null) {
            out.line(out.gray("  Branch: " + r.scope().repo().branch()));
        }
        out.line(out.gray("  Directory: " + r.scope().directory()));
        String cwd = sessions.cwd().toString();
        if (r.scope().repo().root() != null && !r.scope().repo().root().equals(cwd)) {
            out.line(out.gray("  Git root: " + r.scope().repo().root() + " (scoped from " + cwd + ")"));
        }
        out.blank();
        out.line(out.gray("  Tracking: files, commits, AI usage"));
        out.line(out.gray("  End with: cs end"));
        out.blank();
    }
}
