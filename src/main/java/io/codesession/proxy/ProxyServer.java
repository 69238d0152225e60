package io.codesession.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.codesession.common.CsException;
import io.codesession.common.Json;
import io.codesession.session.SessionJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local API proxy: a JDK HTTP server on 127.0.0.1 (virtual thread per request) that forwards
 * every request to the provider's API with {@link HttpClient}, relays the response as it arrives,
 * and records the usage of the metered endpoints ({@link Route}) through {@link ProxyRecorder}.
 *
 * <p>Limits: metered request bodies are buffered up to {@value #REQUEST_BODY_MAX} bytes (413
 * beyond); other requests are streamed through unbuffered. A non-streaming response is copied for
 * reading its usage up to {@value #RESPONSE_CAPTURE_MAX} decoded bytes, one streamed event up to
 * {@value #EVENT_MAX}; beyond, the response is still relayed in full, only its usage is not read
 * (a warning says so). Request and response bodies and headers are never stored or logged.
 */
public final class ProxyServer implements AutoCloseable {

    public static final int REQUEST_BODY_MAX = 32 * 1024 * 1024;
    public static final int RESPONSE_CAPTURE_MAX = 16 * 1024 * 1024;
    public static final int EVENT_MAX = 16 * 1024 * 1024;
    public static final int DEFAULT_PORT = 3739;

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the JDK client sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade");
    private static final Set<String> CLIENT_SETS = Set.of("host", "content-length", "expect", "accept-encoding");
    private static final Set<String> DECODABLE = Set.of("gzip", "x-gzip", "deflate", "identity");

    /** What the proxy tells its owner: stored rows and (each distinct one once) warnings. */
    public interface Listener {
        void recorded(ProxyRecorder.Recorded r);

        void warning(String code, String message);
    }

    private final HttpServer server;
    private final HttpClient client;
    private final ExecutorService executor;
    private final Upstreams upstreams;
    private final ProxyRecorder recorder;
    private final Listener listener;
    private volatile ProxyRecorder.Target target;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private ProxyServer(HttpServer server, Upstreams upstreams, ProxyRecorder recorder, Listener listener,
            ProxyRecorder.Target target) {
        this.server = server;
        this.recorder = recorder;
        this.listener = listener;
        this.target = target;
        List<String> loops = new ArrayList<>();
        this.upstreams = upstreams.withoutLoop(server.getAddress().getPort(), loops);
        loops.forEach(n -> warn("loop", n));
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: any free port) and starts serving. A taken port is a
     * {@code port_in_use} error; the bind itself is the check (no probe-then-bind race). An
     * upstream that is this very proxy is replaced by the provider's default (with a warning).
     */
    /** The JDK server's limits for the proxy (unless given with -D). */
    static final Map<String, String> LIMITS = Map.of(
            "sun.net.httpserver.maxReqTime", "60",
            "sun.net.httpserver.maxReqHeaders", "200",
            "sun.net.httpserver.maxReqHeaderSize", "65536",
            "sun.net.httpserver.idleInterval", "30",
            "jdk.httpserver.maxConnections", "512");

    public static ProxyServer start(int port, Upstreams upstreams, ProxyRecorder recorder, Listener listener,
            ProxyRecorder.Target target) {
        // Small SSE writes must not wait for Nagle's algorithm.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Slow or stuck clients: a request (headers and body) must arrive within 60 s, header
        // count and size are bounded, idle keep-alive sockets close after 30 s, at most 512
        // sockets are open. No response-time limit: a streamed generation may last many minutes.
        for (Map.Entry<String, String> limit : LIMITS.entrySet()) {
            if (System.getProperty(limit.getKey()) == null) {
                System.setProperty(limit.getKey(), limit.getValue());
            }
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new CsException(PORT_IN_USE, "Port " + port + " is already in use. Try a different port with --port.")
                    .with("port", port);
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage())
                    .with("port", port);
        }
        ProxyServer p = new ProxyServer(server, upstreams, recorder, listener, target);
        server.start();
        return p;
    }

    public static final String PORT_IN_USE = "port_in_use";

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public Upstreams upstreams() {
        return upstreams;
    }

    public void target(ProxyRecorder.Target t) {
        this.target = t;
    }

    /**
     * Stops accepting requests, lets running ones finish (up to {@code graceSeconds}) and waits
     * for their usage to be stored.
     */
    public void close(int graceSeconds) {
        server.stop(graceSeconds);
        long deadline = System.nanoTime() + Duration.ofSeconds(graceSeconds + 3L).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executor.shutdownNow();
        client.shutdownNow();
    }

    @Override
    public void close() {
        close(2);
    }

    // ---- request handling ------------------------------------------------------------------------

    /** Ends the client connection without completing the response (the client sees an error, not a short body). */
    private static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        boolean abort = false;
        try {
            serve(ex);
        } catch (Abort a) {
            abort = true;
            throw a;
        } catch (RuntimeException e) {
            warn("internal", "proxy error: " + e);
            abort = true;
            throw new Abort();
        } finally {
            if (!abort) {
                ex.close();
            }
            inFlight.decrementAndGet();
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        InetAddress peer = ex.getRemoteAddress().getAddress();
        if (!isLoopback(peer)) {
            error(ex, 403, "proxy only accepts local connections");
            return;
        }
        Map<String, List<String>> headers = lowerCase(ex.getRequestHeaders());
        if (!localHost(first(headers, "host")) || !localOrigin(first(headers, "origin"))) {
            // DNS rebinding (a foreign Host name) or a web page (a foreign Origin) must not spend tokens here
            error(ex, 403, "proxy only accepts requests addressed to 127.0.0.1 or localhost, not from web pages");
            return;
        }
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
        if (path.equals("/health") || path.equals("/health/")) {
            health(ex);
            return;
        }
        Route route = Route.of(method, path, headers);
        byte[] body = null;
        RequestBody.Info info = RequestBody.Info.NOT_JSON;
        boolean injected = false;
        if (route.metered()) {
            body = readBody(ex, headers);
            if (body == null) {
                ex.getResponseHeaders().set("Connection", "close");
                error(ex, 413, "request body larger than " + (REQUEST_BODY_MAX >> 20) + " MiB");
                return;
            }
            if (!headers.containsKey("content-encoding")) {
                info = RequestBody.read(body);
                if (route.api() == Route.Api.CHAT_COMPLETIONS) {
                    byte[] changed = RequestBody.withIncludeUsage(body, info);
                    if (changed != null) {
                        body = changed;
                        injected = true;
                    }
                }
            }
        }
        HttpRequest request;
        try {
            request = upstreamRequest(ex, route, uri, headers, body, injected);
        } catch (IllegalArgumentException e) {
            error(ex, 400, "request cannot be forwarded: " + e.getMessage());
            return;
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            warn("upstream", "upstream " + upstreams.of(route.provider()) + " failed: " + describe(e));
            error(ex, 502, "upstream connection failed");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(ex, 502, "upstream connection failed");
            return;
        }
        relay(ex, method, route, response, info, injected);
    }

    private HttpRequest upstreamRequest(HttpExchange ex, Route route, URI uri, Map<String, List<String>> headers,
            byte[] body, boolean identityOnly) {
        URI base = upstreams.of(route.provider());
        URI target = Upstreams.target(base, uri.getRawPath(), uri.getRawQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(target);
        if ("https".equalsIgnoreCase(target.getScheme())) {
            b.version(HttpClient.Version.HTTP_2); // negotiated; HTTP/1.1 when the server does not offer h2
        } else {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        Set<String> connectionListed = tokens(headers.get("connection"));
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            String name = h.getKey();
            if (HOP_BY_HOP.contains(name) || CLIENT_SETS.contains(name) || connectionListed.contains(name)) {
                continue;
            }
            for (String v : h.getValue()) {
                b.header(name, v);
            }
        }
        String accept = identityOnly ? "identity" : acceptEncoding(headers.get("accept-encoding"));
        if (accept != null) {
            b.header("accept-encoding", accept);
        }
        b.method(ex.getRequestMethod(), publisher(ex, headers, body));
        return b.build();
    }

    private static HttpRequest.BodyPublisher publisher(HttpExchange ex, Map<String, List<String>> headers, byte[] body) {
        if (body != null) {
            return body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        }
        long length = contentLength(headers);
        boolean chunked = headers.containsKey("transfer-encoding");
        if (length <= 0 && !chunked) {
            return HttpRequest.BodyPublishers.noBody();
        }
        Flow.Publisher<java.nio.ByteBuffer> stream = HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length)
                : HttpRequest.BodyPublishers.fromPublisher(stream);
    }

    /** The request body when it is at most {@link #REQUEST_BODY_MAX} bytes, else null (nothing more is read). */
    private static byte[] readBody(HttpExchange ex, Map<String, List<String>> headers) throws IOException {
        if (contentLength(headers) > REQUEST_BODY_MAX) {
            return null;
        }
        InputStream in = ex.getRequestBody();
        byte[] body = in.readNBytes(REQUEST_BODY_MAX);
        if (body.length == REQUEST_BODY_MAX && in.read() >= 0) {
            return null;
        }
        return body;
    }

    private void relay(HttpExchange ex, String method, Route route, HttpResponse<InputStream> response,
            RequestBody.Info info, boolean injected) throws IOException {
        int status = response.statusCode();
        Map<String, List<String>> upstream = lowerCase(response.headers().map());
        Headers out = ex.getResponseHeaders();
        Set<String> connectionListed = tokens(upstream.get("connection"));
        for (Map.Entry<String, List<String>> h : upstream.entrySet()) {
            String name = h.getKey();
            if (name.startsWith(":") || HOP_BY_HOP.contains(name) || name.equals("content-length")
                    || connectionListed.contains(name)) {
                continue;
            }
            out.put(name, new ArrayList<>(h.getValue()));
        }
        String encoding = first(upstream, "content-encoding");
        String type = first(upstream, "content-type");
        boolean sse = type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        boolean identity = encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity");

        // The usage reader sees a decoded copy of what is relayed.
        UsageReader reader = null;
        SseReader events = null;
        JsonCapture capture = null;
        ByteSink sniffer = null;
        if (route.metered() && status >= 200 && status < 300) {
            reader = new UsageReader(route.api());
            ByteSink parser;
            if (sse) {
                parser = events = new SseReader(reader, EVENT_MAX);
            } else {
                parser = capture = new JsonCapture(reader, RESPONSE_CAPTURE_MAX);
            }
            sniffer = ContentDecoder.wrap(encoding, parser);
            if (sniffer == null) {
                warn("encoding", "a " + route.api().path() + " response was encoded as \"" + encoding
                        + "\", which the proxy cannot read: its usage was not recorded");
            }
        }

        long length = contentLength(upstream);
        boolean head = method.equalsIgnoreCase("HEAD");
        UsageChunkFilter filter = null;
        if (injected && sse && identity && status >= 200 && status < 300) {
            filter = new UsageChunkFilter(ex.getResponseBody(), EVENT_MAX);
        }
        try (InputStream in = response.body()) {
            if (head || status == 204 || status == 304 || length == 0) {
                if (head && length >= 0) {
                    out.set("Content-Length", Long.toString(length));
                }
                ex.sendResponseHeaders(status, -1);
                finish(route, response, info, reader, sniffer, events, capture);
                return;
            }
            ex.sendResponseHeaders(status, filter == null && length > 0 ? length : 0);
            OutputStream body = ex.getResponseBody();
            byte[] buf = new byte[16 * 1024];
            boolean upstreamFailed = false;
            boolean clientGone = false;
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    upstreamFailed = true;
                    break;
                }
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                try {
                    if (filter != null) {
                        filter.write(buf, 0, n);
                    } else {
                        body.write(buf, 0, n);
                        body.flush();
                    }
                } catch (IOException e) {
                    clientGone = true;
                    break;
                }
                if (sniffer != null) {
                    sniffer.accept(buf, 0, n);
                }
            }
            if (upstreamFailed || clientGone) {
                // What a stream reported so far was billed: keep it (a cut JSON body has no usage).
                finish(route, response, info, reader, null, events, null);
                throw new Abort();
            }
            try {
                if (filter != null) {
                    filter.finish();
                }
                ex.close();
            } catch (IOException e) {
                // the client left at the very end: the response was complete, its usage counts
            }
            finish(route, response, info, reader, sniffer, events, capture);
        }
    }

    /** Ends the usage reading of a relayed response and stores what it reported. */
    private void finish(Route route, HttpResponse<InputStream> response, RequestBody.Info info, UsageReader reader,
            ByteSink sniffer, SseReader events, JsonCapture capture) {
        if (reader == null) {
            return;
        }
        if (sniffer != null) {
            sniffer.end();
            if (sniffer instanceof ContentDecoder d && d.failed()) {
                warn("decode", "a compressed " + route.api().path() + " response could not be decoded: its usage was not recorded");
            }
        }
        if (capture != null && capture.overflow()) {
            warn("capture", "a " + route.api().path() + " response was larger than " + (RESPONSE_CAPTURE_MAX >> 20)
                    + " MiB: it was relayed in full, but its usage was not read");
        }
        if (events != null && events.oversized() > 0) {
            warn("event", "a " + route.api().path() + " stream event was larger than " + (EVENT_MAX >> 20)
                    + " MiB and was not read for usage");
        }
        Observed o = reader.result(info.model());
        if (o == null) {
            if (reader.unreadable() > 0) {
                warn("usage", "a " + route.api().path() + " response carried usage the proxy could not read");
            }
            return;
        }
        String key = key(o, response.headers().firstValue("request-id").orElse(null));
        try {
            ProxyRecorder.Outcome outcome = recorder.record(target, o, key);
            switch (outcome) {
                case ProxyRecorder.Recorded r -> {
                    warned.removeIf(w -> w.startsWith("session\u0000"));
                    if (!r.priced()) {
                        warn("price", "model \"" + r.row().model() + "\" has no price: stored at cost 0 (add one with: cs pricing set "
                                + r.row().model() + " <input> <output>)");
                    }
                    listener.recorded(r);
                    recorder.budget(r.session().id()).filter(io.codesession.usage.BudgetService.State::exceeded)
                            .ifPresent(b -> {
                                if (warned.add("budget\u0000" + r.session().id())) {
                                    listener.warning("budget", b.reason() + " (session " + r.session().id()
                                            + "; see cs budget show)");
                                }
                            });
                }
                case ProxyRecorder.NoSession n -> warn("session", "usage not recorded: " + n.reason());
                case ProxyRecorder.Duplicate d -> {
                    // already stored (the same response seen before, or imported from the agent's log)
                }
            }
        } catch (CsException e) {
            warn("store", "usage not recorded: " + e.getMessage());
        }
    }

    /**
     * The idempotency key of a response: Anthropic {@code claude:<message id>:<request-id>} (the
     * key Claude Code's own log gives the same message, so {@code cs auto-log}/{@code cs import}
     * never count it again), OpenAI {@code openai:<id>}; null when the response has no id.
     */
    static String key(Observed o, String requestId) {
        if (o.id() == null) {
            return null;
        }
        String id = ProxyRecorder.clean(o.id(), 200);
        if (o.provider() == Provider.ANTHROPIC) {
            return "claude:" + id + ":" + (requestId == null || requestId.isBlank() ? "" : ProxyRecorder.clean(requestId, 200));
        }
        return "openai:" + id;
    }

    private void health(HttpExchange ex) throws IOException {
        ProxyRecorder.Resolved r;
        try {
            r = recorder.resolve(target);
        } catch (CsException e) {
            r = new ProxyRecorder.Resolved(null, e.getMessage());
        }
        Json.Obj session = null;
        if (r.found()) {
            session = Json.obj().add("id", r.session().id()).add("name", r.session().name())
                    .add("cost", SessionJson.cost(r.session().aiCost())).add("tokens", r.session().aiTokens());
        }
        String version = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class).orElse("0.0.0");
        Json.Obj doc = Json.obj().add("status", "running").add("codesessionVersion", version).add("port", port())
                .add("intercepting", Route.METERED)
                .add("upstreams", Json.obj().add("anthropic", upstreams.anthropic().toString())
                        .add("openai", upstreams.openai().toString()))
                .add("activeSession", session);
        if (r.found()) {
            recorder.budget(r.session().id()).ifPresent(b -> doc.add("budget", io.codesession.usage.BudgetJson.state(b)));
        }
        if (!r.found()) {
            doc.add("reason", r.reason());
        }
        send(ex, 200, doc);
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, Json.obj().add("error", message));
    }

    private static void send(HttpExchange ex, int status, Object doc) throws IOException {
        byte[] b = Json.compact(doc).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private void warn(String code, String message) {
        if (warned.add(code + "\u0000" + message)) {
            listener.warning(code, message);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Loopback peers only: 127.0.0.0/8, ::1 (IPv4-mapped addresses arrive as IPv4). */
    static boolean isLoopback(InetAddress a) {
        return a != null && a.isLoopbackAddress();
    }

    /** Whether a Host header names this machine (absent: HTTP/1.0, accepted). */
    static boolean localHost(String host) {
        if (host == null) {
            return true;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            String rest = h.substring(close + 1);
            return h.substring(0, close + 1).equals("[::1]") && (rest.isEmpty() || rest.matches(":[0-9]{1,5}"));
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        if (colon >= 0 && !h.substring(colon).matches(":[0-9]{1,5}")) {
            return false;
        }
        return name.equals("localhost") || name.equals("127.0.0.1");
    }

    /** Whether an Origin header is absent or a page served from this machine. */
    static boolean localOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.strip().toLowerCase(Locale.ROOT);
        for (String scheme : List.of("http://", "https://")) {
            if (o.startsWith(scheme)) {
                return localHost(o.substring(scheme.length()));
            }
        }
        return false;
    }

    /**
     * The Accept-Encoding forwarded upstream: the client's codings the proxy can decode (gzip,
     * deflate, identity), so a Brotli or zstd response never arrives; null when the client sent none.
     */
    static String acceptEncoding(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                String p = part.strip();
                int semi = p.indexOf(';');
                String coding = (semi < 0 ? p : p.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
                if (DECODABLE.contains(coding)) {
                    kept.add(p);
                }
            }
        }
        return kept.isEmpty() ? "identity" : String.join(", ", kept);
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() == null) {
                continue;
            }
            out.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(e.getValue());
        }
        return out;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static Set<String> tokens(List<String> values) {
        Set<String> out = new HashSet<>();
        if (values != null) {
            for (String v : values) {
                for (String t : v.split(",")) {
                    if (!t.isBlank()) {
                        out.add(t.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return out;
    }

    private static long contentLength(Map<String, List<String>> headers) {
        String v = first(headers, "content-length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
