package io.codesession.dashboard;

import io.codesession.dashboard.http.WebServer;
import io.codesession.session.ExportService;
import io.codesession.store.AnalyticsStore;
import io.codesession.usage.PricingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Starts real dashboard servers inside a {@code @QuarkusTest}, on an ephemeral loopback port. */
@ApplicationScoped
public class TestServers {

    @Inject
    DashboardService dashboard;
    @Inject
    AlertsService alerts;
    @Inject
    ExportService export;
    @Inject
    AnalyticsStore analytics;
    @Inject
    PricingService pricing;
    @Inject
    Views views;

    public WebServer start(DashboardConfig config) throws IOException {
        return new DashboardServer(dashboard, alerts, export, analytics, pricing, views)
                .bind(config, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).start();
    }
}
