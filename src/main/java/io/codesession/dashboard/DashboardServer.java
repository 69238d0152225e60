package io.codesession.dashboard;

import io.codesession.dashboard.http.Request;
import io.codesession.dashboard.http.Response;
import io.codesession.dashboard.http.Router;
import io.codesession.dashboard.http.WebServer;
import io.codesession.session.ExportService;
import io.codesession.store.AnalyticsStore;
import io.codesession.usage.PricingService;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Puts the dashboard together on the JDK's HTTP server: the security filter first, then the
 * route table (assets, the API at {@code /api/v1} and {@code /api}, the pages, the 404s), then
 * error rendering and the security headers on whatever came out. Deliberately not a bean (Arc
 * loads every bean class at boot): {@code cs dashboard} (or a test) makes one from the services,
 * so one-shot commands load none of it.
 */
public final class DashboardServer {

    private final DashboardService dashboard;
    private final AlertsService alerts;
    private final ExportService export;
    private final AnalyticsStore analytics;
    private final PricingService pricing;
    private final Views views;

    public DashboardServer(DashboardService dashboard, AlertsService alerts, ExportService export, AnalyticsStore analytics,
            PricingService pricing, Views views) {
        this.dashboard = dashboard;
        this.alerts = alerts;
        this.export = export;
        this.analytics = analytics;
        this.pricing = pricing;
        this.views = views;
    }

    /** Binds {@code address} (a {@link java.net.BindException} when it is taken); {@link WebServer#start()} serves. */
    public WebServer bind(DashboardConfig config, InetSocketAddress address) throws IOException {
        Router router = routes(config);
        SecurityFilter security = new SecurityFilter(config);
        return WebServer.bind(address, req -> serve(req, security, router));
    }

    Router routes(DashboardConfig config) {
        Router r = new Router();
        new Assets().routes(r);
        ApiEndpoints api = new ApiEndpoints(dashboard, alerts, export, config);
        api.routes(r, "/api/v1");
        api.routes(r, "/api");
        ApiEndpoints.unknown(r, "/api/v1");
        ApiEndpoints.unknown(r, "/api");
        new Pages(dashboard, analytics, alerts, pricing, config, views).routes(r);
        return r;
    }

    static Response serve(Request req, SecurityFilter security, Router router) {
        Response res;
        try {
            res = security.check(req);
            if (res == null) {
                res = router.dispatch(req);
            }
        } catch (Exception e) {
            res = ErrorMappers.render(req, e);
        }
        security.decorate(req, res);
        return res;
    }
}
