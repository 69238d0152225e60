package io.codesession.dashboard;

import io.codesession.common.Json;
import io.codesession.session.ExportService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * The JSON API (dashboard.md §4), mounted at {@code /api/v1} and at the {@code /api} alias by
 * the two subclasses. Resources only translate HTTP to {@link DashboardService} calls; bad input
 * becomes {@link ApiError}s, rendered as JSON by {@link ErrorMappers}.
 */
public abstract class ApiEndpoints {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    @Inject
    DashboardService dashboard;
    @Inject
    AlertsService alerts;
    @Inject
    ExportService export;
    @Inject
    DashboardConfig config;

    static Response json(Object body) {
        return Response.ok(Json.compact(body), JSON).build();
    }

    static Response text(String body) {
        return Response.ok(body, TEXT).build();
    }

    @GET
    @Path("/stats")
    public Response stats() {
        return json(dashboard.stats());
    }

    @GET
    @Path("/sessions")
    public Response sessions(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
            @QueryParam("status") String status, @QueryParam("search") String search, @QueryParam("sort") String sort,
            @QueryParam("order") String order) {
        return json(dashboard.sessions(DashboardService.listQuery(limit, offset, status, search, sort, order)));
    }

    @GET
    @Path("/sessions/{id}")
    public Response session(@PathParam("id") String id) {
        return json(dashboard.session(Params.sessionId(id)));
    }

    @GET
    @Path("/sessions/{id}/diff")
    public Response diff(@PathParam("id") String id, @QueryParam("file") String file) {
        return text(dashboard.diff(Params.sessionId(id), file));
    }

    @GET
    @Path("/sessions/{id}/commits/{hash}/diff")
    public Response commitDiff(@PathParam("id") String id, @PathParam("hash") String hash, @QueryParam("file") String file) {
        return text(dashboard.commitDiff(Params.sessionId(id), hash, file));
    }

    @GET
    @Path("/sessions/{id}/diff-stats")
    public Response diffStats(@PathParam("id") String id) {
        return json(dashboard.diffStats(Params.sessionId(id)));
    }

    @GET
    @Path("/daily-costs")
    public Response dailyCosts(@QueryParam("days") String days) {
        return json(dashboard.dailyCosts(DashboardService.days(days)));
    }

    @GET
    @Path("/daily-tokens")
    public Response dailyTokens(@QueryParam("days") String days) {
        return json(dashboard.dailyTokens(DashboardService.days(days)));
    }

    @GET
    @Path("/model-breakdown")
    public Response modelBreakdown() {
        return json(dashboard.modelBreakdown());
    }

    @GET
    @Path("/provider-breakdown")
    public Response providerBreakdown() {
        return json(dashboard.providerBreakdown());
    }

    @GET
    @Path("/top-sessions")
    public Response topSessions(@QueryParam("limit") String limit) {
        return json(dashboard.topSessions(limit));
    }

    @GET
    @Path("/file-hotspots")
    public Response fileHotspots(@QueryParam("limit") String limit) {
        return json(dashboard.fileHotspots(limit));
    }

    @GET
    @Path("/activity-heatmap")
    public Response activityHeatmap() {
        return json(dashboard.activityHeatmap());
    }

    @GET
    @Path("/cost-velocity")
    public Response costVelocity(@QueryParam("limit") String limit) {
        return json(dashboard.costVelocity(limit));
    }

    @GET
    @Path("/projects")
    public Response projects() {
        return json(dashboard.projects());
    }

    @GET
    @Path("/token-ratios")
    public Response tokenRatios() {
        return json(dashboard.tokenRatios());
    }

    @GET
    @Path("/pricing")
    public Response pricing() {
        return json(dashboard.pricing());
    }

    @POST
    @Path("/pricing")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setPricing(String body) {
        return json(dashboard.setPrice(body));
    }

    @DELETE
    @Path("/pricing/{model: .+}")
    public Response deletePricing(@PathParam("model") String model) {
        return json(dashboard.deletePrice(model));
    }

    @GET
    @Path("/alerts")
    public Response alerts() {
        return json(AlertsService.json(alerts.evaluate()));
    }

    @POST
    @Path("/alerts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setAlert(String body) {
        return json(AlertsService.json(alerts.update(body)));
    }

    @GET
    @Path("/export")
    public Response export(@QueryParam("format") String format, @QueryParam("limit") String limit) {
        ExportService.Format f;
        if (format == null || format.isEmpty() || format.equals("json")) {
            f = ExportService.Format.JSON;
        } else if (format.equals("csv")) {
            f = ExportService.Format.CSV;
        } else {
            throw ApiError.badRequest("format must be json or csv, got \"" + Params.shorten(format) + "\"");
        }
        long n = limit == null || limit.isEmpty() ? -1 : Params.integer("limit", limit, 0, 1, Integer.MAX_VALUE);
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            export.export(f, n, w);
        };
        String ext = f == ExportService.Format.CSV ? "csv" : "json";
        return Response.ok(body, f == ExportService.Format.CSV ? "text/csv; charset=utf-8" : JSON)
                .header("Content-Disposition", "attachment; filename=\"codesession-export." + ext + "\"")
                .build();
    }

    @GET
    @Path("/changelog")
    public Response changelog() {
        return text(DashboardService.changelog());
    }

    @GET
    @Path("/version")
    public Response version() {
        return json(dashboard.versionInfo());
    }

    /** The CSRF token for scripted clients (same-origin reads only: no CORS). */
    @GET
    @Path("/csrf")
    public Response csrf() {
        return json(Json.obj().add("csrfToken", config.csrfToken()).add("header", SecurityFilter.CSRF_HEADER));
    }

    @POST
    @Path("/reset")
    public Response reset(@QueryParam("confirm") String confirm) {
        return json(dashboard.reset(confirm));
    }

    /** Anything else under the API prefix: a JSON 404 (2.6.0 answered with an HTML page). */
    @GET
    @Path("/{rest: .*}")
    public Response unknown(@PathParam("rest") String rest) {
        throw ApiError.notFound("Unknown API endpoint: " + Params.shorten(rest));
    }

    /** The API under its canonical prefix. */
    @Path("/api/v1")
    public static class V1 extends ApiEndpoints {
    }

    /** The same API under 2.6.0's compatibility alias. */
    @Path("/api")
    public static class Alias extends ApiEndpoints {
    }
}
