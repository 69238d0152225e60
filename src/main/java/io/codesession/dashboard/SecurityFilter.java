package io.codesession.dashboard;

import io.codesession.common.Json;
import io.codesession.dashboard.http.HttpError;
import io.codesession.dashboard.http.Request;
import io.codesession.dashboard.http.Response;
import io.codesession.dashboard.http.UrlEncoding;
import io.codesession.dashboard.http.WebServer;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The first step of every request (static assets, API, pages, 404s): decides whether it may go
 * on, and puts the security headers on every answer. 2.6.0 had none of this (weaknesses
 * SEC-1/2/3/8):
 * <ul>
 * <li>security headers and a Content-Security-Policy that allows only the app's own scripts;</li>
 * <li>the {@code Host} header must name the bound host, localhost or 127.0.0.1 on our port
 * (else 403), so a DNS-rebinding page cannot reach the server;</li>
 * <li>only GET, HEAD, POST and DELETE (else 405); bodies need a {@code Content-Length} (411) of at
 * most {@value Request#MAX_BODY} bytes (413); request targets are at most
 * {@value WebServer#MAX_TARGET} characters (414); malformed or dot-segment paths are 400;</li>
 * <li>on an exposed bind every request except static assets must carry the token (Bearer or
 * {@code X-Codesession-Token} header, {@code ?token=}, or the HttpOnly cookie a token login sets);
 * a page opened with {@code ?token=} sets the cookie and redirects to the URL without it, and no
 * page ever contains the token;</li>
 * <li>mutating requests need a same-origin {@code Origin}; API mutations also the CSRF token in
 * {@code X-CSRF-Token} (form posts carry it as a field, checked by the page handler).</li>
 * </ul>
 */
public class SecurityFilter {

    public static final String API_VERSION_HEADER = "X-Codesession-Api-Version";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String TOKEN_HEADER = "X-Codesession-Token";
    public static final String COOKIE = "cs_auth";
    public static final int MAX_BODY = Request.MAX_BODY;

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final Set<String> ALLOWED = Set.of("GET", "HEAD", "POST", "DELETE");

    private final DashboardConfig config;
    private volatile Set<String> localAddresses;

    public SecurityFilter(DashboardConfig config) {
        this.config = config;
    }

    /** The headers every answer carries (API answers also the version and no-store). */
    void decorate(Request req, Response res) {
        res.header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .header("Content-Security-Policy", CSP);
        if (isApi(req)) {
            res.header(API_VERSION_HEADER, "1");
            res.headerIfAbsent("Cache-Control", "no-store");
        }
    }

    /** Null when the request may go on to its route, else the answer that refuses it. */
    Response check(Request req) {
        boolean api = isApi(req);
        String host = req.header("Host");
        if (!hostAllowed(host, req.localPort())) {
            return reject(api, 403, "Forbidden: the Host header \"" + printable(host)
                    + "\" does not name this dashboard (use http://localhost:" + req.localPort() + ")");
        }
        if (!ALLOWED.contains(req.method())) {
            return reject(api, 405, "Method " + printable(req.method()) + " is not allowed").header("Allow", "GET, HEAD, POST, DELETE");
        }
        String length = req.header("Content-Length");
        if (length == null && req.header("Transfer-Encoding") != null) {
            // Bodies are small JSON documents or forms: a streamed body of unknown size is refused up front.
            return reject(api, 411, Request.lengthRequired());
        }
        if (length != null && (Request.contentLength(length) < 0 || Request.contentLength(length) > MAX_BODY)) {
            return reject(api, 413, Request.tooLarge());
        }
        if (req.targetLength() > WebServer.MAX_TARGET) {
            return reject(api, 414, "Request URI too long (limit " + WebServer.MAX_TARGET + " characters)");
        }
        try {
            req.segments();
            req.queryParameters();
        } catch (HttpError e) {
            return reject(api, e.status(), e.getMessage());
        }
        if (config.exposed() && !isPublicAsset(req.path())) {
            Response refused = authenticate(req, api);
            if (refused != null) {
                return refused;
            }
        }
        boolean mutating = req.method().equals("POST") || req.method().equals("DELETE");
        if (mutating) {
            String origin = req.header("Origin");
            if (origin == null || !origin.equalsIgnoreCase("http://" + host)) {
                return reject(api, 403, "Forbidden: cross-origin or Origin-less " + req.method()
                        + " request (expected Origin: http://" + printable(host) + ")");
            }
            if (api && !DashboardConfig.same(config.csrfToken(), req.header(CSRF_HEADER))) {
                return reject(true, 403, "Forbidden: missing or wrong " + CSRF_HEADER
                        + " header (the token is in the page's csrf-token meta tag, or GET /api/v1/csrf)");
            }
        }
        return null;
    }

    /** Token check on an exposed bind: null when authenticated, else the answer. */
    private Response authenticate(Request req, boolean api) {
        String expected = config.token().orElseThrow();
        String bearer = bearer(req.header("Authorization"));
        if (DashboardConfig.same(expected, bearer) || DashboardConfig.same(expected, req.header(TOKEN_HEADER))) {
            return null;
        }
        String cookie = req.cookie(COOKIE);
        if (cookie != null && DashboardConfig.same(config.cookieValue(), cookie)) {
            return null;
        }
        List<String> query = req.queryParameters().getOrDefault("token", List.of());
        if (query.size() == 1 && DashboardConfig.same(expected, query.getFirst())) {
            if (!api && req.method().equals("GET")) {
                // Token login: remember the browser with an HttpOnly cookie, drop the token from the URL.
                return Response.redirect(303, withoutToken(req.segments(), req.queryParameters()))
                        .header("Set-Cookie", COOKIE + "=" + config.cookieValue() + "; Path=/; HttpOnly; SameSite=Strict");
            }
            return null;
        }
        if (api) {
            return reject(true, 401, "Unauthorized. Provide the token printed by cs dashboard via Authorization: Bearer <token>, "
                    + TOKEN_HEADER + ", or ?token=");
        }
        return Response.of(401, "text/html; charset=utf-8", LOGIN_PAGE);
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

    /**
     * The same page without {@code token}: a path rebuilt from the decoded segments (so it always
     * starts with a single slash and stays on this server) and the other parameters re-encoded.
     */
    static String withoutToken(List<String> segments, Map<String, List<String>> params) {
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            sb.append('/').append(UrlEncoding.encodeSegment(s));
        }
        if (sb.isEmpty()) {
            sb.append('/');
        }
        char sep = '?';
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().equals("token")) {
                continue;
            }
            for (String v : e.getValue()) {
                sb.append(sep).append(UrlEncoding.encode(e.getKey())).append('=').append(UrlEncoding.encode(v));
                sep = '&';
            }
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

    /** Whether the request is for the API (JSON errors, version header); by raw path when the path is malformed. */
    static boolean isApi(Request req) {
        try {
            List<String> s = req.segments();
            return !s.isEmpty() && s.getFirst().equals("api");
        } catch (HttpError e) {
            return isApi(req.rawPath());
        }
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** Static files are not secret: the login page needs its stylesheet. */
    static boolean isPublicAsset(String path) {
        return path.startsWith("/assets/") || path.equals("/favicon.ico");
    }

    /** Host header = allowed name, with our port (or none when the port is 80). */
    boolean hostAllowed(String header, int localPort) {
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

    /** A refusal: JSON under the API, plain text elsewhere. */
    static Response reject(boolean api, int status, String message) {
        if (api) {
            return Response.of(status, ApiEndpoints.JSON, Json.compact(Json.obj().add("error", message)));
        }
        return Response.of(status, "text/plain; charset=utf-8", message + "\n");
    }

    static String printable(String s) {
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
