package io.codesession.dashboard;

import io.codesession.common.Json;
import io.codesession.dashboard.http.Request;
import io.codesession.dashboard.http.Response;
import io.codesession.dashboard.http.Router;
import io.codesession.session.ExportService;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * The JSON API (dashboard.md §4), mounted at {@code /api/v1} and at the {@code /api} alias.
 * Handlers only translate HTTP to {@link DashboardService} calls; bad input becomes
 * {@link ApiError}s, rendered as JSON by {@link ErrorMappers}.
 */
final class ApiEndpoints {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    private final DashboardService dashboard;
    private final AlertsService alerts;
    private final ExportService export;
    private final DashboardConfig config;

    ApiEndpoints(DashboardService dashboard, AlertsService alerts, ExportService export, DashboardConfig config) {
        this.dashboard = dashboard;
        this.alerts = alerts;
        this.export = export;
        this.config = config;
    }

    /** Every endpoint under {@code prefix}; the catch-all 404 comes last. */
    void routes(Router r, String prefix) {
        r.add("GET", prefix + "/stats", q -> json(dashboard.stats()));
        r.add("GET", prefix + "/sessions", q -> json(dashboard.sessions(DashboardService.listQuery(q.query("limit"),
                q.query("offset"), q.query("status"), q.query("search"), q.query("sort"), q.query("order")))));
        r.add("GET", prefix + "/sessions/{id}", q -> json(dashboard.session(Params.sessionId(q.param("id")))));
        r.add("GET", prefix + "/sessions/{id}/diff", q -> text(dashboard.diff(Params.sessionId(q.param("id")), q.query("file"))));
        r.add("GET", prefix + "/sessions/{id}/commits/{hash}/diff",
                q -> text(dashboard.commitDiff(Params.sessionId(q.param("id")), q.param("hash"), q.query("file"))));
        r.add("GET", prefix + "/sessions/{id}/diff-stats", q -> json(dashboard.diffStats(Params.sessionId(q.param("id")))));
        r.add("GET", prefix + "/daily-costs", q -> json(dashboard.dailyCosts(DashboardService.days(q.query("days")))));
        r.add("GET", prefix + "/daily-tokens", q -> json(dashboard.dailyTokens(DashboardService.days(q.query("days")))));
        r.add("GET", prefix + "/model-breakdown", q -> json(dashboard.modelBreakdown()));
        r.add("GET", prefix + "/provider-breakdown", q -> json(dashboard.providerBreakdown()));
        r.add("GET", prefix + "/top-sessions", q -> json(dashboard.topSessions(q.query("limit"))));
        r.add("GET", prefix + "/file-hotspots", q -> json(dashboard.fileHotspots(q.query("limit"))));
        r.add("GET", prefix + "/activity-heatmap", q -> json(dashboard.activityHeatmap()));
        r.add("GET", prefix + "/cost-velocity", q -> json(dashboard.costVelocity(q.query("limit"))));
        r.add("GET", prefix + "/projects", q -> json(dashboard.projects()));
        r.add("GET", prefix + "/token-ratios", q -> json(dashboard.tokenRatios()));
        r.add("GET", prefix + "/pricing", q -> json(dashboard.pricing()));
        r.add("POST", prefix + "/pricing", Request.JSON, null, q -> json(dashboard.setPrice(q.bodyText())));
        r.add("DELETE", prefix + "/pricing/{model+}", q -> json(dashboard.deletePrice(q.param("model"))));
        r.add("GET", prefix + "/alerts", q -> json(AlertsService.json(alerts.evaluate())));
        r.add("POST", prefix + "/alerts", Request.JSON, null, q -> json(AlertsService.json(alerts.update(q.bodyText()))));
        r.add("GET", prefix + "/export", this::export);
        r.add("GET", prefix + "/changelog", q -> text(DashboardService.changelog()));
        r.add("GET", prefix + "/version", q -> json(dashboard.versionInfo()));
        // The CSRF token for scripted clients (same-origin reads only: no CORS).
        r.add("GET", prefix + "/csrf", q -> json(Json.obj().add("csrfToken", config.csrfToken()).add("header", SecurityFilter.CSRF_HEADER)));
        r.add("POST", prefix + "/reset", q -> json(dashboard.reset(q.query("confirm"))));
    }

    /** Anything else under the API prefix: a JSON 404 (2.6.0 answered with an HTML page). */
    static void unknown(Router r, String prefix) {
        r.add("GET", prefix + "/{rest*}", q -> {
            throw ApiError.notFound("Unknown API endpoint: " + Params.shorten(q.param("rest")));
        });
    }

    static Response json(Object body) {
        return Response.of(200, JSON, Json.compact(body));
    }

    static Response text(String body) {
        return Response.of(200, TEXT, body);
    }

    /** Streamed: rows go to the connection as they are read, never into one buffer. */
    private Response export(Request q) {
        String format = q.query("format");
        String limit = q.query("limit");
        ExportService.Format f;
        if (format == null || format.isEmpty() || format.equals("json")) {
            f = ExportService.Format.JSON;
        } else if (format.equals("csv")) {
            f = ExportService.Format.CSV;
        } else {
            throw ApiError.badRequest("format must be json or csv, got \"" + Params.shorten(format) + "\"");
        }
        long n = limit == null || limit.isEmpty() ? -1 : Params.integer("limit", limit, 0, 1, Integer.MAX_VALUE);
        String ext = f == ExportService.Format.CSV ? "csv" : "json";
        return Response.stream(200, f == ExportService.Format.CSV ? "text/csv; charset=utf-8" : JSON, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            export.export(f, n, w);
            w.flush();
        }).header("Content-Disposition", "attachment; filename=\"codesession-export." + ext + "\"");
    }
}
