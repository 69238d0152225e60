package io.codesession.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codesession.common.CsException;
import io.codesession.common.Input;
import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import io.codesession.common.Timestamps;
import io.codesession.session.CommitRecord;
import io.codesession.session.FileChange;
import io.codesession.session.Note;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionJson;
import io.codesession.session.SessionService;
import io.codesession.store.SessionStore;
import io.codesession.usage.AiUsage;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import io.codesession.usage.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The eight tools of proxy-run-mcp.md §3.2 with 2.6.0's names, arguments and output fields.
 * Differences, all deliberate: arguments are validated; failures set {@code isError} and carry a
 * machine-readable {@code code} beside the {@code error} message; {@code start_session} records
 * the start HEAD so {@code end_session} scans git like {@code cs end}; a call without
 * {@code directory} acts on the server's working directory (the project the client launched it
 * in) and never guesses between several active sessions of other projects.
 */
@ApplicationScoped
public class McpTools {

    static final String DEFAULT_AGENT = "Claude Code";

    @Inject
    SessionService sessions;
    @Inject
    UsageService usage;
    @Inject
    BudgetService budgets;

    private record Tool(String name, String title, String description, Obj inputSchema, boolean readOnly,
            Function<Args, Object> handler) {
    }

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private volatile String protocolVersion = McpServer.PROTOCOL_VERSIONS.getFirst();

    public McpTools() {
        Obj directory = prop("string", "Absolute path of the project directory (default: the directory the server was started in)");
        add(new Tool("session_status", "Session status", "Current active session status (cost, tokens, duration)",
                schema(Map.of("directory", directory), List.of()), true, this::sessionStatus));
        add(new Tool("start_session", "Start session", "Start a new coding session (records the git HEAD so end_session can report files and commits)",
                schema(ordered("name", prop("string", "Session name, e.g. the task"), "directory", directory), List.of("name")),
                false, this::startSession));
        add(new Tool("end_session", "End session", "End the active session and get a summary (files changed, commits, AI cost)",
                schema(ordered("notes", prop("string", "Closing notes"), "directory", directory, "sessionId",
                        prop("integer", "End this session id instead of the directory's active session")), List.of()),
                false, this::endSession));
        add(new Tool("log_ai_usage", "Log AI usage", "Log tokens used by an AI call; the cost is computed from the pricing table when not given",
                schema(ordered("provider", prop("string", "Provider, e.g. anthropic, openai, google"),
                        "model", prop("string", "Model id, e.g. claude-sonnet-4-5"),
                        "promptTokens", withMin(prop("integer", "Input (prompt) tokens, excluding cache reads and writes"), 0),
                        "completionTokens", withMin(prop("integer", "Output (completion) tokens"), 0),
                        "cost", withMin(prop("number", "Cost in US dollars (optional; computed when absent)"), 0),
                        "agentName", prop("string", "Agent name (default: Claude Code)"),
                        "directory", directory,
                        "cacheReadTokens", withMin(prop("integer", "Cache read (hit) tokens"), 0),
                        "cacheWriteTokens", withMin(prop("integer", "Cache write tokens, 5-minute TTL"), 0),
                        "cacheWrite1hTokens", withMin(prop("integer", "Cache write tokens, 1-hour TTL"), 0)),
                        List.of("provider", "model", "promptTokens", "completionTokens")),
                false, this::logUsage));
        add(new Tool("add_note", "Add note", "Add a timestamped note to the active session",
                schema(ordered("message", prop("string", "Note text"), "directory", directory), List.of("message")),
                false, this::addNote));
        add(new Tool("get_stats", "Statistics", "Overall statistics of completed sessions",
                schema(Map.of(), List.of()), true, this::stats));
        add(new Tool("list_sessions", "List sessions", "Recent sessions, newest first",
                schema(Map.of("limit", prop("integer", "How many (default 10; 0 = 10; negative = all)")), List.of()),
                true, this::listSessions));
        add(new Tool("check_budget", "Check spending", "Spending of the active session: cost, tokens and calls per model",
                schema(Map.of("directory", directory), List.of()), true, this::checkBudget));
    }

    private void add(Tool t) {
        tools.put(t.name(), t);
    }

