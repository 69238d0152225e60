package io.codesession.dashboard;

import io.codesession.dashboard.http.Response;
import io.codesession.dashboard.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files, served by the app itself (no CDN: it works offline): its own
 * stylesheet and script, and Chart.js from the {@code org.webjars.npm:chart.js} jar. Only the
 * names listed here are served (a name is one decoded path segment, looked up in a fixed table,
 * so no path reaches the class path or the file system). URLs carry {@code ?v=} so responses
 * can be cached for a year.
 */
final class Assets {

    /** Changes with every build of the app, so cached assets are refreshed after an upgrade. */
    public static final String VERSION = Integer.toHexString(
            (DashboardService.version() + ":" + Assets.class.getPackage().getImplementationVersion()).hashCode());

    static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

    private static final Map<String, String[]> FILES = Map.of(
            "app.css", new String[] {"/dashboard/app.css", "text/css; charset=utf-8"},
            "app.js", new String[] {"/dashboard/app.js", "text/javascript; charset=utf-8"},
            "chart.umd.min.js", new String[] {CHART_JS, "text/javascript; charset=utf-8"},
            "favicon.svg", new String[] {"/dashboard/favicon.svg", "image/svg+xml"});

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void routes(Router r) {
        r.add("GET", "/assets/{name}", q -> asset(q.param("name")));
    }

    Response asset(String name) {
        String[] spec = FILES.get(name);
        byte[] body = spec == null ? null : cache.computeIfAbsent(name, n -> load(spec[0]));
        if (body == null) {
            return Response.of(404, "text/plain; charset=utf-8", "Not found\n");
        }
        return Response.of(200, spec[1], body).header("Cache-Control", "public, max-age=31536000, immutable");
    }

    private static byte[] load(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] b = in.readAllBytes();
            if (resource.endsWith(".js")) {
                // Drop the source-map comment: the map is not shipped, so devtools would 404 on it.
                String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
                s = s.replaceAll("//# sourceMappingURL=\\S+\\s*$", "");
                b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            return b;
        } catch (IOException e) {
            return null;
        }
    }
}
