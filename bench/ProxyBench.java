import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's added latency per request: a fake Anthropic/OpenAI upstream in this JVM, a real
 * {@code cs proxy} process in front of it, and N requests of each kind sent directly and through
 * the proxy, interleaved so machine noise hits both alike. Prints medians, p95 and the added time.
 *
 * Usage: java bench/ProxyBench.java <path to target/cs> [requests per kind]
 * (bench/proxy-bench.sh sets up a throw-away HOME and store.)
 */
public class ProxyBench {

    static final byte[] JSON = ("{\"id\":\"msg_bench\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5-20250929\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"" + "lorem ipsum ".repeat(100) + "\"}],"
            + "\"usage\":{\"input_tokens\":1200,\"cache_read_input_tokens\":30000,\"output_tokens\":400}}")
            .getBytes(StandardCharsets.UTF_8);
    static final int CHUNKS = 50;

    public static void main(String[] args) throws Exception {
        String cs = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;

        System.setProperty("sun.net.httpserver.nodelay", "true"); // as the proxy's own server
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/v1/messages", ProxyBench::json);
        upstream.createContext("/v1/chat/completions", ProxyBench::sse);
        upstream.start();
        String direct = "http://127.0.0.1:" + upstream.getAddress().getPort();

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(cs, "proxy", "--port", Integer.toString(port), "--json", "--session", "proxy-bench");
        pb.environment().put("CODESESSION_ANTHROPIC_UPSTREAM", direct);
        pb.environment().put("CODESESSION_OPENAI_UPSTREAM", direct);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process proxy = pb.start();
        String line = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.contains("\"port\":" + port)) {
            System.err.println("proxy did not start: " + line);
            proxy.destroyForcibly();
            System.exit(1);
        }
        String proxied = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        System.out.printf("warming up (%d requests of each kind)...%n", Math.max(100, n / 2));
        for (int i = 0; i < Math.max(100, n / 2); i++) {
            for (String base : List.of(direct, proxied)) {
                call(client, base, "/v1/messages", false);
                call(client, base, "/v1/chat/completions", true);
            }
        }
        long[][] t = new long[6][n]; // json direct/proxy, sse total direct/proxy, sse first event direct/proxy
        for (int i = 0; i < n; i++) {
            boolean proxyFirst = (i & 1) == 1; // alternate the order too
            for (int k = 0; k < 2; k++) {
                boolean viaProxy = proxyFirst ^ (k == 1);
                String base = viaProxy ? proxied : direct;
                t[viaProxy ? 1 : 0][i] = call(client, base, "/v1/messages", false)[0];
                long[] s = call(client, base, "/v1/chat/completions", true);
                t[viaProxy ? 3 : 2][i] = s[0];
                t[viaProxy ? 5 : 4][i] = s[1];
            }
        }
        proxy.destroy(); // TERM: the proxy stores what is in flight and ends its session
        proxy.waitFor(60, TimeUnit.SECONDS);
        upstream.stop(0);

        System.out.printf("%n%d requests of each kind, loopback, HTTP/1.1 keep-alive (times in ms)%n%n", n);
        System.out.printf("%-44s %8s %8s %8s %8s %10s%n", "request", "direct", "proxied", "added", "ratio", "p95 added");
        row("POST /v1/messages JSON (" + JSON.length + " B)", t[0], t[1]);
        row("POST /v1/chat/completions SSE, whole stream", t[2], t[3]);
        row("POST /v1/chat/completions SSE, first event", t[4], t[5]);
        System.out.println();
        System.out.println("added = median(proxied) - median(direct); p95 added = p95(proxied) - p95(direct).");
        System.out.println("SSE: " + CHUNKS + " chunks written and flushed one by one, include_usage added by the proxy.");
    }

    static void row(String name, long[] direct, long[] proxied) {
        double d = pct(direct, 50), p = pct(proxied, 50);
        System.out.printf("%-44s %8.2f %8.2f %8.2f %7.2fx %10.2f%n", name, d, p, p - d, p / d,
                pct(proxied, 95) - pct(direct, 95));
    }

    static double pct(long[] v, int q) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q / 100.0 * s.length) - 1)] / 1e6;
    }

    /** One request; {total ns, ns to the first byte of the body}. */
    static long[] call(HttpClient c, String base, String path, boolean stream) throws Exception {
        String body = stream ? "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                : "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":512,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("content-type", "application/json")
                .header(stream ? "authorization" : "x-api-key", stream ? "Bearer bench" : "bench")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> resp = c.send(r, HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        try (InputStream in = resp.body()) {
            byte[] buf = new byte[16384];
            int k;
            while ((k = in.read(buf)) >= 0) {
                if (first == 0 && k > 0) {
                    first = System.nanoTime() - t0;
                }
            }
        }
        if (resp.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + resp.statusCode());
        }
        return new long[] {System.nanoTime() - t0, first};
    }

    static void json(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.getResponseHeaders().set("request-id", "req_" + System.nanoTime());
        ex.sendResponseHeaders(200, JSON.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(JSON);
        }
    }

    static void sse(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.getResponseHeaders().set("content-type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        String id = "chatcmpl-" + System.nanoTime();
        try (OutputStream o = ex.getResponseBody()) {
            for (int i = 0; i < CHUNKS; i++) {
                o.write(("data: {\"id\":\"" + id + "\",\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"token " + i + " \"}}],\"usage\":null}\n\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
            o.write(("data: {\"id\":\"" + id + "\",\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":"
                    + "{\"prompt_tokens\":900,\"completion_tokens\":50}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
