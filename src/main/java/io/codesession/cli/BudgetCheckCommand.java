package io.codesession.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.importers.CaptureService;
import io.codesession.importers.CaptureService.HookPayload;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import io.codesession.usage.BudgetService.State;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check",
        description = {"Check the budgets of the current directory's scope (or of --session <id>).",
            "Exit codes: 0 within budget (or no budget applies), 2 a budget is exceeded, 1 error.",
            "--hook: Claude Code PreToolUse hook. Reads the hook JSON on stdin (its cwd picks the scope), records the "
                + "transcript's usage up to the previous response into the active session (as auto-log does, never "
                + "twice) and, when a "
                + "budget is exceeded, prints a deny decision with the reason; otherwise prints nothing. Exits 0 either "
                + "way; on its own failure it prints the problem on stderr and exits 1, which Claude Code treats as a "
                + "non-blocking error: the tool call goes ahead (fail open)."},
        footer = "Hook (.claude/settings.json, installed by `cs hooks install claude`): "
                + "{\"hooks\":{\"PreToolUse\":[{\"matcher\":\"*\",\"hooks\":[{\"type\":\"command\",\"command\":\"cs budget check --hook\"}]}]}}")
public class BudgetCheckCommand implements Callable<Integer> {

    /** Exit code when a budget is exceeded (1 stays "error"). */
    public static final int EXCEEDED = 2;

    @Option(names = "--hook", description = "Run as a Claude Code PreToolUse hook (see above).")
    boolean hook;

    @Mixin
    SessionMixin session;

    @Mixin
    JsonMixin json;

    @Inject
    BudgetService budgets;
    @Inject
    CaptureService capture;
    @Inject
    Output out;

    @Override
    public Integer call() {
        if (hook) {
            return hook();
        }
        State state = budgets.check(session.id());
        if (json.json) {
            out.json(out.envelope().add("budget", BudgetJson.state(state)));
            return state.exceeded() ? EXCEEDED : 0;
        }
        out.blank();
        if (state.checks().isEmpty()) {
            out.line(out.gray("No budget applies to " + state.scope()));
        } else if (state.exceeded()) {
            out.line(out.red("Budget exceeded") + out.gray("  (" + state.scope() + ")"));
        } else {
            out.line(out.green("Within budget") + out.gray("  (" + state.scope() + ")"));
        }
        BudgetView.printState(out, state);
        out.blank();
        return state.exceeded() ? EXCEEDED : 0;
    }

    /** The PreToolUse hook: deny with a reason when exceeded, silence otherwise; never blocks on its own failure. */
    private int hook() {
        try {
            HookInput in = hookInput();
            if (in.transcript() != null) {
                capture(in);
            }
            State state = budgets.check(budgets.scopeOf(in.cwd().toString(), false), null);
            if (state.exceeded()) {
                String reason = "codesession: " + state.reason() + ". Tool use is blocked until the budget is raised "
                        + "(cs budget set) or removed (cs budget clear), or its period ends. Stop and tell the user.";
                out.json(Json.obj().add("hookSpecificOutput", Json.obj().add("hookEventName", "PreToolUse")
                        .add("permissionDecision", "deny").add("permissionDecisionReason", reason))
                        .add("systemMessage", "codesession: " + state.reason()));
            }
            return 0;
        } catch (RuntimeException e) {
            out.flush();
            out.stderr().println("cs budget check --hook: " + e.getMessage()
                    + " (budget not checked; the tool call is allowed)");
            return 1;
        }
    }

    /**
     * Records the transcript's usage so far (as the Stop hook's auto-log does, idempotently), so
     * the check sees the spend of the turn in progress and not only up to the last Stop. The
     * newest response is left out (its usage may not be final yet; a later hook or the Stop hook
     * records it). A failure here is reported and the check goes on with what is stored.
     */
    private void capture(HookInput in) {
        try {
            Path transcript = CaptureService.checkTranscript(in.transcript());
            String agent = Optional.ofNullable(System.getenv("CODESESSION_AGENT_NAME")).filter(a -> !a.isEmpty())
                    .orElse("Claude Code");
            Input.line(agent, Input.AGENT_MAX, "Agent name", false);
            capture.autoLog(new HookPayload(in.sessionId(), transcript, in.cwd()), agent, null, true);
        } catch (RuntimeException e) {
            warn("usage not recorded from the transcript: " + e.getMessage());
        }
    }

    /** What the hook uses of its payload: the directory (absolute), and the transcript and Claude session when given. */
    private record HookInput(Path cwd, String transcript, String sessionId) {
    }

    /**
     * The hook payload's {@code cwd} (absolute path), else the process's directory. A payload
     * that cannot be read or parsed only loses its fields: the budgets are still checked.
     */
    private HookInput hookInput() {
        HookInput fallback = new HookInput(Path.of("").toAbsolutePath(), null, null);
        if (AutoLogCommand.stdinIsTerminal()) {
            return fallback;
        }
        String text;
        try {
            byte[] data = System.in.readNBytes(AutoLogCommand.MAX_PAYLOAD + 1);
            if (data.length > AutoLogCommand.MAX_PAYLOAD) {
                warn("the hook payload is larger than " + AutoLogCommand.MAX_PAYLOAD + " bytes");
                return fallback;
            }
            text = new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warn("cannot read stdin: " + e.getMessage());
            return fallback;
        }
        if (text.isBlank()) {
            return fallback;
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(text);
        } catch (JacksonException e) {
            warn("the hook payload is not valid JSON");
            return fallback;
        }
        if (n == null || !n.isObject()) {
            warn("the hook payload is not a JSON object");
            return fallback;
        }
        String event = text(n, "hook_event_name");
        if (event != null && !event.equals("PreToolUse")) {
            warn("installed for " + event + "; only PreToolUse is supported, answering as PreToolUse");
        }
        Path dir = fallback.cwd();
        String cwd = text(n, "cwd");
        if (cwd != null) {
            try {
                Path p = Path.of(cwd);
                if (p.isAbsolute()) {
                    dir = p;
                } else {
                    warn("the payload's cwd is not an absolute path; using the current directory");
                }
            } catch (RuntimeException e) {
                warn("the payload's cwd is not a valid path; using the current directory");
            }
        }
        return new HookInput(dir, text(n, "transcript_path"), text(n, "session_id"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private void warn(String message) {
        out.stderr().println("cs budget check --hook: " + message);
    }
}
