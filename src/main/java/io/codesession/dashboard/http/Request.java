package io.codesession.dashboard.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the handlers see it: method, decoded path segments and path parameters,
 * query and form parameters (first value wins, as with JAX-RS), headers, cookies, and the body,
 * read at most once and only up to {@value #MAX_BODY} bytes. Parsing is lazy and strict: a
 * malformed path, query or body is an {@link HttpError} when a handler first asks for it.
 */
public final class Request {

    /** Largest request body read (bigger declared lengths are 413 before anything is read). */
    public static final int MAX_BODY = 4096;

    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";

    private final HttpExchange exchange;
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private List<String> segments;
    private Map<String, List<String>> query;
    private Map<String, String> params = Map.of();
    private byte[] body;
    private Map<String, List<String>> form;

    Request(HttpExchange exchange) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String p = uri.getRawPath();
        this.rawPath = p == null || p.isEmpty() ? "/" : p;
        this.rawQuery = uri.getRawQuery();
    }

    /** The method as sent (case-sensitive, like HTTP). */
    public String method() {
        return method;
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** The path exactly as sent (percent-encoded). */
    public String rawPath() {
        return rawPath;
    }

    /** The length of the request target (path and query), as sent. */
    public int targetLength() {
        return rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1);
    }

    /** Decoded, non-empty path segments (see {@link UrlEncoding#pathSegments}); 400 when malformed. */
    public List<String> segments() {
        if (segments == null) {
            segments = UrlEncoding.pathSegments(rawPath);
        }
        return segments;
    }

    /** The normalized path: {@code /} plus the decoded segments. */
    public String path() {
        return "/" + String.join("/", segments());
    }

    /** A path parameter of the matched route. */
    public String param(String name) {
        return params.get(name);
    }

    void params(Map<String, String> matched) {
        this.params = matched;
    }

    /** All query parameters, decoded, in order. */
    public Map<String, List<String>> queryParameters() {
        if (query == null) {
            query = UrlEncoding.parameters(rawQuery);
        }
        return query;
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = queryParameters().get(name);
        return v == null ? null : v.getFirst();
    }

    /** The first value of a request header (names are case-insensitive), or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The value of a cookie from the {@code Cookie} header(s), or null. */
    public String cookie(String name) {
        List<String> headers = exchange.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String h : headers) {
            for (String pair : h.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    String v = pair.substring(eq + 1).strip();
                    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
                }
            }
        }
        return null;
    }

    /** The media type of the body, lower case, without parameters; null when not declared. */
    public String contentType() {
        String ct = header("Content-Type");
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** Whether the {@code Accept} header allows {@code type} (no header: anything goes). */
    public boolean accepts(String type) {
        String accept = header("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        int slash = type.indexOf('/');
        String major = type.substring(0, slash);
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String mt = parts[0].strip().toLowerCase(Locale.ROOT);
            if (!(mt.equals("*/*") || mt.equals(major + "/*") || mt.equals(type))) {
                continue;
            }
            if (!zeroQuality(parts)) {
                return true;
            }
        }
        return false;
    }

    static boolean zeroQuality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    return Double.parseDouble(p.substring(2).strip()) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** The local port the request came in on. */
    public int localPort() {
        return exchange.getLocalAddress() == null ? -1 : exchange.getLocalAddress().getPort();
    }

    /**
     * The body, read once: 411 for a body without {@code Content-Length}, 413 above
     * {@value #MAX_BODY} bytes; empty when there is none.
     */
    public byte[] body() {
        if (body == null) {
            String length = header("Content-Length");
            if (length == null) {
                if (header("Transfer-Encoding") != null) {
                    throw new HttpError(411, lengthRequired());
                }
                body = new byte[0];
            } else {
                long n = contentLength(length);
                if (n < 0 || n > MAX_BODY) {
                    throw new HttpError(413, tooLarge());
                }
                byte[] b;
                try {
                    InputStream in = exchange.getRequestBody();
                    b = in.readNBytes((int) n);
                } catch (IOException e) {
                    b = null; // the client went away or was too slow (sun.net.httpserver.maxReqTime)
                }
                if (b == null || b.length < n) {
                    throw new HttpError(400, "Bad request: the body ended before its Content-Length");
                }
                body = b;
            }
        }
        return body;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /** The first value of a field of an urlencoded form body, or null (any other body has no fields). */
    public String form(String name) {
        if (form == null) {
            form = FORM.equals(contentType()) ? UrlEncoding.parameters(bodyText()) : Map.of();
        }
        List<String> v = form.get(name);
        return v == null ? null : v.getFirst();
    }

    /** A declared Content-Length; -1 when it is not a plain decimal number. */
    public static long contentLength(String header) {
        String s = header.strip();
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }

    public static String lengthRequired() {
        return "A Content-Length header is required (request bodies are limited to " + MAX_BODY + " bytes)";
    }

    public static String tooLarge() {
        return "Request body too large (limit " + MAX_BODY + " bytes)";
    }
}
