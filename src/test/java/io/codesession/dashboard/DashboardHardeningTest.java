package io.codesession.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.codesession.common.Timestamps;
import io.codesession.dashboard.http.WebServer;
import io.codesession.store.ActivityStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import io.codesession.usage.PricingFile;
import io.codesession.usage.PricingService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard under abuse (issue 6), against the real server in this process: oversized and
 * unannounced bodies, a client that sends its headers byte by byte and stalls, many connections
 * at once, header limits, foreign Host headers, path traversal, header injection; and the
 * transport basics the JAX-RS stack gave for free (gzip, HEAD, keep-alive, streaming).
 */
@QuarkusTest
class DashboardHardeningTest {

    static final String TOKEN = "hardening-test-token-0123456789abcdef";
    static final DashboardConfig local = new DashboardConfig("127.0.0.1", null, false);
    static final DashboardConfig exposed = new DashboardConfig("0.0.0.0", TOKEN, false);
    static WebServer web;
    static WebServer exposedWeb;

    @Inject
    TestServers servers;
    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    ActivityStore activity;
    @Inject
    UsageStore usage;
    @Inject
    PricingService pricing;

    Path tmp;
    int port;

    @BeforeEach
    void start() throws IOException {
        if (web == null) {
            web = servers.start(local);
            exposedWeb = servers.start(exposed);
        }
        port = web.port();
        tmp = Files.createTempDirectory(Path.of("target"), "hardening-test");
        db.usePath(tmp.resolve("sessions.db"));
        pricing.useFile(new PricingFile(tmp.resolve("pricing.json")));
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.stop();
            exposedWeb.stop();
            web = null;
            exposedWeb = null;
        }
    }

    String post(String path, String contentType, String extraHeaders, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://localhost:" + port
                + "\r\nX-CSRF-Token: " + local.csrfToken() + "\r\nContent-Type: " + contentType + "\r\n" + extraHeaders
                + (body == null ? "" : "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n"
                + (body == null ? "" : body);
    }

    /** The answer, or null when the server dropped the connection without one. */
    static RawHttp.Answer answerOrDrop(int port, String request) {
        try {
            return RawHttp.send(port, request);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- bodies --------------------------------------------------------------------------------

    @Test
    void oversizedAndUnannouncedBodiesAreRefusedBeforeTheyAreRead() throws IOException {
        String big = "{\"model\":\"" + "x".repeat(5000) + "\",\"input\":1,\"output\":1}";
        RawHttp.Answer sent = RawHttp.send(port, post("/api/v1/pricing", "application/json", "", big));
        assertThat(sent.status()).isEqualTo(413);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.text()).contains("Request body too large (limit 4096 bytes)");
        // Only announced: the answer comes without the server waiting for the 1 GB.
        try (RawHttp c = new RawHttp(port, 30_000)) {
            c.write(post("/api/v1/pricing", "application/json", "Content-Length: 1000000000\r\n", null));
            assertThat(c.read(false).status()).isEqualTo(413);
        }
        // A page form too: plain text, not JSON.
        RawHttp.Answer form = RawHttp.send(port, post("/pricing", "application/x-www-form-urlencoded", "",
                "_csrf=" + local.csrfToken() + "&model=" + "m".repeat(5000)));
        assertThat(form.status()).isEqualTo(413);
        assertThat(form.header("Content-Type")).startsWith("text/plain");
        // No Content-Length (chunked): 411 before anything is read.
        RawHttp.Answer chunked = RawHttp.send(port, post("/api/v1/pricing", "application/json", "Transfer-Encoding: chunked\r\n", null)
                + "2\r\n{}\r\n0\r\n\r\n");
        assertThat(chunked.status()).isEqualTo(411);
        assertThat(chunked.text()).contains("Content-Length");
        // Exactly at the limit is read and judged on its content.
        String atLimit = "{\"model\":\"" + "y".repeat(4096 - 33) + "\",\"input\":1,\"output\":1}";
        assertThat(atLimit.length()).isEqualTo(4096);
        RawHttp.Answer ok = RawHttp.send(port, post("/api/v1/pricing", "application/json", "", atLimit));
        assertThat(ok.status()).isEqualTo(400);
        assertThat(ok.text()).contains("model must be at most");
        assertThat(tmp.resolve("pricing.json")).doesNotExist();
    }

    // ---- slow and many clients -----------------------------------------------------------------

    @Test
    void aClientThatStallsInItsHeadersIsDisconnectedAndOthersAreServedMeanwhile() throws Exception {
        try (RawHttp slow = new RawHttp(port, 120_000)) {
            for (char ch : ("GET /api/v1/stats HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Slow: ").toCharArray()) {
                slow.write(String.valueOf(ch));
                Thread.sleep(20);
            }
            // stalled: never finishes the header; the server keeps answering everyone else
            RawHttp.Answer other = RawHttp.send(port, RawHttp.get(port, "/api/v1/version"));
            assertThat(other.status()).isEqualTo(200);
            // ... and drops the slow one once its request time (sun.net.httpserver.maxReqTime) is up
            assertThat(slow.closedByServer()).as("the stalled connection is closed by the server").isTrue();
        }
    }

    @Test
    void manyParallelConnectionsAreAllAnswered() throws Exception {
        List<RawHttp> stalled = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < 100; i++) {
                RawHttp c = new RawHttp(port, 30_000);
                c.write("GET /api/v1/stats HTTP/1.1\r\n");
                stalled.add(c);
            }
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> RawHttp.send(port, RawHttp.get(port, "/api/v1/stats")).status()));
            }
            for (Future<Integer> f : answers) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
            for (RawHttp c : stalled) {
                c.close();
            }
        }
    }

    @Test
    void oversizedHeadersAndTooManyHeadersAreDropped() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            many.append("X-Filler-").append(i).append(": v\r\n");
        }
        assertThat(answerOrDrop(port, RawHttp.get(port, "/api/v1/stats", many.toString().strip()))).isNull();
        assertThat(answerOrDrop(port, RawHttp.get(port, "/api/v1/stats", "X-Big: " + "v".repeat(40_000)))).isNull();
        // a long URI is answered 414, a normal one still works
        RawHttp.Answer longUri = answerOrDrop(port, RawHttp.get(port, "/api/v1/sessions?search=" + "a".repeat(5000)));
        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.header("Content-Type")).startsWith("application/json");
        assertThat(answerOrDrop(port, RawHttp.get(port, "/api/v1/stats", "Cookie: " + "c=1; ".repeat(2000))).status())
                .isEqualTo(200);
    }

    // ---- Host, traversal, injection ------------------------------------------------------------

    @Test
    void badHostHeadersAreRefused() throws IOException {
        assertThat(RawHttp.send(port, "GET /api/v1/stats HTTP/1.0\r\n\r\n").status()).as("no Host").isEqualTo(403);
        for (String host : List.of("evil.example:" + port, "evil.example", "localhost:" + (port + 1), "localhost",
                "127.0.0.1.evil.example:" + port, "::1:" + port, "[::1]x", "localhost:" + port + "@evil.example")) {
            RawHttp.Answer a = RawHttp.send(port, "GET /api/v1/stats HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            assertThat(a.status()).as(host).isEqualTo(403);
            assertThat(a.text()).contains("does not name this dashboard");
        }
        assertThat(RawHttp.send(port, "GET /api/v1/stats HTTP/1.1\r\nHost: [::1]:" + port + "\r\n\r\n").status()).isEqualTo(200);
    }

    @Test
    void pathTraversalIsRefused() throws IOException {
        long id = new Seed(db, sessions, activity, usage).session("traversal", Timestamps.format(Instant.now().minusSeconds(60)), null,
                "/p", null, null);
        for (String path : List.of("/assets/..%2fapplication.properties", "/assets/../application.properties",
                "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/.%2e/templates/overview.html", "/api/v1/sessions/../stats",
                "/api/v1/sessions/" + id + "/commits/..%2f..%2fHEAD/diff", "/sessions/" + id + "/commits/%2e%2e",
                "/assets/..%5capplication.properties", "/assets/app.css%00.js")) {
            RawHttp.Answer a = RawHttp.send(port, RawHttp.get(port, path));
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.text()).as(path).doesNotContain("quarkus.").doesNotContain("root:");
        }
        for (String file : List.of("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "a%2F..%2F..%2Fb", "a%00b")) {
            RawHttp.Answer a = RawHttp.send(port, RawHttp.get(port, "/api/v1/sessions/" + id + "/diff?file=" + file));
            assertThat(a.status()).as(file).isEqualTo(400);
            assertThat(a.header("Content-Type")).startsWith("application/json");
        }
        // an encoded slash stays inside its segment: the model "a/b" is named, nothing else
        RawHttp.Answer del = RawHttp.send(port, post("/api/v1/pricing/..%2F..%2Fpricing", "application/json", "", null)
                .replace("POST ", "DELETE "));
        assertThat(del.status()).isEqualTo(400);
        RawHttp.Answer slash = RawHttp.send(port, post("/api/v1/pricing/azure%2Fgpt-4o", "application/json", "", null)
                .replace("POST ", "DELETE "));
        assertThat(slash.status()).isEqualTo(200);
        assertThat(slash.text()).contains("\"model\":\"azure/gpt-4o\"");
    }

    @Test
    void requestDataNeverSplitsAResponseHeader() throws IOException {
        int p = exposedWeb.port();
        RawHttp.Answer login = RawHttp.send(p, RawHttp.get(p, "/sessions?token=" + TOKEN + "&x=%0d%0aSet-Cookie:%20evil=1"
                + "&y=%0aLocation:%20http://evil.example"));
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/sessions?x=%0D%0ASet-Cookie%3A+evil%3D1&y=%0ALocation%3A+http%3A%2F%2Fevil.example");
        assertThat(login.headers().get("set-cookie")).hasSize(1).allMatch(c -> c.startsWith(SecurityFilter.COOKIE + "="));
        assertThat(login.headers().get("location")).hasSize(1);
        // a protocol-relative path cannot turn the redirect into another site
        RawHttp.Answer rel = RawHttp.send(p, RawHttp.get(p, "//evil.example/sessions?token=" + TOKEN));
        assertThat(rel.header("Location")).as("status " + rel.status()).satisfiesAnyOf(l -> assertThat(l).isNull(),
                l -> assertThat(l).startsWith("/").doesNotStartWith("//"));
        // a form value with CR/LF ends up percent-encoded in the redirect
        RawHttp.Answer form = RawHttp.send(port, post("/pricing", "application/x-www-form-urlencoded", "",
                "_csrf=" + local.csrfToken() + "&action=delete&model=m%0d%0aX-Evil:%201"));
        assertThat(form.status()).isEqualTo(303);
        assertThat(form.header("X-Evil")).isNull();
        assertThat(form.header("Location")).endsWith("/pricing?saved=Deleted+m%0D%0AX-Evil%3A+1");
    }

    // ---- transport -----------------------------------------------------------------------------

    @Test
    void gzipHeadKeepAliveAndStreaming() throws IOException {
        Seed seed = new Seed(db, sessions, activity, usage);
        for (int i = 0; i < 20; i++) {
            String t = Timestamps.format(Instant.now().minusSeconds(3600L * (i + 1)));
            seed.session("session number " + i, t, Timestamps.format(Instant.now().minusSeconds(3600L * i + 60)), "/p", null, null);
        }
        RawHttp.Answer plain = RawHttp.send(port, RawHttp.get(port, "/api/v1/sessions"));
        RawHttp.Answer zipped = RawHttp.send(port, RawHttp.get(port, "/api/v1/sessions", "Accept-Encoding: br, gzip"));
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(zipped.body().length).isLessThan(plain.body().length);
        assertThat(gunzip(zipped.body())).isEqualTo(plain.text());
        assertThat(RawHttp.send(port, RawHttp.get(port, "/api/v1/sessions", "Accept-Encoding: gzip;q=0")).header("Content-Encoding"))
                .isNull();
        // images are not text, assets and pages are
        RawHttp.Answer js = RawHttp.send(port, RawHttp.get(port, "/assets/app.js", "Accept-Encoding: gzip"));
        assertThat(js.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(js.body())).contains("use strict");

        // HEAD: the GET's headers with the length, no body
        RawHttp.Answer head = RawHttp.send(port, "HEAD /api/v1/sessions HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(plain.body().length));
        assertThat(head.header("Content-Type")).isEqualTo(plain.header("Content-Type"));

        // keep-alive: several requests (a streamed export, a HEAD, an error) on one connection
        try (RawHttp c = new RawHttp(port, 30_000)) {
            c.write(RawHttp.get(port, "/api/v1/stats"));
            assertThat(c.read(false).status()).isEqualTo(200);
            c.write(RawHttp.get(port, "/api/v1/export?format=csv", "Accept-Encoding: gzip"));
            RawHttp.Answer csv = c.read(false);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.header("Transfer-Encoding")).as("streamed, not buffered").isEqualTo("chunked");
            assertThat(csv.header("Content-Length")).isNull();
            assertThat(gunzip(csv.body())).startsWith("id,name,status").contains("session number 19");
            c.write("HEAD /api/v1/export HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n");
            RawHttp.Answer headExport = c.read(true);
            assertThat(headExport.status()).isEqualTo(200);
            assertThat(headExport.header("Content-Disposition")).contains("codesession-export.json");
            c.write(RawHttp.get(port, "/api/v1/nope"));
            assertThat(c.read(false).status()).isEqualTo(404);
            c.write(RawHttp.get(port, "/api/v1/version"));
            assertThat(c.read(false).text()).contains("\"apiVersion\":1");
        }
    }

    @Test
    void wrongMethodsAndContentTypes() throws IOException {
        RawHttp.Answer put = RawHttp.send(port, "PUT /api/v1/stats HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET, HEAD, POST, DELETE");
        RawHttp.Answer post = RawHttp.send(port, post("/api/v1/stats", "application/json", "", "{}"));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(post.text()).isEqualTo("{\"error\":\"Method POST is not allowed here\"}");
        RawHttp.Answer form = RawHttp.send(port, post("/reset", "application/json", "", "{}"));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.header("Content-Type")).startsWith("text/html");
        RawHttp.Answer page = RawHttp.send(port, RawHttp.get(port, "/help", "Accept: application/json"));
        assertThat(page.status()).isEqualTo(406);
        assertThat(RawHttp.send(port, RawHttp.get(port, "/help", "Accept: text/html,*/*;q=0.8")).status()).isEqualTo(200);
        assertThat(RawHttp.send(port, RawHttp.get(port, "/sessions?partial=1", "Accept: text/html")).status()).isEqualTo(200);
        assertThat(RawHttp.send(port, RawHttp.get(port, "/help", "Accept: text/*")).status()).isEqualTo(200);
        RawHttp.Answer badQuery = RawHttp.send(port, RawHttp.get(port, "/api/v1/sessions?" + "a=1&".repeat(150)));
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(badQuery.text()).contains("parameters");
    }

    static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
