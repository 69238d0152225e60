package io.codesession.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

/**
 * A fake Anthropic/OpenAI API on loopback (JDK HTTP server, port 0) for the proxy tests: records
 * every request it receives and answers with what the test scripted per path, as JSON or as an
 * event stream, plain or gzip-compressed. Every byte it sends is kept so tests can compare it with
 * what their client received through the proxy.
 */
final class FakeUpstream implements AutoCloseable {

    record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Thrown by a responder to drop the connection mid-response (no clean end of the body). */
    static final class Drop extends RuntimeException {
        Drop() {
            super("dropped", null, false, false);
        }
    }

    interface Responder {
        void respond(Received r, HttpExchange ex) throws Exception;
    }

    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** The body bytes sent per path, exactly as written to the socket (compressed when gzip). */
    final Map<String, byte[]> sent = new ConcurrentHashMap<>();
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final HttpServer server;

    private FakeUpstream(HttpServer server) {
        this.server = server;
    }

    static FakeUpstream start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeUpstream f = new FakeUpstream(s);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/", f::handle);
        s.start();
        return f;
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    FakeUpstream on(String path, Responder r) {
        routes.put(path, r);
        return this;
    }

    List<Received> requests(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        byte[] body = ex.getRequestBody().readAllBytes();
        Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                headers, body);
        received.add(r);
        Responder responder = routes.get(r.path());
        try {
            if (responder == null) {
                json(ex, 404, "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8), false, r.path());
            } else {
                responder.respond(r, ex);
            }
        } catch (Drop d) {
            throw d; // the JDK server closes the connection of a handler that throws
        } catch (Exception e) {
            ex.close();
            throw new IOException(e);
        }
        ex.close();
    }

    /** A JSON answer with Content-Length, gzip-compressed (Content-Encoding: gzip) when asked. */
    void json(HttpExchange ex, int status, byte[] json, boolean gzip, String path) throws IOException {
        byte[] body = gzip ? gzip(json) : json;
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("request-id", "req_fake_" + path.hashCode());
        if (gzip) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        sent.put(path, body);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    /**
     * An event stream (chunked). {@code events} are written one by one, flushed after each;
     * after the first, the stream waits (up to 30 s) for {@code gate}, so a test can check that
     * the first event reached its client before the rest exists. {@code gateTimedOut} completes
     * with whether the wait timed out. With {@code gzip} the stream is compressed with a sync flush
     * per event.
     */
    void sse(HttpExchange ex, List<String> events, boolean gzip, CompletableFuture<Void> gate,
            CompletableFuture<Boolean> gateTimedOut, String path, String requestId) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        if (requestId != null) {
            ex.getResponseHeaders().set("request-id", requestId);
        }
        if (gzip) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(200, 0);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        OutputStream raw = ex.getResponseBody();
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                raw.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                raw.write(b, off, len);
                copy.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                raw.flush();
            }
        };
        OutputStream out = gzip ? new GZIPOutputStream(tee, true) : tee;
        try {
            for (int i = 0; i < events.size(); i++) {
                out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (i == 0 && gate != null) {
                    boolean timedOut = false;
                    try {
                        gate.get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        timedOut = true;
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                    gateTimedOut.complete(timedOut);
                }
            }
            out.close();
        } finally {
            sent.put(path, copy.toByteArray());
        }
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

    /** One SSE event: optional {@code event:} line, one {@code data:} line, blank line. */
    static String event(String type, String json) {
        return (type == null ? "" : "event: " + type + "\n") + "data: " + json + "\n\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