    void protocolVersion(String v) {
        protocolVersion = v;
    }

    boolean exists(String name) {
        return tools.containsKey(name);
    }

    /** The {@code tools/list} entries, in 2.6.0's order. */
    List<Obj> definitions() {
        List<Obj> out = new ArrayList<>();
        for (Tool t : tools.values()) {
            out.add(Json.obj().add("name", t.name()).add("title", t.title()).add("description", t.description())
                    .add("inputSchema", t.inputSchema())
                    .add("annotations", Json.obj().add("title", t.title()).add("readOnlyHint", t.readOnly())
                            .add("destructiveHint", false).add("openWorldHint", false))
                    .add("execution", Json.obj().add("taskSupport", "forbidden")));
        }
        return out;
    }

    /** Runs a tool: its JSON result as text content, or an {@code isError} result with {@code {error, code}}. */
    Obj call(String name, ObjectNode arguments) {
        Tool t = tools.get(name);
        Object value;
        boolean error = false;
        try {
            value = t.handler().apply(new Args(arguments).only(t.inputSchema().get("properties") instanceof Map<?, ?> m
                    ? keys(m) : Set.of()));
        } catch (CsException e) {
            Obj o = Json.obj().add("error", e.getMessage()).add("code", e.code());
            o.putAll(e.extras());
            value = o;
            error = true;
        }
        Obj result = Json.obj().add("content", List.of(Json.obj().add("type", "text").add("text", Json.compact(value))));
        if (value instanceof Map<?, ?> && !"2024-11-05".equals(protocolVersion) && !"2025-03-26".equals(protocolVersion)) {
            result.add("structuredContent", value);
        }
        if (error) {
            result.add("isError", true);
        }
        return result;
    }

    private static Set<String> keys(Map<?, ?> m) {
        Set<String> s = new java.util.HashSet<>();
        for (Object k : m.keySet()) {
            s.add(String.valueOf(k));
        }
        return s;
    }

    // ---- tools -------------------------------------------------------------------------------

    private Path dir(Args a) {
        Path d = a.directory("directory");
        return d != null ? d : sessions.cwd();
    }

    private Session active(Args a, String noneMessage) {
        return sessions.resolve(dir(a), null, true, noneMessage);
    }

    private Object sessionStatus(Args a) {
        Session s = active(a, "No active session. Start one with: cs start <name>");
        SessionDetails d = sessions.details(s.id());
        long duration = liveSeconds(s);
        List<Obj> notes = new ArrayList<>();
        for (Note n : d.notes()) {
            notes.add(Json.obj().add("message", n.message()).add("timestamp", n.timestamp()));
        }
        Obj status = Json.obj().add("id", s.id()).add("name", s.name()).add("status", s.status())
                .add("directory", s.workingDirectory()).add("gitRoot", emptyToNull(s.gitRoot()))
                .add("duration", duration).add("durationMinutes", Math.round(duration / 60.0))
                .add("filesChanged", s.filesChanged()).add("commits", s.commits())
                .add("aiCost", SessionJson.cost(s.aiCost())).add("aiTokens", s.aiTokens())
                .add("aiCalls", d.usage().size()).add("notes", notes);
        return withBudget(status, s.id());
    }

    private Object startSession(Args a) {
        String name = Input.line(a.string("name", true), Input.NAME_MAX, "Session name", false);
        Path d = dir(a);
        try {
            SessionService.StartResult r = sessions.start(d, name, false, SessionService.CloseMode.NONE);
            Session s = r.session();
            return Json.obj().add("id", s.id()).add("name", s.name()).add("directory", s.workingDirectory())
                    .add("gitRoot", emptyToNull(s.gitRoot())).add("startGitHead", emptyToNull(s.startGitHead()))
                    .add("started", true);
        } catch (CsException e) {
            if (!CsException.SESSION_ACTIVE.equals(e.code())) {
                throw e;
            }
            Object activeName = e.extras().get("activeSession");
            throw new CsException(CsException.SESSION_ACTIVE, "Session \"" + activeName + "\" already active for this directory")
                    .with("id", e.extras().get("id"))
                    .with("hint", "Use end_session first, or use session_status to check it");
        }
    }

