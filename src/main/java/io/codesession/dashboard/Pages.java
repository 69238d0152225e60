package io.codesession.dashboard;

import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import io.codesession.session.CommitRecord;
import io.codesession.session.FileChange;
import io.codesession.session.Note;
import io.codesession.session.Session;
import io.codesession.session.SessionDetails;
import io.codesession.session.SessionJson;
import io.codesession.store.AnalyticsStore;
import io.codesession.usage.AiUsage;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import io.codesession.usage.Price;
import io.codesession.usage.PricingService;
import io.codesession.dashboard.http.Request;
import io.codesession.dashboard.http.Response;
import io.codesession.dashboard.http.Router;
import io.quarkus.qute.TemplateInstance;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-rendered pages (Qute; every value HTML-escaped by the engine). Each page is
 * complete without JavaScript; {@code app.js} only draws charts from the data attributes and
 * adds conveniences (live search, inline diffs, tab switching without reload).
 */
final class Pages {

    static final int PAGE_SIZE = 25;
    static final String HTML = "text/html; charset=utf-8";

    private final DashboardService dashboard;
    private final AnalyticsStore analytics;
    private final AlertsService alerts;
    private final PricingService pricing;
    private final DashboardConfig config;
    private final Views views;

    Pages(DashboardService dashboard, AnalyticsStore analytics, AlertsService alerts, PricingService pricing,
            DashboardConfig config, Views views) {
        this.dashboard = dashboard;
        this.analytics = analytics;
        this.alerts = alerts;
        this.pricing = pricing;
        this.config = config;
        this.views = views;
    }

    /** The pages, their forms, and the HTML 404 for anything else (last). */
    void routes(Router r) {
        r.add("GET", "/", null, HTML, q -> html(overview()));
        r.add("GET", "/sessions", null, HTML, q -> html(sessionList(q.query("page"), q.query("status"), q.query("search"),
                q.query("sort"), q.query("order"), q.query("partial"))));
        r.add("GET", "/sessions/{id}", null, HTML, q -> html(sessionDetail(q.param("id"), q.query("tab"))));
        r.add("GET", "/sessions/{id}/diff", null, HTML, q -> html(sessionDiff(q.param("id"), q.query("file"))));
        r.add("GET", "/sessions/{id}/commits/{hash}", null, HTML, q -> html(commitDiff(q.param("id"), q.param("hash"))));
        r.add("GET", "/models", null, HTML, q -> html(modelsPage()));
        r.add("GET", "/insights", null, HTML, q -> html(insightsPage(q.query("tab"))));
        r.add("GET", "/pricing", null, HTML, q -> html(pricingPage(q.query("saved"), null)));
        r.add("POST", "/pricing", Request.FORM, HTML, this::pricingForm);
        r.add("GET", "/alerts", null, HTML, q -> html(alertsPage(q.query("saved"), null)));
        r.add("POST", "/alerts", Request.FORM, HTML, this::alertsForm);
        r.add("GET", "/help", null, HTML, q -> html(page("help", "help", "Help")));
        r.add("GET", "/changelog", null, HTML,
                q -> html(page("changelog", "changelog", "Changelog").data("entries", Changelog.parse(DashboardService.changelog()))));
        r.add("GET", "/reset", null, HTML, q -> html(page("reset", "reset", "Start Fresh").data("stats", dashboard.stats())
                .data("done", false).data("problem", null)));
        r.add("POST", "/reset", Request.FORM, HTML, this::resetForm);
        // Anything else: a friendly 404 page.
        r.add("GET", "/{rest+}", null, HTML, q -> Response.of(404, HTML, errorPage(404, "Page not found")));
    }

    static Response html(TemplateInstance page) {
        return html(200, page);
    }

    static Response html(int status, TemplateInstance page) {
        return Response.of(status, HTML, page.render());
    }

    /** 303 to a path of this dashboard (absolute, on the host the request named). */
    static Response seeOther(Request req, String path) {
        return Response.redirect(303, "http://" + req.header("Host") + path);
    }

    private TemplateInstance page(String template, String nav, String title) {
        return views.get(template).data("nav", nav).data("title", title).data("csrf", config.csrfToken())
                .data("version", DashboardService.version()).data("demo", config.demo()).data("exposed", config.exposed())
                .data("zone", Fmt.zone()).data("assets", Assets.VERSION);
    }

