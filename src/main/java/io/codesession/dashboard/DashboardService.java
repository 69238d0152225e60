package io.codesession.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.common.CsException;
import io.codesession.common.Input;
import io.codesession.common.JsNumbers;
import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import io.codesession.git.GitService;
import io.codesession.session.CommitRecord;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionJson;
import io.codesession.session.SessionService;
import io.codesession.store.AnalyticsStore;
import io.codesession.store.AnalyticsStore.SortKey;
import io.codesession.usage.Price;
import io.codesession.usage.PricingFile;
import io.codesession.usage.PricingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the dashboard shows, as the JSON API's shapes (dashboard.md §4): the pages render the
 * same objects. Decides ranges, validation and rounding; the SQL lives in {@link AnalyticsStore}.
 * Costs are returned unrounded (to 10 decimals, removing binary noise), never cut to cents.
 */
@ApplicationScoped
public class DashboardService {

    public static final int API_VERSION = 1;
    public static final int DIFF_CONTEXT = 5;
    public static final String NO_CHANGES = "(no changes)";
    public static final Set<String> STATUSES = Set.of("active", "completed");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{4,40}");

    @Inject
    AnalyticsStore analytics;
    @Inject
    SessionService sessions;
    @Inject
    GitService git;
    @Inject
    PricingService pricing;

    // ---- sessions -----------------------------------------------------------------------------

    public Obj stats() {
        AnalyticsStore.Stats s = analytics.stats();
        return Json.obj().add("totalSessions", s.totalSessions()).add("totalTime", s.totalTime())
                .add("totalFiles", s.totalFiles()).add("totalCommits", s.totalCommits())
                .add("totalAICost", s.totalAICost()).add("avgSessionTime", s.avgSessionTime())
                .add("activeSessions", s.activeSessions());
    }

    /** The session list query after validation. */
    public record ListQuery(int limit, int offset, String status, String search, SortKey sort, boolean ascending) {
    }

    public static ListQuery listQuery(String limit, String offset, String status, String search, String sort,
            String order) {
        int l = Params.integer("limit", limit, 50, 1, 1000);
        int o = Params.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
        String st = status == null || status.isEmpty() || status.equals("all") ? null : status;
        if (st != null && !STATUSES.contains(st)) {
            throw ApiError.badRequest("status must be all, active or completed, got \"" + Params.shorten(status) + "\"");
        }
        String q = search == null ? null : search.strip();
        if (q != null && q.length() > 200) {
            throw ApiError.badRequest("search must be at most 200 characters");
        }
        SortKey key = sort == null || sort.isEmpty() ? SortKey.START_TIME : SortKey.of(sort);
        if (key == null) {
            throw ApiError.badRequest("sort must be one of startTime, name, status, duration, filesChanged, commits, "
                    + "aiTokens, aiCost, costPerHour");
        }
        boolean asc;
        if (order == null || order.isEmpty()) {
            asc = key == SortKey.NAME;
        } else if (order.equals("asc") || order.equals("desc")) {
            asc = order.equals("asc");
        } else {
            throw ApiError.badRequest("order must be asc or desc");
        }
        return new ListQuery(l, o, st, q, key, asc);
    }

    public AnalyticsStore.Page page(ListQuery q) {
        return analytics.sessions(q.status(), q.search(), q.sort(), q.ascending(), q.limit(), q.offset());
    }

    public Obj sessions(ListQuery q) {
        AnalyticsStore.Page p = page(q);
        return Json.obj().add("sessions", p.sessions().stream().map(SessionJson::record).toList()).add("total", p.total())
                .add("limit", q.limit()).add("offset", q.offset()).add("sort", q.sort().key)
                .add("order", q.ascending() ? "asc" : "desc");
    }

    public SessionDetails details(long id) {
        try {
            return sessions.details(id);
        } catch (CsException e) {
            if (CsException.SESSION_NOT_FOUND.equals(e.code())) {
                throw ApiError.notFound("Session not found");
            }
            throw e;
        }
    }

    public Obj session(long id) {
        SessionDetails d = details(id);
        return Json.obj().add("session", SessionJson.record(d.session())).add("aiUsage", SessionJson.usages(d.usage()))
                .add("files", SessionJson.files(d.files())).add("commits", SessionJson.commits(d.commits()))
                .add("notes", SessionJson.notes(d.notes()));
    }

    public List<Obj> topSessions(String limit) {
        int l = Params.integer("limit", limit, 10, 1, 1000);
        return analytics.topSessions(l).stream().map(SessionJson::record).toList();
    }

