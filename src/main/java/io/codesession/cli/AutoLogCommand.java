package io.codesession.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.importers.CaptureService;
import io.codesession.importers.CaptureService.AutoLogResult;
import io.codesession.importers.CaptureService.HookPayload;
import io.codesession.importers.CaptureService.ModelTotals;
import io.codesession.common.CsException;
import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.session.SessionJson;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import io.codesession.usage.TokenUsage;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "auto-log",
        description = {"Claude Code Stop hook: record the exact usage of the session's transcript.",
            "Reads the hook JSON on stdin (session_id, transcript_path, cwd, ...) and stores every assistant "
                + "message's billed usage (input, output, cache writes 5m/1h, cache reads) at its own model, once: "
                + "repeated Stop events never count a message twice. Without an active session for the hook's cwd "
                + "nothing is stored (exit 0). Prints one JSON line.",
            "Hook (~/.claude/settings.json): "
                + "{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":\"cs auto-log\"}]}]}}"})
public class AutoLogCommand implements Runnable {

    /** Hook payloads are small; more than this is not a hook payload. */
    static final int MAX_PAYLOAD = 1 << 20;

    @Option(names = "--provider", paramLabel = "<provider>", hidden = true,
            description = "Ignored (transcripts are Anthropic's); kept for 2.6.0 hook lines.")
    String provider;

    @Option(names = "--model", paramLabel = "<model>",
            description = "Model for an assistant message that names none (default: none, such lines are skipped).")
    String model;

    @Option(names = "--agent", paramLabel = "<name>",
            description = "Agent name (default: $CODESESSION_AGENT_NAME, else \"Claude Code\").")
    String agent;

    @Mixin
    JsonMixin json;

    @Inject
    CaptureService capture;
    @Inject
    BudgetService budgets;
    @Inject
    Output out;

    @Override
    public void run() {
        if (stdinIsTerminal()) {
            throw new CsException(CsException.USAGE_ERROR,
                    "cs auto-log expects the JSON of a Claude Code hook on stdin (see cs auto-log --help)");
        }
        String agentName = agent != null ? agent : Optional.ofNullable(System.getenv("CODESESSION_AGENT_NAME"))
                .filter(s -> !s.isEmpty()).orElse("Claude Code");
        Input.line(agentName, Input.AGENT_MAX, "Agent name", false);
        if (model != null) {
            Input.line(model, Input.MODEL_MAX, "Model name", false);
        }
        HookPayload payload = payload(readStdin());
        Optional<AutoLogResult> result = capture.autoLog(payload, agentName, model);
        if (result.isEmpty()) {
            return; // no active session for this directory: nothing to do, quietly
        }
        AutoLogResult r = result.get();
        CaptureService.Summary s = r.summary();
        TokenUsage t = s.tokens;
        Json.Obj models = Json.obj();
        for (Map.Entry<String, ModelTotals> e : s.models.entrySet()) {
            models.add(e.getKey(), modelJson(e.getValue()));
        }
        Json.Obj doc = out.envelope()
                .add("autoLogged", s.inserted > 0)
                .add("tokens", tokensJson(t))
                .add("cost", s.cost)
                .add("session", Json.obj().add("id", r.sessionId()).add("aiCost", SessionJson.cost(r.sessionCost()))
                        .add("aiTokens", r.sessionTokens()))
                .add("messages", Json.obj().add("logged", s.inserted).add("alreadyLogged", s.duplicates)
                        .add("duplicateLines", r.stats().duplicates).add("sidechainReplays", r.stats().sidechainReplays)
                        .add("synthetic", r.stats().synthetic).add("skippedLines", r.stats().malformed))
                .add("models", models);
        budgets.stateOfSession(r.sessionId()).ifPresent(b -> doc.add("budget", BudgetJson.state(b)));
        out.json(doc);
    }

    /** prompt = every prompt token (uncached input + cache writes + reads), so prompt + completion = total. */
    static Json.Obj tokensJson(TokenUsage t) {
        return Json.obj().add("prompt", t.prompt()).add("completion", t.output()).add("total", t.total())
                .add("input", t.input()).add("cacheWrite5m", t.cacheWrite5m()).add("cacheWrite1h", t.cacheWrite1h())
                .add("cacheRead", t.cacheRead());
    }

    static Json.Obj modelJson(ModelTotals m) {
        Json.Obj o = Json.obj().add("requests", m.requests).add("tokens", tokensJson(m.tokens)).add("cost", m.cost)
                .add("priced", m.priced);
        o.addIfPresent("matchedKey", m.matchedKey);
        return o;
    }

    private String readStdin() {
        try {
            InputStream in = System.in;
            byte[] data = in.readNBytes(MAX_PAYLOAD + 1);
            if (data.length > MAX_PAYLOAD) {
                throw CsException.invalid("The hook payload on stdin is larger than " + MAX_PAYLOAD + " bytes");
            }
            return new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot read stdin: " + e.getMessage());
        }
    }

    /** Parses the hook JSON strictly: an object with a transcript path; session id and cwd optional. */
    static HookPayload payload(String text) {
        if (text.isBlank()) {
            throw CsException.invalid("No hook payload on stdin (expected the JSON of a Claude Code hook)");
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(text);
        } catch (JacksonException e) {
            throw CsException.invalid("The hook payload on stdin is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw CsException.invalid("The hook payload on stdin must be a JSON object");
        }
        Path transcript = CaptureService.checkTranscript(textField(n, "transcript_path"));
        String cwd = textField(n, "cwd");
        Path dir = null;
        if (cwd != null) {
            try {
                dir = Path.of(cwd);
            } catch (RuntimeException e) {
                throw CsException.invalid("\"cwd\" is not a valid path");
            }
            if (!dir.isAbsolute()) {
                throw CsException.invalid("\"cwd\" must be an absolute path: " + cwd);
            }
        }
        return new HookPayload(textField(n, "session_id"), transcript, dir);
    }

    private static String textField(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw CsException.invalid("\"" + field + "\" in the hook payload must be a string");
        }
        return v.asText().isEmpty() ? null : v.asText();
    }

    /** Whether stdin is an interactive terminal (Linux: /proc; elsewhere the JDK's console check). */
    static boolean stdinIsTerminal() {
        Path fd0 = Path.of("/proc/self/fd/0");
        try {
            if (Files.exists(fd0, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd0).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // fall through
        }
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }
}