    /** A SessionRecord with every optional key present (null when absent), for templates. */
    static Obj view(Session s) {
        Obj o = SessionJson.record(s);
        for (String k : List.of("endTime", "duration", "gitRoot", "startGitHead", "notes")) {
            o.putIfAbsent(k, null);
        }
        return o;
    }

    static List<Obj> views(List<Obj> records) {
        for (Obj o : records) {
            for (String k : List.of("endTime", "duration", "gitRoot", "startGitHead", "notes")) {
                o.putIfAbsent(k, null);
            }
        }
        return records;
    }

    // ---- overview -----------------------------------------------------------------------------

    TemplateInstance overview() {
        Obj stats = dashboard.stats();
        long total = (Long) stats.get("totalSessions");
        double cost = (Double) stats.get("totalAICost");
        int days = 30;
        List<Obj> daily = fillDays(dashboard.dailyCosts(days), days, d -> Json.obj().add("cost", 0d).add("sessions", 0L).add("tokens", 0L));
        List<Obj> tokens = fillDays(dashboard.dailyTokens(days), days,
                d -> Json.obj().add("promptTokens", 0L).add("completionTokens", 0L).add("totalTokens", 0L));
        for (int i = 0; i < days; i++) {
            daily.get(i).add("promptTokens", tokens.get(i).get("promptTokens"))
                    .add("completionTokens", tokens.get(i).get("completionTokens"));
        }
        long windowSessions = daily.stream().mapToLong(o -> (long) Fmt.num(o.get("sessions"))).sum();
        double windowCost = daily.stream().mapToDouble(o -> Fmt.num(o.get("cost"))).sum();
        boolean anyCost = windowCost > 0;
        boolean anyTokens = tokens.stream().anyMatch(o -> Fmt.num(o.get("totalTokens")) > 0);
        boolean anySessions = daily.stream().anyMatch(o -> Fmt.num(o.get("sessions")) > 0);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        double monthToDate = analytics.costSince(today.withDayOfMonth(1).toString());
        double projectedMonth = monthToDate / today.getDayOfMonth() * today.lengthOfMonth();

        List<Obj> velocity = new ArrayList<>(dashboard.costVelocity("20"));
        java.util.Collections.reverse(velocity);
        List<String> labels = daily.stream().map(o -> Fmt.day(o.get("day"))).toList();
        return page("overview", "overview", "Overview")
                .data("stats", stats)
                .data("avgCost", total == 0 ? 0d : cost / total)
                .data("daily", daily)
                .data("anyCost", anyCost)
                .data("anyTokens", anyTokens)
                .data("anySessions", anySessions)
                .data("windowSessions", windowSessions)
                .data("windowCost", windowCost)
                .data("avgDaily", windowCost / days)
                .data("projected30", windowCost / days * 30)
                .data("monthToDate", monthToDate)
                .data("projectedMonth", projectedMonth)
                .data("monthName", today.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.US))
                .data("top", views(dashboard.topSessions("5")))
                .data("velocity", velocity)
                .data("costChart", chart("line", labels, series("Cost ($)", daily, "cost")))
                .data("tokenChart", chart("stacked", labels, series("Prompt", tokens, "promptTokens"),
                        series("Completion", tokens, "completionTokens")))
                .data("sessionChart", chart("bar", labels, series("Sessions", daily, "sessions")))
                .data("velocityChart", chart("bar", velocity.stream().map(o -> String.valueOf(o.get("name"))).toList(),
                        series("$/hour", velocity, "costPerHour")));
    }

    /** All {@code days} calendar days (UTC) ending today, zero-filled where there is no data. */
    static List<Obj> fillDays(List<Obj> rows, int days, java.util.function.Function<String, Obj> empty) {
        Map<String, Obj> byDay = new HashMap<>();
        for (Obj o : rows) {
            byDay.put(String.valueOf(o.get("day")), o);
        }
        List<Obj> out = new ArrayList<>();
        LocalDate start = LocalDate.parse(DashboardService.fromDay(days));
        for (int i = 0; i < days; i++) {
            String d = start.plusDays(i).toString();
            Obj o = byDay.get(d);
            if (o == null) {
                o = Json.obj().add("day", d);
                o.putAll(empty.apply(d));
            }
            out.add(o);
        }
        return out;
    }

    static Obj series(String label, List<Obj> rows, String key) {
        List<Object> values = new ArrayList<>();
        for (Obj o : rows) {
            Object v = o.get(key);
            values.add(v == null ? 0 : v);
        }
        return Json.obj().add("label", label).add("data", values);
    }

    /** Chart description for app.js, written into a data attribute (escaped by Qute). */
    static String chart(String type, List<String> labels, Obj... series) {
        return Json.compact(Json.obj().add("type", type).add("labels", labels).add("series", List.of(series)));
    }

    // ---- sessions -----------------------------------------------------------------------------

    TemplateInstance sessionList(String pageNo, String status, String search, String sort, String order,
            String partial) {
        int p = Params.integer("page", pageNo, 1, 1, 1_000_000);
        DashboardService.ListQuery q = DashboardService.listQuery(Integer.toString(PAGE_SIZE),
                Long.toString((long) (p - 1) * PAGE_SIZE), status, search, sort, order);
        AnalyticsStore.Page result = dashboard.page(q);
        long pages = Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        List<Obj> rows = result.sessions().stream().map(Pages::view).toList();
        String st = q.status() == null ? "all" : q.status();
        String s = q.search() == null ? "" : q.search();
        Map<String, String> sortLinks = new LinkedHashMap<>();
        for (AnalyticsStore.SortKey k : AnalyticsStore.SortKey.values()) {
            boolean current = k == q.sort();
            String nextOrder = current ? (q.ascending() ? "desc" : "asc") : (k == AnalyticsStore.SortKey.NAME ? "asc" : "desc");
            sortLinks.put(k.key, link(1, st, s, k.key, nextOrder));
        }
        String t = "1".equals(partial) ? "sessionsTable" : "sessions";
        return page(t, "sessions", "Sessions")
                .data("rows", rows)
                .data("total", result.total())
                .data("pageNo", p)
                .data("pages", pages)
                .data("status", st)
                .data("search", s)
                .data("sort", q.sort().key)
                .data("order", q.ascending() ? "asc" : "desc")
                .data("sortLinks", sortLinks)
                .data("prevLink", p > 1 ? link(p - 1, st, s, q.sort().key, q.ascending() ? "asc" : "desc") : null)
                .data("nextLink", p < pages ? link(p + 1, st, s, q.sort().key, q.ascending() ? "asc" : "desc") : null)
                .data("exportQuery", "");
    }

    static String link(int page, String status, String search, String sort, String order) {
        StringBuilder sb = new StringBuilder("/sessions?page=").append(page);
        if (!"all".equals(status)) {
            sb.append("&status=").append(enc(status));
        }
        if (!search.isEmpty()) {
            sb.append("&search=").append(enc(search));
        }
        sb.append("&sort=").append(enc(sort)).append("&order=").append(order);
        return sb.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    TemplateInstance sessionDetail(String idText, String tab) {
        long id = Params.sessionId(idText);
        SessionDetails d = dashboard.details(id);
        Session s = d.session();
        long prompt = 0;
        long completion = 0;
        for (AiUsage u : d.usage()) {
            prompt += u.promptTokens() == null ? 0 : u.promptTokens();
            completion += u.completionTokens() == null ? 0 : u.completionTokens();
        }
        String diffProblem = null;
        Map<String, Obj> stats = new HashMap<>();
        long adds = 0;
        long dels = 0;
        try {
            DashboardService.Range r = dashboard.range(d);
            if (r.empty()) {
                diffProblem = "No commits were recorded in this session, so there is no committed diff to show.";
            }
            for (Obj st : dashboard.diffStats(id)) {
                stats.put(String.valueOf(st.get("filePath")), st);
                adds += ((Number) st.get("additions")).longValue();
                dels += ((Number) st.get("deletions")).longValue();
            }
        } catch (ApiError e) {
            diffProblem = e.getMessage();
        }
        List<Obj> files = new ArrayList<>();
        for (FileChange f : d.files()) {
            Obj o = SessionJson.file(f);
            Obj st = stats.get(f.filePath());
            if (st != null) {
                long a = ((Number) st.get("additions")).longValue();
                long del = ((Number) st.get("deletions")).longValue();
                long addPct = a + del == 0 ? 0 : Math.round(a * 100.0 / (a + del));
                o.add("hasStats", true).add("additions", a).add("deletions", del).add("addPct", addPct)
                        .add("delPct", a + del == 0 ? 0 : 100 - addPct);
            } else {
                o.add("hasStats", false);
            }
            files.add(o);
        }
        String selected = tab == null || !List.of("timeline", "files", "commits", "ai", "notes").contains(tab) ? "timeline" : tab;
        return page("session", "sessions", s.name())
                .data("s", view(s))
                .data("active", s.isActive())
                .data("usage", SessionJson.usages(d.usage()))
                .data("files", files)
                .data("commits", SessionJson.commits(d.commits()))
                .data("notes", SessionJson.notes(d.notes()))
                .data("timeline", timeline(d))
                .data("ratio", completion == 0 ? "—" : Fmt.fixed(DashboardService.ratio(prompt, completion), 2) + "x")
                .data("statsTotal", stats.size())
                .data("additions", adds)
                .data("deletions", dels)
                .data("diffProblem", diffProblem)
                .data("tab", selected);
    }

    static List<Obj> timeline(SessionDetails d) {
        List<Obj> out = new ArrayList<>();
        for (FileChange f : d.files()) {
            out.add(Json.obj().add("type", "file").add("time", f.timestamp()).add("changeType", f.changeType())
                    .add("text", f.oldPath() == null ? f.filePath() : f.oldPath() + " → " + f.filePath()));
        }
        for (CommitRecord c : d.commits()) {
            out.add(Json.obj().add("type", "commit").add("time", c.timestamp()).add("hash", c.hash()).add("text", c.message()));
        }
        for (AiUsage u : d.usage()) {
            String agent = u.agentName() == null || u.agentName().isEmpty() ? "" : " [" + u.agentName() + "]";
            out.add(Json.obj().add("type", "ai").add("time", u.timestamp())
                    .add("text", u.provider() + "/" + u.model() + agent + " — " + Fmt.tokens(u.tokens()) + " tokens — "
                            + Fmt.cost(u.cost())));
        }
        for (Note n : d.notes()) {
            out.add(Json.obj().add("type", "note").add("time", n.timestamp()).add("text", n.message()));
        }
        Map<Obj, java.time.Instant> when = new java.util.IdentityHashMap<>();
        for (Obj o : out) {
            var t = io.codesession.common.Timestamps.parse(String.valueOf(o.get("time")));
            when.put(o, t == null ? java.time.Instant.EPOCH : t);
        }
        out.sort(Comparator.comparing(when::get));
        return out;
    }

    TemplateInstance sessionDiff(String idText, String file) {
        long id = Params.sessionId(idText);
        SessionDetails d = dashboard.details(id);
        String text = dashboard.diff(id, file);
        return page("diff", "sessions", "Diff").data("s", view(d.session())).data("what",
                file == null ? "All changes of the session" : file).data("lines", DiffLines.of(text));
    }

    TemplateInstance commitDiff(String idText, String hash) {
        long id = Params.sessionId(idText);
        SessionDetails d = dashboard.details(id);
        String text = dashboard.commitDiff(id, hash, null);
        return page("diff", "sessions", "Commit " + Fmt.shortHash(hash)).data("s", view(d.session()))
                .data("what", "Commit " + Fmt.shortHash(hash)).data("lines", DiffLines.of(text));
    }

    // ---- models & insights --------------------------------------------------------------------

    TemplateInstance modelsPage() {
        List<Obj> byModel = dashboard.modelBreakdown();
        List<Obj> byProvider = dashboard.providerBreakdown();
        List<Obj> ratios = dashboard.tokenRatios();
        double totalCost = byModel.stream().mapToDouble(o -> Fmt.num(o.get("totalCost"))).sum();
        long calls = byModel.stream().mapToLong(o -> (long) Fmt.num(o.get("calls"))).sum();
        long tokens = byModel.stream().mapToLong(o -> (long) Fmt.num(o.get("totalTokens"))).sum();
        for (Obj r : ratios) {
            long p = (long) Fmt.num(r.get("promptTokens"));
            long c = (long) Fmt.num(r.get("completionTokens"));
            long pp = p + c == 0 ? 0 : Math.round(p * 100.0 / (p + c));
            r.add("promptPct", pp).add("complPct", p + c == 0 ? 0 : 100 - pp);
        }
        for (Obj m : byModel) {
            m.add("avgCost", Fmt.num(m.get("calls")) == 0 ? 0d : Fmt.num(m.get("totalCost")) / Fmt.num(m.get("calls")));
        }
        List<Obj> costly = byModel.stream().filter(o -> Fmt.num(o.get("totalCost")) > 0).toList();
        List<Obj> top10 = byModel.stream().sorted(Comparator.comparingDouble(o -> -Fmt.num(o.get("totalTokens")))).limit(10)
                .toList();
        return page("models", "models", "Models & Providers")
                .data("byModel", byModel)
                .data("byProvider", byProvider)
                .data("ratios", ratios)
                .data("totalCost", totalCost)
                .data("calls", calls)
                .data("tokens", tokens)
                .data("costChart", chart("doughnut", costly.stream().map(o -> o.get("provider") + "/" + o.get("model")).toList(),
                        series("Cost ($)", costly, "totalCost")))
                .data("tokenChart", chart("hstacked", top10.stream().map(o -> String.valueOf(o.get("model"))).toList(),
                        series("Prompt", top10, "promptTokens"), series("Completion", top10, "completionTokens")));
    }

    static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

    TemplateInstance insightsPage(String tab) {
        List<Obj> hotspots = dashboard.fileHotspots("50");
        long maxChanges = hotspots.stream().mapToLong(o -> (long) Fmt.num(o.get("changeCount"))).max().orElse(0);
        List<Obj> heat = dashboard.activityHeatmap();
        long[][] grid = new long[7][24];
        long max = 0;
        for (Obj c : heat) {
            int d = ((Number) c.get("dayOfWeek")).intValue();
            int h = ((Number) c.get("hour")).intValue();
            grid[d][h] = ((Number) c.get("sessions")).longValue();
            max = Math.max(max, grid[d][h]);
        }
        List<Obj> rows = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            List<Obj> cells = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                long n = grid[d][h];
                int level = n == 0 ? 0 : (int) Math.max(1, Math.min(5, Math.ceil(n * 5.0 / max)));
                cells.add(Json.obj().add("n", n).add("level", level).add("title", DAYS[d] + " " + h + ":00 UTC — " + n + " session(s)"));
            }
            rows.add(Json.obj().add("day", DAYS[d]).add("cells", cells));
        }
        List<Obj> projects = dashboard.projects();
        List<Obj> top10 = projects.stream().limit(10).toList();
        List<Obj> prices = new ArrayList<>();
        dashboard.pricing().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<?, ?> v = (Map<?, ?>) e.getValue();
            prices.add(Json.obj().add("model", e.getKey()).add("input", v.get("input")).add("output", v.get("output")));
        });
        String selected = tab == null || !List.of("hotspots", "activity", "projects", "pricing").contains(tab) ? "hotspots" : tab;
        List<Integer> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(h);
        }
        return page("insights", "insights", "Insights")
                .data("tab", selected)
                .data("hotspots", hotspots)
                .data("maxChanges", maxChanges)
                .data("heatRows", rows)
                .data("hours", hours)
                .data("anyActivity", max > 0)
                .data("projects", projects)
                .data("projectChart", chart("bar", top10.stream().map(o -> Fmt.base(o.get("project"))).toList(),
                        series("Cost ($)", top10, "totalCost")))
                .data("prices", prices);
    }

    // ---- pricing ------------------------------------------------------------------------------

    private TemplateInstance pricingPage(String flash, String problem) {
        Map<String, String> sources = pricing.sources();
        Map<String, Price> table = pricing.effective();
        Map<String, List<Obj>> groups = new LinkedHashMap<>();
        Map<String, Boolean> builtIn = new HashMap<>();
        for (PricingService.BuiltIn b : pricing.builtIns()) {
            builtIn.put(b.key(), true);
            Price p = table.get(b.key());
            groups.computeIfAbsent(b.provider(), k -> new ArrayList<>()).add(Json.obj().add("model", b.key())
                    .add("input", p.input()).add("output", p.output()).add("custom", "custom".equals(sources.get(b.key())))
                    .add("defaultInput", b.price().input()).add("defaultOutput", b.price().output()));
        }
        List<Obj> custom = new ArrayList<>();
        for (Map.Entry<String, Price> e : table.entrySet()) {
            if (!builtIn.containsKey(e.getKey())) {
                custom.add(Json.obj().add("model", e.getKey()).add("input", e.getValue().input()).add("output", e.getValue().output()));
            }
        }
        List<Obj> groupList = new ArrayList<>();
        groups.forEach((k, v) -> groupList.add(Json.obj().add("provider", k).add("rows", v)));
        return page("pricingPage", "pricing", "Model Pricing")
                .data("groups", groupList)
                .data("custom", custom)
                .data("flash", flash)
                .data("problem", problem)
                .data("file", pricing.file().path().toString());
    }

    private Response pricingForm(Request req) {
        checkCsrf(req.form("_csrf"));
        String action = req.form("action");
        String model = req.form("model");
        try {
            String message;
            if ("delete".equals(action)) {
                Obj r = dashboard.deletePrice(model);
                message = Boolean.TRUE.equals(r.get("builtIn")) ? "Reset " + model + " to its built-in price" : "Deleted " + model;
            } else if ("set".equals(action)) {
                Obj r = dashboard.setPrice(model, req.form("provider"), req.form("input"), req.form("output"));
                message = "Saved " + r.get("model");
            } else {
                throw ApiError.badRequest("Unknown action");
            }
            return seeOther(req, "/pricing?saved=" + enc(message));
        } catch (ApiError e) {
            return html(e.status(), pricingPage(null, e.getMessage()));
        }
    }

    // ---- alerts -------------------------------------------------------------------------------

    private TemplateInstance alertsPage(String flash, String problem) {
        AlertsService.Evaluation e = alerts.evaluate();
        return page("alertsPage", "alerts", "Alerts").data("e", view(e)).data("statuses", e.statuses().stream().map(Pages::view).toList())
                .data("over", e.overLimit().stream().map(Pages::view).toList()).data("flash", flash)
                .data("problem", problem).data("file", alerts.file().toString());
    }

    /** Templates see maps only (no reflection: see {@link Views}). */
    static Obj view(AlertsService.Evaluation e) {
        List<Obj> budgets = new ArrayList<>();
        for (BudgetService.Overview o : e.budgets()) {
            Obj b = BudgetJson.overview(o);
            for (Object c : (List<?>) b.get("checks")) {
                ((Obj) c).putIfAbsent("period", null);
                ((Obj) c).putIfAbsent("sessionId", null);
            }
            budgets.add(b);
        }
        return Json.obj().add("active", e.active()).add("withAlarm", e.withAlarm()).add("triggered", e.triggered())
                .add("overLimitCount", e.overLimitCount()).add("budgets", budgets).add("budgetsExceeded", e.budgetsExceeded());
    }

    static Obj view(AlertsService.Status s) {
        AlertsService.Rule r = s.config();
        return Json.obj().add("rule", s.rule()).add("label", s.label())
                .add("config", Json.obj().add("limit", r.limit()).add("alarm", r.alarm()).add("enabled", r.enabled()))
                .add("value", s.value()).add("triggered", s.triggered()).add("level", s.level()).add("message", s.message())
                .add("percent", s.percent());
    }

    private Response alertsForm(Request req) {
        checkCsrf(req.form("_csrf"));
        String rule = req.form("rule");
        String limit = req.form("limit");
        String alarm = req.form("alarm");
        try {
            String l = limit == null || limit.isBlank() ? "0" : limit.strip();
            if (!l.matches("[0-9]{1,9}(\\.[0-9]{1,6})?")) {
                throw ApiError.badRequest("Limit must be a dollar amount such as 5 or 2.50 (0 or empty turns the rule off)");
            }
            alerts.update(Json.compact(Json.obj().add("rule", rule).add("limit", Double.parseDouble(l))
                    .add("alarm", "on".equals(alarm) || "true".equals(alarm))));
            return seeOther(req, "/alerts?saved=" + enc("Saved " + AlertsService.LABELS.getOrDefault(rule, rule)));
        } catch (ApiError e) {
            return html(e.status(), alertsPage(null, e.getMessage()));
        }
    }

    // ---- start fresh --------------------------------------------------------------------------

    private Response resetForm(Request req) {
        checkCsrf(req.form("_csrf"));
        if (!"true".equals(req.form("confirm"))) {
            return html(400, page("reset", "reset", "Start Fresh").data("stats", dashboard.stats()).data("done", false)
                    .data("problem", "Tick the confirmation box to delete all session data."));
        }
        Obj r = dashboard.reset("true");
        return html(page("reset", "reset", "Start Fresh").data("stats", dashboard.stats()).data("done", true)
                .data("deleted", r.get("sessionsDeleted")).data("problem", null));
    }

    private void checkCsrf(String csrf) {
        if (!DashboardConfig.same(config.csrfToken(), csrf)) {
            throw new ApiError(403, "The form is out of date (missing or wrong CSRF token): reload the page and try again.");
        }
    }

    static String errorPage(int status, String message) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status + " · codesession</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body class=\"login\"><main class=\"card\">"
                + "<h1>" + status + "</h1><p>" + escape(message) + "</p><p><a href=\"/\">Back to the overview</a></p>"
                + "</main></body></html>";
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