    private Object endSession(Args a) {
        String notes = a.string("notes", false);
        if (notes != null) {
            Input.multiline(notes, Input.NOTE_MAX, "Notes", true);
        }
        Long id = a.count("sessionId", false, Long.MAX_VALUE);
        if (id != null && id == 0) {
            id = null; // 2.6.0 treated 0 as "not given"
        }
        Path d = dir(a);
        Session s = sessions.resolve(d, id, true, "No active session to end");
        SessionDetails details = sessions.end(s.id(), notes == null || notes.isEmpty() ? null : notes);
        Session e = details.session();
        List<Obj> files = new ArrayList<>();
        for (FileChange f : details.files()) {
            Obj o = Json.obj().add("path", f.filePath()).add("type", f.changeType());
            o.addIfPresent("oldPath", f.oldPath());
            files.add(o);
        }
        List<Obj> commits = new ArrayList<>();
        for (CommitRecord c : details.commits()) {
            commits.add(Json.obj().add("hash", c.hash()).add("message", c.message()));
        }
        long duration = e.duration() == null ? 0 : e.duration();
        return Json.obj().add("id", e.id()).add("name", e.name()).add("status", e.status())
                .add("duration", duration).add("durationMinutes", Math.round(duration / 60.0))
                .add("filesChanged", e.filesChanged()).add("commits", e.commits())
                .add("aiCost", SessionJson.cost(e.aiCost())).add("aiTokens", e.aiTokens())
                .add("aiCalls", details.usage().size())
                .add("files", files).add("commitList", commits).add("aiBreakdown", breakdown(details.usage(), false));
    }

    private Object logUsage(Args a) {
        String provider = Input.line(a.string("provider", true), Input.PROVIDER_MAX, "Provider name", false);
        String model = Input.line(a.string("model", true), Input.MODEL_MAX, "Model name", false);
        long prompt = a.count("promptTokens", true, Input.TOKENS_MAX);
        long completion = a.count("completionTokens", true, Input.TOKENS_MAX);
        Double cost = a.cost("cost");
        String agent = a.string("agentName", false);
        Long read = a.count("cacheReadTokens", false, Input.TOKENS_MAX);
        Long write5m = a.count("cacheWriteTokens", false, Input.TOKENS_MAX);
        Long write1h = a.count("cacheWrite1hTokens", false, Input.TOKENS_MAX);
        Session s = active(a, "No active session. Start one first.");
        UsageService.Result r = usage.log(new UsageService.Request(s.id(), provider, model, null, prompt, completion,
                cost, agent == null || agent.isEmpty() ? DEFAULT_AGENT : agent, write5m, write1h, read), "mcp");
        AiUsage u = r.logged();
        Obj logged = Json.obj().add("provider", u.provider()).add("model", u.model()).add("tokens", u.tokens())
                .add("promptTokens", prompt).add("completionTokens", completion);
        if (u.cacheReadTokens() != null) {
            logged.add("cacheReadTokens", u.cacheReadTokens());
        }
        if (u.cacheCreationTokens() != null) {
            logged.add("cacheWriteTokens", u.cacheCreationTokens());
        }
        if (u.cacheCreation1hTokens() != null) {
            logged.add("cacheWrite1hTokens", u.cacheCreation1hTokens());
        }
        logged.add("cost", SessionJson.cost(u.cost())).add("agentName", u.agentName());
        return withBudget(Json.obj().add("logged", logged).add("session", Json.obj().add("id", r.sessionId())
                .add("totalCost", SessionJson.cost(r.sessionCost())).add("totalTokens", r.sessionTokens())), r.sessionId());
    }

    private Object addNote(Args a) {
        String message = Input.multiline(a.string("message", true), Input.NOTE_MAX, "Note", false);
        Session s = active(a, "No active session");
        Note n = sessions.addNote(s.id(), message);
        return Json.obj().add("added", true).add("sessionId", n.sessionId())
                .add("note", Json.obj().add("id", n.id()).add("sessionId", n.sessionId()).add("message", n.message())
                        .add("timestamp", n.timestamp()));
    }

