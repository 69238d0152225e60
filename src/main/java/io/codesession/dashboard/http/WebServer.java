package io.codesession.dashboard.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.jboss.logging.Logger;

/**
 * The JDK's {@code com.sun.net.httpserver} with what a small web app needs on top: one function
 * from {@link Request} to {@link Response}, a virtual thread per exchange (a slow client costs no
 * platform thread), gzip for text when the client accepts it, HEAD, and streamed bodies in
 * chunked encoding. Connection limits and timeouts are the JDK server's own settings
 * ({@link #LIMITS}), set before the first server is created unless given on the command line.
 */
public final class WebServer {

    private static final Logger LOG = Logger.getLogger(WebServer.class);

    /**
     * Limits of the JDK server (system properties it reads once, when its first instance is
     * created). maxReqTime: seconds to receive a request's headers and body; a slow or stalled
     * client is disconnected. maxRspTime: seconds from the end of the request to the end of
     * the response; it is a total, not an inactivity timeout, so it is set far above the time a
     * large streamed export takes and only cuts a client that stopped reading. Header count and
     * size (names + values + 32 bytes per line, request line included) are bounded; a request
     * beyond them is dropped. Idle keep-alive connections close after idleInterval seconds;
     * maxConnections bounds open sockets (more are closed at accept).
     */
    public static final Map<String, String> LIMITS = limits();

    private static Map<String, String> limits() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sun.net.httpserver.maxReqTime", "10");
        m.put("sun.net.httpserver.maxRspTime", "900");
        m.put("sun.net.httpserver.maxReqHeaders", "100");
        m.put("sun.net.httpserver.maxReqHeaderSize", "32768");
        m.put("sun.net.httpserver.idleInterval", "30");
        m.put("sun.net.httpserver.maxIdleConnections", "50");
        m.put("jdk.httpserver.maxConnections", "256");
        return m;
    }

    /** The request target (path + query) may be at most this long: 414 beyond. */
    public static final int MAX_TARGET = 4096;

    /** Bodies smaller than this are sent as they are (gzip would gain nothing). */
    static final int MIN_GZIP = 128;

    private static final Set<String> COMPRESSIBLE = Set.of("text/html", "text/plain", "text/css", "text/javascript",
            "text/csv", "application/json", "application/javascript", "image/svg+xml");

    private final HttpServer server;
    private final ExecutorService executor;

    private WebServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} (a {@link java.net.BindException} when it is taken) without serving
     * yet: connections wait in the backlog until {@link #start()}.
     */
    public static WebServer bind(InetSocketAddress address, Function<Request, Response> app) throws IOException {
        for (Map.Entry<String, String> e : LIMITS.entrySet()) {
            if (System.getProperty(e.getKey()) == null) {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
        HttpServer server = HttpServer.create(address, 128);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cs-http-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, app));
        return new WebServer(server, executor);
    }

    public WebServer start() {
        server.start();
        return this;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Closes the listener and every connection at once. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpExchange exchange, Function<Request, Response> app) throws IOException {
        Request request = new Request(exchange);
        Response response;
        try {
            response = app.apply(request);
        } catch (RuntimeException e) {
            LOG.errorf(e, "No answer for %s %s", request.method(), request.rawPath());
            response = Response.of(500, "text/plain; charset=utf-8", "Internal error\n");
        }
        try {
            send(exchange, request, response);
        } catch (IOException | RuntimeException e) {
            // The client went away, or a streamed body failed half-way: the status line is gone, so
            // the connection is dropped without the final chunk and the client sees a broken body.
            if (!clientGone(e)) {
                LOG.errorf(e, "Response to %s %s failed while it was being sent", request.method(), request.rawPath());
            }
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** An I/O failure on the connection (the client closed it or stopped reading), not a bug. */
    private static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static void send(HttpExchange exchange, Request request, Response response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        for (String[] h : response.headers()) {
            headers.add(h[0], h[1]);
        }
        String type = response.contentType();
        if (type != null) {
            headers.set("Content-Type", type);
        }
        boolean compressible = type != null && COMPRESSIBLE.contains(mediaType(type)) && !headers.containsKey("Content-Encoding");
        if (compressible) {
            headers.add("Vary", "Accept-Encoding");
        }
        boolean gzip = compressible && acceptsGzip(request.header("Accept-Encoding"));
        int status = response.status();
        if (response.stream() != null) {
            if (request.isHead()) {
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            if (gzip) {
                headers.set("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(status, 0);
            OutputStream raw = exchange.getResponseBody();
            OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 14) : raw;
            response.stream().writeTo(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the body may close its writer; the exchange ends below
                }
            });
            out.close();
            exchange.close();
            return;
        }
        byte[] body = response.bytes();
        if (gzip && body.length >= MIN_GZIP) {
            body = gzip(body);
            headers.set("Content-Encoding", "gzip");
        }
        if (request.isHead()) {
            headers.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
        } else if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code Accept-Encoding} allows gzip (explicitly or by {@code *}, with a non-zero q). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String item : acceptEncoding.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            if ((coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) && !Request.zeroQuality(parts)) {
                return true;
            }
        }
        return false;
    }

    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(buf)) {
            z.write(body);
        }
        return buf.toByteArray();
    }
}
