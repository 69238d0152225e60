package io.codesession.dashboard.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An explicit route table: method + path template → handler, tried in the order added (so
 * specific routes go before catch-alls). Templates are literal segments, {@code {name}} for one
 * segment, and as last segment {@code {name+}} (one or more) or {@code {name*}} (zero or more),
 * whose value is the remaining segments joined with {@code /}. HEAD is served by GET routes.
 * No reflection: handlers are lambdas or method references.
 *
 * <p>Dispatch follows JAX-RS: a path that matches only routes of other methods is 405 (with
 * {@code Allow}); then a declared body type other than the route's is 415; then an
 * {@code Accept} that excludes what the route produces is 406; nothing matching is 404.
 */
public final class Router {

    /** Handles one matched request. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    /**
     * One route. {@code consumes}: the media type a declared body must have (null: any);
     * {@code produces}: the media type the answer has, checked against {@code Accept} (null: no check).
     */
    record Route(String method, List<String> template, String consumes, String produces, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Handler handler) {
        return add(method, template, null, null, handler);
    }

    public Router add(String method, String template, String consumes, String produces, Handler handler) {
        List<String> parts = new ArrayList<>();
        for (String s : template.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            String s = parts.get(i);
            if ((s.endsWith("+}") || s.endsWith("*}")) && i != parts.size() - 1) {
                throw new IllegalArgumentException("a rest parameter must be last: " + template);
            }
        }
        routes.add(new Route(method, List.copyOf(parts), consumes, produces == null ? null : WebServer.mediaType(produces), handler));
        return this;
    }

    /** Runs the handler of the matching route, or throws the 404/405/406/415 {@link HttpError}. */
    public Response dispatch(Request request) throws Exception {
        List<String> path = request.segments();
        String method = request.isHead() ? "GET" : request.method();
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.template(), path);
            if (params == null) {
                continue;
            }
            if (!r.method().equals(method)) {
                allowed.add(r.method());
                continue;
            }
            request.params(params);
            String type = request.contentType();
            if (r.consumes() != null && type != null && !type.equals(r.consumes())) {
                throw new HttpError(415, "Unsupported content type: send " + r.consumes());
            }
            if (r.produces() != null && !request.accepts(r.produces())) {
                throw new HttpError(406, "Not acceptable");
            }
            return r.handler().handle(request);
        }
        if (!allowed.isEmpty()) {
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            throw new HttpError(405, "Method " + request.method() + " is not allowed here", String.join(", ", allowed));
        }
        throw new HttpError(404, "Not found");
    }

    /** Path parameters when {@code template} matches {@code path}, else null. */
    static Map<String, String> match(List<String> template, List<String> path) {
        Map<String, String> params = null;
        int n = template.size();
        for (int i = 0; i < n; i++) {
            String t = template.get(i);
            boolean variable = t.startsWith("{") && t.endsWith("}");
            if (variable && (t.endsWith("+}") || t.endsWith("*}"))) {
                int rest = path.size() - i;
                if (rest < (t.endsWith("+}") ? 1 : 0)) {
                    return null;
                }
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(t.substring(1, t.length() - 2), String.join("/", path.subList(i, path.size())));
                return params;
            }
            if (i >= path.size()) {
                return null;
            }
            if (variable) {
                if (params == null) {
                    params = new HashMap<>(4);
                }
                params.put(t.substring(1, t.length() - 1), path.get(i));
            } else if (!t.equals(path.get(i))) {
                return null;
            }
        }
        if (path.size() != n) {
            return null;
        }
        return params == null ? Map.of() : params;
    }
}
