package io.codesession.proxy;

import io.codesession.common.CsException;
import io.codesession.common.Input;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionService;
import io.codesession.session.SessionService.CloseMode;
import io.codesession.session.SessionService.StartResult;
import io.codesession.usage.AiUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cs run}: starts a session (ending this directory's active ones, with their git scan)
 * and the proxy pinned to it, runs the command with its argv exactly as given (no shell), with
 * {@code ANTHROPIC_BASE_URL}/{@code OPENAI_BASE_URL} pointing at the proxy, forwards signals,
 * then stops the proxy, ends the session with the end-of-session git scan whatever happened,
 * and reports the command's exit code (128 + signal number when a signal killed it).
 */
@ApplicationScoped
public class RunService {

    public static final String COMMAND_NOT_FOUND = "command_not_found";
    public static final String COMMAND_NOT_EXECUTABLE = "command_not_executable";
    /** Longest session name derived from the command line (2.6.0: 120 characters). */
    public static final int DERIVED_NAME_MAX = 120;
    /** How long a command gets to exit after TERM before it is killed. */
    static final long TERM_GRACE_SECONDS = 10;

    @Inject
    SessionService sessions;
    @Inject
    ProxyRecorder recorder;

    /** {@code port} null: 3739, or any free port when 3739 is taken. */
    public record Request(List<String> command, String name, Integer port, boolean proxy, boolean childStdoutToStderr) {
    }

    /** Told once the session and proxy are up, just before the command starts. */
    public interface Started {
        void started(Session session, List<SessionService.Closed> closed, ProxyServer proxy, List<String> notes);
    }

    /** Per-model totals of the session's AI usage. */
    public record ModelUsage(String provider, String model, long requests, long tokens, double cost) {
    }

    public record Result(int exitCode, SessionDetails details, String proxyUrl, Integer proxyPort,
            List<ModelUsage> models, List<String> warnings) {
    }

    /** Runs the request; a command that cannot be found or run is a {@link CsException} with {@code exitCode} 127/126. */
    public Result run(Request r, Started started) {
        List<String> command = r.command();
        String name = r.name() != null ? r.name() : derivedName(command);
        Path cwd = sessions.cwd();
        checkExecutable(command.getFirst(), System.getenv("PATH"), cwd);

        ChildSignals signals = new ChildSignals(Posix.stdinIsTerminal());
        Posix.handle(List.of("INT", "TERM", "HUP"), signals::received);
        List<String> notes = new ArrayList<>();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        ProxyServer proxy = r.proxy() ? startProxy(r.port(), notes, warnings) : null;
        StartResult s;
        try {
            s = sessions.start(name, false, CloseMode.SCOPE);
        } catch (RuntimeException e) {
            if (proxy != null) {
                proxy.close(0);
            }
            throw e;
        }
        long id = s.session().id();
        int exit;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).inheritIO();
            if (r.childStdoutToStderr()) {
                pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
            }
            Map<String, String> env = pb.environment();
            env.put("CODESESSION_SESSION_ID", Long.toString(id));
            if (proxy != null) {
                proxy.target(ProxyRecorder.Target.pinned(id));
                env.put("ANTHROPIC_BASE_URL", proxy.url());
                env.put("OPENAI_BASE_URL", proxy.url() + "/v1");
            }
            started.started(s.session(), s.closed(), proxy, List.copyOf(notes));
            exit = runChild(pb, signals, r.childStdoutToStderr(), command);
        } finally {
            if (proxy != null) {
                proxy.close(2);
            }
        }
        SessionDetails details = end(id, command);
        return new Result(exit, details, proxy == null ? null : proxy.url(), proxy == null ? null : proxy.port(),
                models(details.usage()), List.copyOf(warnings));
    }

    /** The proxy on {@code port}; without one, on 3739 or (when that is taken) any free port. */
    private ProxyServer startProxy(Integer port, List<String> notes, List<String> warnings) {
        ProxyServer.Listener listener = new ProxyServer.Listener() {
            @Override
            public void recorded(ProxyRecorder.Recorded rec) {
                // the summary reads the session's rows
            }

            @Override
            public void warning(String code, String message) {
                warnings.add(message);
            }
        };
        Upstreams upstreams = Upstreams.forRun(System.getenv(), notes);
        ProxyRecorder.Target nothingYet = ProxyRecorder.Target.pinned(0);
        try {
            return ProxyServer.start(port != null ? port : ProxyServer.DEFAULT_PORT, upstreams, recorder, listener,
                    nothingYet);
        } catch (CsException e) {
            if (port != null || !ProxyServer.PORT_IN_USE.equals(e.code())) {
                throw e;
            }
            ProxyServer p = ProxyServer.start(0, upstreams, recorder, listener, nothingYet);
            notes.add("port " + ProxyServer.DEFAULT_PORT + " is in use: the proxy listens on " + p.port());
            return p;
        }
    }

    /** Starts the command and waits for it; its exit code, 128 + n when signal n ended it. */
    private int runChild(ProcessBuilder pb, ChildSignals signals, boolean pumpStdout, List<String> command) {
        Process child;
        synchronized (signals) {
            if (signals.early != null) {
                return 128 + Math.max(0, Posix.number(signals.early)); // stopped before the command started
            }
            try {
                child = pb.start();
            } catch (IOException e) {
                throw new CsException(COMMAND_NOT_EXECUTABLE, "Cannot run " + clean(command.getFirst(), 200, false)
                        + ": " + firstLine(e.getMessage())).with("exitCode", 126);
            }
            signals.child = child;
        }
        Thread pump = pumpStdout ? pump(child.getInputStream(), new java.io.FileOutputStream(java.io.FileDescriptor.err)) : null;
        try {
            int exit = child.waitFor();
            if (pump != null) {
                pump.join(TimeUnit.SECONDS.toMillis(2)); // a background grandchild may keep the pipe open
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
            return 130;
        }
    }

    /**
     * Forwards the signals cs run receives to the command. TERM: the command gets TERM, and KILL
     * after {@value #TERM_GRACE_SECONDS} s (a second TERM kills at once). INT: forwarded unless
     * stdin is a terminal, whose Ctrl+C reached the command already (same process group; a second
     * INT would look like a double Ctrl+C). HUP: forwarded. Before the command starts, a signal
     * cancels it (the session is still ended).
     */
    static final class ChildSignals {
        private final boolean interactive;
        Process child;
        String early;
        private boolean termSent;

        ChildSignals(boolean interactive) {
            this.interactive = interactive;
        }

        synchronized void received(String sig) {
            if (child == null) {
                if (early == null) {
                    early = sig;
                }
                return;
            }
            if (!child.isAlive()) {
                return;
            }
            switch (sig) {
                case "INT" -> {
                    if (!interactive) {
                        Posix.signal(child.toHandle(), "INT");
                    }
                }
                case "TERM" -> {
                    if (termSent) {
                        child.destroyForcibly();
                        return;
                    }
                    termSent = true;
                    Posix.signal(child.toHandle(), "TERM");
                    Process c = child;
                    Thread.ofVirtual().start(() -> {
                        try {
                            if (!c.waitFor(TERM_GRACE_SECONDS, TimeUnit.SECONDS)) {
                                c.destroyForcibly();
                            }
                        } catch (InterruptedException e) {
                            c.destroyForcibly();
                        }
                    });
                }
                default -> Posix.signal(child.toHandle(), sig);
            }
        }
    }

    /** Ends the session with the git scan; a session someone else ended meanwhile is reported as it is. */
    private SessionDetails end(long id, List<String> command) {
        String notes = clean("cs run: " + String.join(" ", command), Input.NOTE_MAX, true);
        try {
            return sessions.end(id, notes);
        } catch (CsException e) {
            if (CsException.SESSION_NOT_FOUND.equals(e.code())) {
                return sessions.details(id);
            }
            throw e;
        }
    }

    private static Thread pump(InputStream in, OutputStream to) {
        return Thread.ofPlatform().daemon().name("cs-run-stdout").start(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the command's output ended
            }
        });
    }

    /** Per-model totals, most expensive first (then most tokens). */
    static List<ModelUsage> models(List<AiUsage> rows) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, double[]> costs = new LinkedHashMap<>();
        Map<String, String[]> names = new LinkedHashMap<>();
        for (AiUsage u : rows) {
            String k = u.provider() + "\u0000" + u.model();
            long[] c = counts.computeIfAbsent(k, x -> new long[2]);
            c[0]++;
            c[1] += u.tokens();
            costs.computeIfAbsent(k, x -> new double[1])[0] += u.cost();
            names.putIfAbsent(k, new String[] {u.provider(), u.model()});
        }
        List<ModelUsage> out = new ArrayList<>();
        for (String k : counts.keySet()) {
            out.add(new ModelUsage(names.get(k)[0], names.get(k)[1], counts.get(k)[0], counts.get(k)[1],
                    io.codesession.common.JsNumbers.round10(costs.get(k)[0])));
        }
        out.sort((a, b) -> a.cost() != b.cost() ? Double.compare(b.cost(), a.cost()) : Long.compare(b.tokens(), a.tokens()));
        return out;
    }

    /** The session name from the command line: its words joined by spaces, at most 120 characters. */
    static String derivedName(List<String> command) {
        String joined = clean(String.join(" ", command), Integer.MAX_VALUE, false).strip();
        if (joined.isEmpty()) {
            joined = "cs run";
        }
        if (joined.codePointCount(0, joined.length()) > DERIVED_NAME_MAX) {
            joined = joined.substring(0, joined.offsetByCodePoints(0, DERIVED_NAME_MAX)).strip();
        }
        return joined;
    }

    /** Control characters become spaces (line breaks and tabs kept when {@code multiline}); cut at {@code max}. */
    static String clean(String s, int max, boolean multiline) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            boolean keep = multiline && (c == '\n' || c == '\t');
            sb.append((c < 0x20 && !keep) || c == 0x7f || c == '\uFFFD' ? ' ' : c);
        }
        if (sb.length() > 0 && Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    /**
     * Fails before anything starts when the command cannot be run: not found on PATH (127) or
     * not an executable file (126), as a shell would report it. No session is created.
     */
    static void checkExecutable(String cmd, String pathVar, Path cwd) {
        if (File.separatorChar == '\\') {
            return; // Windows: PATHEXT rules; the start itself reports failures
        }
        if (cmd.isEmpty()) {
            throw notFound(cmd);
        }
        try {
            if (cmd.contains("/")) {
                Path p = cwd.resolve(cmd);
                if (!Files.exists(p)) {
                    throw notFound(cmd);
                }
                if (Files.isDirectory(p) || !Files.isExecutable(p)) {
                    throw new CsException(COMMAND_NOT_EXECUTABLE, "Not an executable file: " + cmd).with("exitCode", 126);
                }
                return;
            }
            boolean nonExecutable = false;
            for (String dir : (pathVar == null ? "" : pathVar).split(File.pathSeparator, -1)) {
                Path p = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(cmd);
                if (Files.isRegularFile(p)) {
                    if (Files.isExecutable(p)) {
                        return;
                    }
                    nonExecutable = true;
                }
            }
            if (nonExecutable) {
                throw new CsException(COMMAND_NOT_EXECUTABLE, "Not an executable file: " + cmd).with("exitCode", 126);
            }
            throw notFound(cmd);
        } catch (InvalidPathException e) {
            throw notFound(cmd);
        }
    }

    private static CsException notFound(String cmd) {
        return new CsException(COMMAND_NOT_FOUND, "Command not found: " + clean(cmd, 200, false)).with("exitCode", 127);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
