package io.codesession.dashboard;

import io.codesession.common.Json;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs before every route (static assets, API, pages, 404s) and decides whether the request may
 * go on. 2.6.0 had none of this (weaknesses SEC-1/2/3/8):
 * <ul>
 * <li>security headers and a Content-Security-Policy that allows only the app's own scripts;</li>
 * <li>the {@code Host} header must name the bound host, localhost or 127.0.0.1 on our port
 * (else 403), so a DNS-rebinding page cannot reach the server;</li>
 * <li>on an exposed bind every request except static assets must carry the token (Bearer or
 * {@code X-Codesession-Token} header, {@code ?token=}, or the HttpOnly cookie a token login sets);
 * a page opened with {@code ?token=} sets the cookie and redirects to the URL without it, and no
 * page ever contains the token;</li>
 * <li>mutating requests need a same-origin {@code Origin}; API mutations also the CSRF token in
 * {@code X-CSRF-Token} (form posts carry it as a field, checked by the page resource);</li>
 * <li>request bodies are capped at {@value #MAX_BODY} bytes.</li>
 * </ul>
 */
@ApplicationScoped
public class SecurityFilter {

    public static final String API_VERSION_HEADER = "X-Codesession-Api-Version";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String TOKEN_HEADER = "X-Codesession-Token";
    public static final String COOKIE = "cs_auth";
    public static final int MAX_BODY = 4096;

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final Set<HttpMethod> ALLOWED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.DELETE);

    @Inject
    DashboardConfig config;

    private volatile Set<String> localAddresses;

    void register(@Observes Filters filters) {
        filters.register(this::handle, 10_000);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = ctx.response();
        String path = req.path() == null ? "/" : req.path();
        boolean api = isApi(path);
        res.putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin")
                .putHeader("Content-Security-Policy", CSP);
        if (api) {
            res.putHeader(API_VERSION_HEADER, "1");
            res.putHeader("Cache-Control", "no-store");
        }

        String host = req.getHeader("Host");
        if (host == null && req.authority() != null) {
            host = req.authority().toString(); // HTTP/2 :authority
        }
        if (!hostAllowed(host, req.localAddress())) {
            reject(ctx, api, 403, "Forbidden: the Host header \"" + printable(host)
                    + "\" does not name this dashboard (use http://localhost:" + localPort(req) + ")");
            return;
        }
        if (!ALLOWED.contains(req.method())) {
            res.putHeader("Allow", "GET, HEAD, POST, DELETE");
            reject(ctx, api, 405, "Method " + req.method().name() + " is not allowed");
            return;
        }
        String length = req.getHeader("Content-Length");
        if (length == null && req.getHeader("Transfer-Encoding") != null) {
            // Bodies are small JSON documents or forms: a streamed body of unknown size is refused up front.
            reject(ctx, api, 411, "A Content-Length header is required (request bodies are limited to " + MAX_BODY + " bytes)");
            return;
        }
        if (length != null && tooLong(length)) {
            reject(ctx, api, 413, "Request body too large (limit " + MAX_BODY + " bytes)");
            return;
        }
        if (config.exposed() && !isPublicAsset(path)) {
            if (!authenticated(ctx, api, path)) {
                return;
            }
        }
        boolean mutating = req.method() == HttpMethod.POST || req.method() == HttpMethod.DELETE;
        if (mutating) {
            String origin = req.getHeader("Origin");
            if (origin == null || !origin.equalsIgnoreCase("http://" + host)) {
                reject(ctx, api, 403, "Forbidden: cross-origin or Origin-less " + req.method().name()
                        + " request (expected Origin: http://" + printable(host) + ")");
                return;
            }
            if (api && !DashboardConfig.same(config.csrfToken(), req.getHeader(CSRF_HEADER))) {
                reject(ctx, true, 403, "Forbidden: missing or wrong " + CSRF_HEADER
                        + " header (the token is in the page's csrf-token meta tag, or GET /api/v1/csrf)");
                return;
            }
        }
        ctx.next();
    }

    /** Token check on an exposed bind; answers the request itself when it returns false. */
    private boolean authenticated(RoutingContext ctx, boolean api, String path) {
        HttpServerRequest req = ctx.request();
        String expected = config.token().orElseThrow();
        String bearer = bearer(req.getHeader("Authorization"));
        if (DashboardConfig.same(expected, bearer) || DashboardConfig.same(expected, req.getHeader(TOKEN_HEADER))) {
            return true;
        }
        var cookie = req.getCookie(COOKIE);
        if (cookie != null && DashboardConfig.same(config.cookieValue(), cookie.getValue())) {
            return true;
        }
        List<String> query = req.params().getAll("token");
        if (query.size() == 1 && DashboardConfig.same(expected, query.getFirst())) {
            if (!api && req.method() == HttpMethod.GET) {
                // Token login: remember the browser with an HttpOnly cookie, drop the token from the URL.
                ctx.response().putHeader("Set-Cookie", COOKIE + "=" + config.cookieValue()
                        + "; Path=/; HttpOnly; SameSite=Strict");
                ctx.response().putHeader("Location", withoutToken(path, req.params()));
                ctx.response().setStatusCode(303).end();
                return false;
            }
            return true;
        }
        if (api) {
            reject(ctx, true, 401, "Unauthorized. Provide the token printed by cs dashboard via Authorization: Bearer <token>, "
                    + TOKEN_HEADER + ", or ?token=");
        } else {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "text/html; charset=utf-8").end(LOGIN_PAGE);
        }
        return false;
    }

    private static final String LOGIN_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>codesession — sign in</title>
            <link rel="stylesheet" href="/assets/app.css"></head><body class="login"><main class="card">
            <h1>codesession dashboard</h1>
            <p>This dashboard is bound to a network address, so it needs the access token that
            <code>cs dashboard</code> printed when it started.</p>
            <p>Open the <strong>Authenticated URL</strong> it printed, or add <code>?token=&lt;token&gt;</code>
            to this address. The browser then keeps a session cookie and the token leaves the address bar.</p>
            </main></body></html>""";

    static String withoutToken(String path, io.vertx.core.MultiMap params) {
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entries()) {
            if (e.getKey().equals("token")) {
                continue;
            }
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }

    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).strip();
        }
        return null;
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** Static files are not secret: the login page needs its stylesheet. */
    static boolean isPublicAsset(String path) {
        return path.startsWith("/assets/") || path.equals("/favicon.ico");
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > MAX_BODY;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Host header = allowed name, with our port (or none when the port is 80). */
    boolean hostAllowed(String header, SocketAddress local) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        String name;
        String port = null;
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            if (end < 0) {
                return false;
            }
            name = header.substring(1, end);
            if (end + 1 < header.length()) {
                if (header.charAt(end + 1) != ':') {
                    return false;
                }
                port = header.substring(end + 2);
            }
        } else {
            int colon = header.lastIndexOf(':');
            if (colon >= 0 && header.indexOf(':') != colon) {
                return false; // unbracketed IPv6
            }
            name = colon < 0 ? header : header.substring(0, colon);
            port = colon < 0 ? null : header.substring(colon + 1);
        }
        int localPort = local == null ? -1 : local.port();
        if (port == null ? localPort != 80 : !port.equals(Integer.toString(localPort))) {
            return false;
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.equals("127.0.0.1") || name.equals("::1")) {
            return true;
        }
        String bound = config.host().toLowerCase(Locale.ROOT);
        if (name.equals(bound)) {
            return true;
        }
        if (bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("[::]")) {
            return localAddresses().contains(name);
        }
        return false;
    }

    /** IP literals of this machine's interfaces (a wildcard bind answers on all of them). */
    private Set<String> localAddresses() {
        Set<String> out = localAddresses;
        if (out == null) {
            out = new HashSet<>();
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        String s = a.getHostAddress();
                        int pct = s.indexOf('%');
                        out.add((pct < 0 ? s : s.substring(0, pct)).toLowerCase(Locale.ROOT));
                    }
                }
            } catch (SocketException e) {
                // none known: only localhost names pass
            }
            localAddresses = out;
        }
        return out;
    }

    private static int localPort(HttpServerRequest req) {
        return req.localAddress() == null ? 0 : req.localAddress().port();
    }

    static void reject(RoutingContext ctx, boolean api, int status, String message) {
        HttpServerResponse res = ctx.response().setStatusCode(status);
        if (api) {
            res.putHeader("Content-Type", "application/json; charset=utf-8").end(Json.compact(Json.obj().add("error", message)));
        } else {
            res.putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n");
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
            if (sb.length() >= 100) {
                break;
            }
        }
        return sb.toString();
    }
}