    // ---- diffs --------------------------------------------------------------------------------

    /** From/to of a session's diff: start HEAD to the work tree (active) or to its newest commit. */
    public record Range(String dir, String from, String to, boolean empty, Map<String, String> startFiles) {
        Range(String dir, String from, String to, boolean empty) {
            this(dir, from, to, empty, Map.of());
        }
    }

    public Range range(SessionDetails d) {
        Session s = d.session();
        if (blank(s.gitRoot())) {
            throw ApiError.badRequest("Session " + s.id() + " has no git repository (not in a git directory)");
        }
        if (blank(s.startGitHead())) {
            throw ApiError.badRequest("Session " + s.id()
                    + " has no start git HEAD (session started before git tracking was enabled)");
        }
        if (s.isActive()) {
            // Edits already in the work tree at the start are not the session's.
            return new Range(s.gitRoot(), s.startGitHead(), null, false, sessions.startFiles(s.id()));
        }
        List<String> hashes = d.commits().stream().map(CommitRecord::hash).toList();
        if (hashes.isEmpty()) {
            return new Range(s.gitRoot(), s.startGitHead(), null, true);
        }
        try {
            return git.newestOf(s.gitRoot(), hashes)
                    .map(tip -> new Range(s.gitRoot(), s.startGitHead(), tip, false))
                    .orElse(new Range(s.gitRoot(), s.startGitHead(), null, true));
        } catch (GitService.GitFailure e) {
            throw new ApiError(500, "Failed to fetch diff: " + e.getMessage());
        }
    }

    public String diff(long id, String file) {
        SessionDetails d = detailsOr404(id);
        String path = Params.file(file);
        Range r = range(d);
        if (r.empty()) {
            return NO_CHANGES;
        }
        try {
            String text = git.diff(r.dir(), r.from(), r.to(), path, DIFF_CONTEXT, r.startFiles());
            return text.isEmpty() ? NO_CHANGES : text;
        } catch (RuntimeException e) {
            throw new ApiError(500, "Failed to fetch diff: " + e.getMessage());
        }
    }

