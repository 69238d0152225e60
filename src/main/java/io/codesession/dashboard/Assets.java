package io.codesession.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files, served by the app itself (no CDN: it works offline): its own
 * stylesheet and script, and Chart.js from the {@code org.webjars.npm:chart.js} jar. Only the
 * names listed here are served. URLs carry {@code ?v=} so responses can be cached for a year.
 */
@Path("/assets")
public class Assets {

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

    @GET
    @Path("{name}")
    public Response asset(@PathParam("name") String name) {
        String[] spec = FILES.get(name);
        if (spec == null) {
            return Response.status(404).type("text/plain; charset=utf-8").entity("Not found\n").build();
        }
        byte[] body = cache.computeIfAbsent(name, n -> load(spec[0]));
        if (body == null) {
            return Response.status(404).type("text/plain; charset=utf-8").entity("Not found\n").build();
        }
        return Response.ok(body, spec[1]).header("Cache-Control", "public, max-age=31536000, immutable").build();
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
