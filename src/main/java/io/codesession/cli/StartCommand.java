package io.codesession.cli;

import io.codesession.common.CsException;
import io.codesession.common.Format;
import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.common.Timestamps;
import io.codesession.session.LiveTracker;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionService;
import io.codesession.session.SessionService.CloseMode;
import io.codesession.session.SessionService.StartResult;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/**
 * {@code cs start}. With {@code --json} (agents) it records the session and returns. Without it
 * the command stays in the foreground and tracks live (see {@link LiveTracker}) until Ctrl+C or
 * SIGTERM, which end the session, or until the session is ended from elsewhere; {@code --no-watch}
 * returns at once instead.
 */
@Command(name = "start", description = "Start a new coding session (or resume this directory's). Without --json it "
        + "stays in the foreground, recording file changes and commits live, until Ctrl+C ends the session.")
public class StartCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<name>", description = "Session name.")
    String name;

    @Option(names = "--resume", description = "Reuse the active session of this directory instead of failing.")
    boolean resume;

    @Option(names = "--close-stale", description = "End the active sessions of this directory first.")
    boolean closeStale;

    @Option(names = "--close-stale-all",
            description = "End the active sessions of every directory first (2.6.0's --close-stale).")
    boolean closeStaleAll;

    @Option(names = "--no-watch", description = "Do not stay in the foreground: return at once (cs end still "
            + "records files and commits from git).")
    boolean noWatch;

    @Mixin
    JsonMixin json;

    @Inject
    SessionService sessions;
    @Inject
    LiveTracker tracker;
    @Inject
    Output out;

    @Override
    public Integer call() throws InterruptedException {
        Input.line(name, Input.NAME_MAX, "Session name", false);
        CloseMode mode = closeStaleAll ? CloseMode.ALL : closeStale ? CloseMode.SCOPE : CloseMode.NONE;
        StartResult r;
        try {
            r = sessions.start(name, resume, mode);
        } catch (CsException e) {
            if (json.json || !CsException.SESSION_ACTIVE.equals(e.code())) {
                throw e;
            }
            conflict(e);
            return 1;
        }
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
            return 0;
        }
        if (!closed.isEmpty()) {
            out.line(out.gray("  Closed " + closed.size() + " stale session(s)"));
        }
        out.blank();
        if (r.resumed()) {
            out.line(out.green("Resumed session: " + r.session().name() + " (id: " + r.session().id() + ")"));
            out.line(out.gray("  Started: " + r.session().startTime()));
            out.blank();
            return 0;
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
        if (noWatch) {
            out.line(out.gray("  Tracking: AI usage now; files and commits from git at cs end"));
            out.line(out.gray("  End with: cs end"));
            out.blank();
            out.flush();
            return 0;
        }
        out.flush();
        return live(r.session());
    }

    /** 2.6.0's conflict text with its three options; exit 1 (an error, as in --json mode). */
    private void conflict(CsException e) {
        var err = out.stderr();
        out.flush();
        err.println();
        err.println(out.yellow("Session \"" + e.extras().get("activeSession") + "\" is already active for this directory (id: "
                + e.extras().get("id") + ")."));
        err.println("  Options:");
        err.println("    cs end                   \u2014 end it manually");
        err.println("    cs start --resume        \u2014 reuse the session for this directory");
        err.println("    cs start --close-stale   \u2014 auto-close stale sessions");
        err.println();
    }

    private int live(Session session) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        for (String signal : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(signal), s -> stop.set(true));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not on this platform: the default handling ends the process; cs recover cleans up
            }
        }
        boolean tty = System.console() != null && System.console().isTerminal();
        LiveTracker.Stop why = tracker.track(session, stop::get, new LiveTracker.Listener() {
            @Override
            public void ready() {
                out.line(out.gray("  Tracking live: files, commits, AI usage"));
                out.line(out.gray("  End with: Ctrl+C here, or cs end in another terminal"));
                out.blank();
                out.flush();
            }

            @Override
            public void status(Session s) {
                if (tty) {
                    out.stdout().print("\r\033[2K" + out.gray(statusLine(s)));
                    out.flush();
                }
            }

            @Override
            public void warning(String message) {
                out.stderr().println(out.yellow("[codesession] " + message));
            }
        });
        if (tty) {
            out.stdout().print("\r\033[2K");
        }
        if (why == LiveTracker.Stop.ENDED_ELSEWHERE) {
            out.line(out.yellow("Session \"" + session.name() + "\" was ended elsewhere; stopped tracking."));
            out.flush();
            return 0;
        }
        SessionDetails d;
        try {
            d = sessions.end(session.id(), null);
        } catch (CsException e) {
            out.line(out.yellow("Session \"" + session.name() + "\" was ended elsewhere; stopped tracking."));
            out.flush();
            return 0;
        }
        out.blank();
        out.line(out.green("Session ended"));
        SessionView.print(out, d.session());
        out.blank();
        out.flush();
        return 0;
    }

    static String statusLine(Session s) {
        Instant start = Timestamps.parse(s.startTime());
        long secs = start == null ? 0 : Math.max(0, Duration.between(start, Instant.now()).toSeconds());
        return "\u25cf " + Format.duration(secs) + " \u00b7 " + s.filesChanged() + " files \u00b7 " + s.commits()
                + " commits \u00b7 " + Format.cost(s.aiCost()) + " \u00b7 Ctrl+C to end";
    }
}