    public String commitDiff(long id, String hash, String file) {
        SessionDetails d = detailsOr404(id);
        Session s = d.session();
        if (blank(s.gitRoot())) {
            throw ApiError.badRequest("Session " + id + " has no git repository");
        }
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw ApiError.badRequest("Invalid commit hash: expected 4 to 40 hexadecimal characters");
        }
        String h = hash.toLowerCase();
        CommitRecord match = null;
        for (CommitRecord c : d.commits()) {
            String rec = c.hash().toLowerCase();
            if (rec.startsWith(h) || h.startsWith(rec)) {
                match = c;
                break;
            }
        }
        if (match == null) {
            throw ApiError.notFound("Commit " + hash + " is not part of session " + id);
        }
        String path = Params.file(file);
        try {
            String text = git.commitDiff(s.gitRoot(), h.length() >= match.hash().length() ? h : match.hash(), path,
                    DIFF_CONTEXT);
            return text.isEmpty() ? NO_CHANGES : text;
        } catch (RuntimeException e) {
            throw new ApiError(500, "Failed to fetch commit diff: " + e.getMessage());
        }
    }

    public List<Obj> diffStats(long id) {
        SessionDetails d = details(id);
        Session s = d.session();
        if (blank(s.gitRoot()) || blank(s.startGitHead())) {
            return List.of();
        }
        Range r = range(d);
        if (r.empty()) {
            return List.of();
        }
        try {
            List<Obj> out = new ArrayList<>();
            for (GitService.DiffStat st : git.diffStats(r.dir(), r.from(), r.to(), r.startFiles())) {
                out.add(Json.obj().add("filePath", st.path()).add("additions", st.additions()).add("deletions", st.deletions()));
            }
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private SessionDetails detailsOr404(long id) {
        try {
            return sessions.details(id);
        } catch (CsException e) {
            if (CsException.SESSION_NOT_FOUND.equals(e.code())) {
                throw ApiError.notFound("Session " + id + " not found");
            }
            throw e;
        }
    }

    // ---- usage analytics ----------------------------------------------------------------------

    /** First UTC day of a window of {@code days} calendar days ending today. */
    public static String fromDay(int days) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L).toString();
    }

    public static int days(String days) {
        return Params.integer("days", days, 30, 1, 365);
    }

    public List<Obj> dailyCosts(int days) {
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.DayCost d : analytics.dailyCosts(fromDay(days))) {
            out.add(Json.obj().add("day", d.day()).add("cost", money(d.cost())).add("sessions", d.sessions())
                    .add("tokens", d.tokens()));
        }
        return out;
    }

    public List<Obj> dailyTokens(int days) {
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.DayTokens d : analytics.dailyTokens(fromDay(days))) {
            out.add(Json.obj().add("day", d.day()).add("promptTokens", d.promptTokens())
                    .add("completionTokens", d.completionTokens()).add("totalTokens", d.totalTokens()));
        }
        return out;
    }

    public List<Obj> modelBreakdown() {
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.ModelRow m : analytics.modelBreakdown()) {
            out.add(Json.obj().add("provider", m.provider()).add("model", m.model()).add("calls", m.calls())
                    .add("totalTokens", m.totalTokens()).add("promptTokens", m.promptTokens())
                    .add("completionTokens", m.completionTokens()).add("totalCost", money(m.totalCost())));
        }
        return out;
    }

    public List<Obj> providerBreakdown() {
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.ProviderRow p : analytics.providerBreakdown()) {
            out.add(Json.obj().add("provider", p.provider()).add("calls", p.calls()).add("totalTokens", p.totalTokens())
                    .add("promptTokens", p.promptTokens()).add("completionTokens", p.completionTokens())
                    .add("totalCost", money(p.totalCost())).add("models", p.models()));
        }
        return out;
    }

    /** {@code ratio} = prompt ÷ completion (2 decimals), 0 when there were no completion tokens. */
    public List<Obj> tokenRatios() {
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.RatioRow r : analytics.tokenRatios()) {
            out.add(Json.obj().add("provider", r.provider()).add("model", r.model()).add("promptTokens", r.promptTokens())
                    .add("completionTokens", r.completionTokens()).add("ratio", ratio(r.promptTokens(), r.completionTokens()))
                    .add("calls", r.calls()));
        }
        return out;
    }

    public static double ratio(long prompt, long completion) {
        return completion == 0 ? 0 : Math.round(prompt * 100.0 / completion) / 100.0;
    }

    // ---- insights -----------------------------------------------------------------------------

    public List<Obj> fileHotspots(String limit) {
        int l = Params.integer("limit", limit, 50, 1, 1000);
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.Hotspot h : analytics.fileHotspots(l)) {
            out.add(Json.obj().add("filePath", h.filePath()).add("changeCount", h.changeCount())
                    .add("sessionCount", h.sessionCount()).add("lastChanged", h.lastChanged()).add("creates", h.creates())
                    .add("modifies", h.modifies()).add("deletes", h.deletes()).add("renames", h.renames())
                    .add("project", h.project()));
        }
        return out;
    }

    public List<Obj> activityHeatmap() {
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.HeatCell c : analytics.activityHeatmap()) {
            out.add(Json.obj().add("dayOfWeek", c.dayOfWeek()).add("hour", c.hour()).add("sessions", c.sessions())
                    .add("cost", money(c.cost())));
        }
        return out;
    }

    public List<Obj> costVelocity(String limit) {
        int l = Params.integer("limit", limit, 50, 1, 1000);
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.Velocity v : analytics.costVelocity(l)) {
            out.add(Json.obj().add("id", v.id()).add("name", v.name()).add("startTime", v.startTime())
                    .add("duration", v.duration()).add("aiCost", money(v.aiCost()))
                    .add("costPerHour", money(v.aiCost() * 3600.0 / v.duration())));
        }
        return out;
    }

    public List<Obj> projects() {
        List<Obj> out = new ArrayList<>();
        for (AnalyticsStore.Project p : analytics.projects()) {
            out.add(Json.obj().add("project", p.project()).add("sessions", p.sessions()).add("totalCost", money(p.totalCost()))
                    .add("totalTime", p.totalTime()).add("totalFiles", p.totalFiles()).add("totalCommits", p.totalCommits())
                    .add("totalTokens", p.totalTokens()).add("lastActive", p.lastActive()));
        }
        return out;
    }

    // ---- pricing ------------------------------------------------------------------------------

    public Obj pricing() {
        Obj out = Json.obj();
        for (Map.Entry<String, Price> e : pricing.effective().entrySet()) {
            out.add(e.getKey(), Json.obj().add("input", e.getValue().input()).add("output", e.getValue().output()));
        }
        return out;
    }

    /**
     * {@code POST /pricing}: body {@code {"model": string, "input": number, "output": number
     * [, "provider": string]}}; the key is {@code provider/model} when a provider is given.
     * Rates must be finite, non-negative and at most {@link PricingFile#MAX_RATE}.
     */
    public Obj setPrice(String body) {
        JsonNode root = parseObject(body);
        JsonNode model = root.get("model");
        JsonNode provider = root.get("provider");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw ApiError.badRequest("model, input, and output are required (model must be a non-empty string)");
        }
        String key = model.asText().strip();
        if (key.length() > Input.MODEL_MAX || hasControl(key)) {
            throw ApiError.badRequest("model must be at most " + Input.MODEL_MAX + " printable characters");
        }
        if (provider != null && !provider.isNull()) {
            if (!provider.isTextual() || provider.asText().isBlank() || provider.asText().length() > Input.PROVIDER_MAX
                    || hasControl(provider.asText()) || provider.asText().contains("/")) {
                throw ApiError.badRequest("provider must be a non-empty string without '/' (at most "
                        + Input.PROVIDER_MAX + " characters)");
            }
            key = provider.asText().strip() + "/" + key;
        }
        double in = rate(root.get("input"), "input");
        double out = rate(root.get("output"), "output");
        return setPrice(key, in, out);
    }

    public Obj setPrice(String key, double in, double out) {
        pricing.set(key, in, out);
        return Json.obj().add("ok", true).add("model", key).add("input", in).add("output", out);
    }

    /** The same validation for a form post (strings from the page). */
    public Obj setPrice(String model, String provider, String input, String output) {
        String m = model == null ? "" : model.strip();
        if (m.isEmpty()) {
            throw ApiError.badRequest("Model name is required");
        }
        if (m.length() > Input.MODEL_MAX || hasControl(m)) {
            throw ApiError.badRequest("Model name must be at most " + Input.MODEL_MAX + " printable characters");
        }
        String p = provider == null ? "" : provider.strip();
        if (!p.isEmpty() && (p.length() > Input.PROVIDER_MAX || hasControl(p) || p.contains("/"))) {
            throw ApiError.badRequest("Provider must be at most " + Input.PROVIDER_MAX + " characters, without '/'");
        }
        double in = formRate(input, "input");
        double out = formRate(output, "output");
        return setPrice(p.isEmpty() ? m : p + "/" + m, in, out);
    }

    private static double formRate(String text, String name) {
        try {
            return Input.nonNegativeDecimal(text == null ? null : text.strip(), PricingFile.MAX_RATE,
                    "Invalid " + name + " price: use a non-negative number of dollars per 1M tokens");
        } catch (CsException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    public Obj deletePrice(String key) {
        if (key == null || key.isBlank() || key.length() > Input.MODEL_MAX + Input.PROVIDER_MAX + 1) {
            throw ApiError.badRequest("Invalid model key");
        }
        boolean removed = pricing.remove(key);
        boolean builtIn = pricing.isBuiltIn(key);
        return Json.obj().add("ok", true).add("model", key).add("removed", removed).add("builtIn", builtIn);
    }

    private static double rate(JsonNode n, String name) {
        if (n == null || !n.isNumber()) {
            throw ApiError.badRequest("model, input, and output are required (" + name + " must be a number)");
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v) || v < 0 || v > PricingFile.MAX_RATE) {
            throw ApiError.badRequest(name + " must be between 0 and " + (long) PricingFile.MAX_RATE + " dollars per 1M tokens");
        }
        return v;
    }

    static JsonNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw ApiError.badRequest("A JSON object body is required");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("Malformed JSON body");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("The body must be a JSON object");
        }
        return root;
    }

    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                return true;
            }
        }
        return false;
    }

    // ---- misc ---------------------------------------------------------------------------------

    public static String version() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("unknown");
    }

    public Obj versionInfo() {
        return Json.obj().add("version", version()).add("apiVersion", API_VERSION);
    }

    public static String changelog() {
        try (InputStream in = DashboardService.class.getResourceAsStream("/changelog/CHANGELOG.md")) {
            if (in == null) {
                throw ApiError.notFound("Changelog not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiError.notFound("Changelog not found");
        }
    }

    public Obj reset(String confirm) {
        if (!"true".equals(confirm)) {
            throw ApiError.badRequest("Add ?confirm=true to confirm permanent deletion of all session data");
        }
        long n = analytics.clearAll();
        return Json.obj().add("ok", true).add("message", "All session data cleared").add("sessionsDeleted", n);
    }

    /** A sum of costs as the API shows it: to 10 decimals (binary noise removed), non-finite → null. */
    public static Double money(double v) {
        return Double.isFinite(v) ? JsNumbers.round10(v) : null;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