    private Object stats(Args a) {
        SessionStore.Stats s = sessions.stats();
        return Json.obj().add("totalSessions", s.totalSessions()).add("activeSessions", sessions.active().size())
                .add("totalTimeMinutes", Math.round(s.totalTime() / 60.0)).add("totalFiles", s.totalFiles())
                .add("totalCommits", s.totalCommits()).add("totalAICost", SessionJson.cost(s.totalAICost()))
                .add("avgSessionMinutes", Math.round(s.avgSessionTime() / 60.0));
    }

    private Object listSessions(Args a) {
        Long limit = a.integer("limit");
        long n = limit == null || limit == 0 ? 10 : limit < 0 ? -1 : limit;
        List<Obj> out = new ArrayList<>();
        for (Session s : sessions.list(n)) {
            Obj o = Json.obj().add("id", s.id()).add("name", s.name()).add("status", s.status())
                    .add("directory", s.workingDirectory()).add("aiCost", SessionJson.cost(s.aiCost()))
                    .add("aiTokens", s.aiTokens());
            o.addIfPresent("duration", s.duration());
            o.add("startTime", s.startTime());
            out.add(o);
        }
        return out;
    }

    private Object checkBudget(Args a) {
        Session s = active(a, "No active session");
        SessionDetails d = sessions.details(s.id());
        long tokens = 0;
        double cost = 0;
        for (AiUsage u : d.usage()) {
            tokens += u.tokens();
            cost += u.cost();
        }
        return Json.obj().add("sessionId", s.id()).add("sessionName", s.name())
                .add("totalCost", SessionJson.cost(cost)).add("totalTokens", tokens).add("totalCalls", d.usage().size())
                .add("byModel", byModel(d.usage()))
                .add("budget", BudgetJson.state(budgets.check(BudgetService.scopeOf(s), s.id())));
    }

    /** Adds the {@code budget} state (limit, spent, remaining, exceeded per check) when a budget covers the session. */
    private Obj withBudget(Obj o, long sessionId) {
        budgets.stateOfSession(sessionId).ifPresent(b -> o.add("budget", BudgetJson.state(b)));
        return o;
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Usage per provider/model in first-seen order: {@code [{provider, model, tokens, cost}]}. */
    private static List<Obj> breakdown(List<AiUsage> rows, boolean calls) {
        Map<String, Obj> groups = new LinkedHashMap<>();
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (AiUsage u : rows) {
            String key = u.provider() + "/" + u.model();
            groups.computeIfAbsent(key, k -> Json.obj().add("provider", u.provider()).add("model", u.model()));
            double[] s = sums.computeIfAbsent(key, k -> new double[3]);
            s[0] += u.tokens();
            s[1] += u.cost();
            s[2]++;
        }
        List<Obj> out = new ArrayList<>();
        for (Map.Entry<String, Obj> e : groups.entrySet()) {
            double[] s = sums.get(e.getKey());
            Obj o = e.getValue().add("tokens", (long) s[0]).add("cost", SessionJson.cost(s[1]));
            if (calls) {
                o.add("calls", (long) s[2]);
            }
            out.add(o);
        }
        return out;
    }

    private static Obj byModel(List<AiUsage> rows) {
        Obj out = Json.obj();
        for (Obj o : breakdown(rows, true)) {
            out.add(o.get("provider") + "/" + o.get("model"),
                    Json.obj().add("tokens", o.get("tokens")).add("cost", o.get("cost")).add("calls", o.get("calls")));
        }
        return out;
    }

    private static long liveSeconds(Session s) {
        Instant start = Timestamps.parse(s.startTime());
        return start == null ? 0 : Math.max(0, Duration.between(start, Instant.now()).toSeconds());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Obj prop(String type, String description) {
        Obj o = Json.obj().add("type", type);
        if (!description.isEmpty()) {
            o.add("description", description);
        }
        return o;
    }

    private static Obj withMin(Obj o, long min) {
        return o.add("minimum", min);
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Obj schema(Map<String, ?> properties, List<String> required) {
        Obj o = Json.obj().add("$schema", "http://json-schema.org/draft-07/schema#").add("type", "object")
                .add("properties", new LinkedHashMap<>(properties));
        if (!required.isEmpty()) {
            o.add("required", required);
        }
        return o.add("additionalProperties", false);
    }
}
