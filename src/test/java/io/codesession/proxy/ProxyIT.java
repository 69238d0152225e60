package io.codesession.proxy;

import static io.codesession.proxy.FakeUpstream.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cs proxy} end to end: a real {@code target/cs proxy} process between a test client and
 * fake Anthropic/OpenAI upstreams on loopback. Checks what the client receives (byte for byte,
 * incrementally for streams), what the upstream receives, and the rows stored.
 */
class ProxyIT {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    // Built-in list prices per 1M tokens (src/main/resources/pricing/builtin.tsv).
    static final double SONNET_IN = 3, SONNET_OUT = 15, SONNET_W5 = 3.75, SONNET_W1H = 6, SONNET_READ = 0.3;
    static final double GPT4O_IN = 2.5, GPT4O_OUT = 10, GPT4O_READ = 1.25;
    static final double GPT41_IN = 2, GPT41_OUT = 8, GPT41_READ = 0.5;

    @TempDir
    Path tmp;

    FakeUpstream anthropic;
    FakeUpstream openai;
    CsDriver cs;
    CsProcess proxy;
    int port;

    @BeforeEach
    void setUp() throws IOException {
        anthropic = FakeUpstream.start();
        openai = FakeUpstream.start();
        cs = new CsDriver(tmp).env("CODESESSION_ANTHROPIC_UPSTREAM", anthropic.base())
                .env("CODESESSION_OPENAI_UPSTREAM", openai.base());
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        anthropic.close();
        openai.close();
    }

    JsonNode startProxy(String... extra) {
        port = CsProcess.freePort();
        String[] args = new String[extra.length + 4];
        args[0] = "proxy";
        args[1] = "--port";
        args[2] = Integer.toString(port);
        args[3] = "--json";
        System.arraycopy(extra, 0, args, 4, extra.length);
        proxy = CsProcess.start(cs, args);
        return proxy.startupJson();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<byte[]> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    List<Map<String, Object>> usageRows() {
        return cs.sql("SELECT * FROM ai_usage ORDER BY id");
    }

    static long n(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    static double cost(double in, double out, double w5, double w1, double read, long i, long o, long c5, long c1, long r) {
        return Math.round((i * in + o * out + c5 * w5 + c1 * w1 + r * read) / 1_000_000d * 1e10) / 1e10;
    }

    // ---- Anthropic --------------------------------------------------------------------------------

    @Test
    void anthropicStreamIsRelayedAsItArrivesAndItsUsageRecordedWithCacheClasses() throws Exception {
        long session = cs.json("start", "stream work", "--json").path("id").asLong();
        JsonNode startup = startProxy();
        assertThat(startup.path("port").asInt()).isEqualTo(port);
        assertThat(startup.path("session").path("id").asLong()).isEqualTo(session);

        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Boolean> timedOut = new CompletableFuture<>();
        String start = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Stream\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"usage\":{\"input_tokens\":12,"
                + "\"cache_creation_input_tokens\":300,\"cache_read_input_tokens\":5000,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":200,\"ephemeral_1h_input_tokens\":100},\"output_tokens\":1}}}";
        List<String> events = List.of(
                event("message_start", start),
                event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event("ping", "{\"type\": \"ping\"}"),
                event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Grüße, 世界 — usage: none\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":42}}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":77}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"));
        anthropic.on("/v1/messages", (r, ex) -> anthropic.sse(ex, events, false, gate, timedOut, r.path(), "req_01Stream"));

        HttpRequest req = HttpRequest.newBuilder(URI.create(url("/v1/messages")))
                .header("x-api-key", "sk-ant-test").header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"secret prompt text\"}]}"))
                .build();
        HttpResponse<InputStream> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(resp.headers().firstValue("request-id")).hasValue("req_01Stream");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = resp.body()) {
            byte[] first = events.getFirst().getBytes(StandardCharsets.UTF_8);
            // The upstream holds the rest back until this client has the first event: a buffering proxy never gets here.
            while (got.size() < first.length) {
                int b = in.read();
                assertThat(b).as("stream ended before the first event arrived").isNotNegative();
                got.write(b);
            }
            gate.complete(null);
            in.transferTo(got);
        }
        assertThat(timedOut.get()).as("first event reached the client before the upstream sent the rest").isFalse();
        assertThat(got.toByteArray()).isEqualTo(anthropic.sent.get("/v1/messages"));

        // The upstream got the request as the client sent it, credentials included.
        FakeUpstream.Received up = anthropic.requests("/v1/messages").getFirst();
        assertThat(up.header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(up.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(up.text()).contains("secret prompt text");

        List<Map<String, Object>> rows = awaitRows(1);
        Map<String, Object> row = rows.getFirst();
        assertThat(n(row.get("session_id"))).isEqualTo(session);
        assertThat(row.get("provider")).isEqualTo("anthropic");
        assertThat(row.get("model")).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(n(row.get("prompt_tokens"))).isEqualTo(12);
        assertThat(n(row.get("completion_tokens"))).isEqualTo(77); // the last message_delta wins
        assertThat(n(row.get("cache_creation_tokens"))).isEqualTo(200);
        assertThat(n(row.get("cache_creation_1h_tokens"))).isEqualTo(100);
        assertThat(n(row.get("cache_read_tokens"))).isEqualTo(5000);
        assertThat(n(row.get("tokens"))).isEqualTo(12 + 77 + 300 + 5000);
        assertThat((Double) row.get("cost")).isEqualTo(cost(SONNET_IN, SONNET_OUT, SONNET_W5, SONNET_W1H, SONNET_READ,
                12, 77, 200, 100, 5000));
        assertThat(row.get("source")).isEqualTo("proxy");
        assertThat(row.get("agent_name")).isEqualTo("proxy");
        assertThat(row.get("idempotency_key")).isEqualTo("claude:msg_01Stream:req_01Stream");

        // Nothing of the conversation is stored anywhere.
        assertThat(cs.sql("SELECT * FROM sessions").toString()).doesNotContain("secret prompt", "Grüße", "sk-ant");
        assertThat(row.toString()).doesNotContain("secret prompt", "Grüße", "sk-ant");
        assertThat(cs.sql("SELECT ai_tokens FROM sessions WHERE id = " + session).getFirst().get("ai_tokens"))
                .isEqualTo(12 + 77 + 300 + 5000);
    }

    @Test
    void anthropicGzipJsonIsRelayedCompressedAndDecodedForUsageAndStoredOnce() throws Exception {
        cs.json("start", "gzip", "--json");
        startProxy();
        String body = "{\"id\":\"msg_01Gzip\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"reply\"}],\"usage\":{\"input_tokens\":1000,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":250,\"output_tokens\":300}}";
        anthropic.on("/v1/messages", (r, ex) -> anthropic.json(ex, 200, body.getBytes(StandardCharsets.UTF_8),
                String.valueOf(r.header("accept-encoding")).contains("gzip"), r.path()));

        for (int i = 0; i < 2; i++) { // the same response twice: one row
            HttpResponse<byte[]> resp = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5}",
                    "x-api-key", "k", "anthropic-version", "2023-06-01", "accept-encoding", "br, gzip;q=0.9, zstd");
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.headers().firstValue("content-encoding")).hasValue("gzip");
            assertThat(resp.body()).isEqualTo(anthropic.sent.get("/v1/messages")); // compressed bytes, unchanged
            assertThat(new String(new GZIPInputStream(new java.io.ByteArrayInputStream(resp.body())).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo(body);
        }
        // Only codings the proxy can decode are asked for.
        assertThat(anthropic.requests("/v1/messages")).allSatisfy(r -> assertThat(r.header("accept-encoding")).isEqualTo("gzip;q=0.9"));

        proxy.signal("TERM"); // stopping waits for the usage of finished requests to be stored
        assertThat(proxy.waitFor()).isZero();
        List<Map<String, Object>> rows = usageRows();
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.getFirst();
        assertThat(n(row.get("prompt_tokens"))).isEqualTo(1000);
        assertThat(n(row.get("completion_tokens"))).isEqualTo(300);
        assertThat(n(row.get("cache_read_tokens"))).isEqualTo(250);
        assertThat(row.get("cache_creation_tokens")).isNull();
        assertThat((Double) row.get("cost")).isEqualTo(cost(SONNET_IN, SONNET_OUT, 0, 0, SONNET_READ, 1000, 300, 0, 0, 250));
        assertThat(row.get("idempotency_key")).isEqualTo("claude:msg_01Gzip:req_fake_" + "/v1/messages".hashCode());
    }

    @Test
    void aStreamCutByTheUpstreamEndsTheClientConnectionAndKeepsTheUsageReportedSoFar() throws Exception {
        cs.json("start", "cut", "--json");
        startProxy();
        String start = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_Cut\",\"model\":\"claude-sonnet-4-5\","
                + "\"usage\":{\"input_tokens\":700,\"output_tokens\":1}}}";
        anthropic.on("/v1/messages", (r, ex) -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(event("message_start", start).getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            throw new FakeUpstream.Drop();
        });
        HttpResponse<InputStream> resp = HTTP.send(HttpRequest.newBuilder(URI.create(url("/v1/messages")))
                .header("x-api-key", "k").POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = resp.body()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.transferTo(got))
                    .as("a cut stream must not look complete").isInstanceOf(IOException.class);
        }
        assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo(event("message_start", start));
        Map<String, Object> row = awaitRows(1).getFirst();
        assertThat(n(row.get("prompt_tokens"))).isEqualTo(700);
        assertThat(n(row.get("completion_tokens"))).isEqualTo(1);
    }

    // ---- OpenAI chat completions --------------------------------------------------------------------

    @Test
    void openAiChatStreamGetsIncludeUsageAddedAndTheAddedChunkHiddenFromTheClient() throws Exception {
        cs.json("start", "chat", "--json");
        startProxy();
        String usageChunk = "{\"id\":\"chatcmpl-Abc\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":150,"
                + "\"total_tokens\":2150,\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}";
        List<String> events = List.of(
                event(null, "{\"id\":\"chatcmpl-Abc\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}"),
                event(null, "{\"id\":\"chatcmpl-Abc\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":null}"),
                event(null, usageChunk),
                event(null, "[DONE]"));
        openai.on("/v1/chat/completions", (r, ex) -> openai.sse(ex, events, false, null, null, r.path(), null));

        String request = "{\"model\":\"gpt-4o\",\n  \"stream\": true, \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}] }";
        HttpResponse<byte[]> resp = post("/v1/chat/completions", request, "authorization", "Bearer sk-test",
                "content-type", "application/json");
        assertThat(resp.statusCode()).isEqualTo(200);
        String expected = events.get(0) + events.get(1) + events.get(3);
        assertThat(new String(resp.body(), StandardCharsets.UTF_8)).isEqualTo(expected);

        // Upstream: the same bytes plus stream_options, nothing else changed.
        FakeUpstream.Received up = openai.requests("/v1/chat/completions").getFirst();
        assertThat(up.text()).isEqualTo("{\"model\":\"gpt-4o\",\n  \"stream\": true, \"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}] ,\"stream_options\":{\"include_usage\":true}}");
        assertThat(up.header("authorization")).isEqualTo("Bearer sk-test");
        assertThat(up.header("accept-encoding")).isEqualTo("identity");

        Map<String, Object> row = awaitRows(1).getFirst();
        assertThat(row.get("provider")).isEqualTo("openai");
        assertThat(row.get("model")).isEqualTo("gpt-4o-2024-08-06");
        assertThat(n(row.get("prompt_tokens"))).isEqualTo(2000 - 1024);
        assertThat(n(row.get("cache_read_tokens"))).isEqualTo(1024);
        assertThat(n(row.get("completion_tokens"))).isEqualTo(150);
        assertThat(n(row.get("tokens"))).isEqualTo(2150);
        assertThat((Double) row.get("cost")).isEqualTo(cost(GPT4O_IN, GPT4O_OUT, 0, 0, GPT4O_READ, 976, 150, 0, 0, 1024));
        assertThat(row.get("idempotency_key")).isEqualTo("openai:chatcmpl-Abc");
    }

    @Test
    void openAiChatStreamThatAskedForUsageIsForwardedAndRelayedUnchanged() throws Exception {
        cs.json("start", "chat", "--json");
        startProxy();
        List<String> events = List.of(
                event(null, "{\"id\":\"chatcmpl-Own\",\"model\":\"gpt-4.1-2025-04-14\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}],\"usage\":null}"),
                event(null, "{\"id\":\"chatcmpl-Own\",\"model\":\"gpt-4.1-2025-04-14\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}"),
                event(null, "[DONE]"));
        openai.on("/v1/chat/completions", (r, ex) -> openai.sse(ex, events, true, null, null, r.path(), null));
        String request = "{\"model\":\"gpt-4.1\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}";
        HttpResponse<byte[]> resp = post("/v1/chat/completions", request, "authorization", "Bearer x",
                "accept-encoding", "gzip");
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.body()).isEqualTo(openai.sent.get("/v1/chat/completions")); // gzip stream, byte for byte
        assertThat(openai.requests("/v1/chat/completions").getFirst().text()).isEqualTo(request);
        Map<String, Object> row = awaitRows(1).getFirst();
        assertThat(n(row.get("prompt_tokens"))).isEqualTo(10);
        assertThat(n(row.get("completion_tokens"))).isEqualTo(5);
        assertThat((Double) row.get("cost")).isEqualTo(cost(GPT41_IN, GPT41_OUT, 0, 0, 0, 10, 5, 0, 0, 0));
    }

    @Test
    void openAiChatJsonUsageIsRecorded() throws Exception {
        cs.json("start", "chat json", "--json");
        startProxy();
        String body = "{\"id\":\"chatcmpl-Json\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}],"
                + "\"usage\":{\"prompt_tokens\":500,\"completion_tokens\":20,\"total_tokens\":520,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}";
        openai.on("/v1/chat/completions", (r, ex) -> openai.json(ex, 200, body.getBytes(StandardCharsets.UTF_8), false, r.path()));
        String request = "{\"model\":\"gpt-4o\",\"messages\":[]}";
        HttpResponse<byte[]> resp = post("/v1/chat/completions", request, "authorization", "Bearer x");
        assertThat(new String(resp.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(openai.requests("/v1/chat/completions").getFirst().text()).isEqualTo(request); // not streamed: unchanged
        Map<String, Object> row = awaitRows(1).getFirst();
        assertThat(n(row.get("prompt_tokens"))).isEqualTo(500);
        assertThat(row.get("cache_read_tokens")).isNull();
        assertThat((Double) row.get("cost")).isEqualTo(cost(GPT4O_IN, GPT4O_OUT, 0, 0, 0, 500, 20, 0, 0, 0));
    }

    // ---- OpenAI responses ---------------------------------------------------------------------------

    @Test
    void openAiResponsesStreamGzipAndJsonAreRecorded() throws Exception {
        cs.json("start", "responses", "--json");
        startProxy();
        String completed = "{\"type\":\"response.completed\",\"sequence_number\":5,\"response\":{\"id\":\"resp_Stream\","
                + "\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-4.1-2025-04-14\",\"output\":[],"
                + "\"usage\":{\"input_tokens\":3000,\"input_tokens_details\":{\"cached_tokens\":2000},\"output_tokens\":400,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":100},\"total_tokens\":3400}}}";
        List<String> events = List.of(
                event("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_Stream\","
                        + "\"model\":\"gpt-4.1-2025-04-14\",\"status\":\"in_progress\",\"usage\":null}}"),
                event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"some usage talk\"}"),
                event("response.completed", completed));
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Boolean> timedOut = new CompletableFuture<>();
        openai.on("/v1/responses", (r, ex) -> openai.sse(ex, events, true, gate, timedOut, r.path(), null));
        HttpRequest req = HttpRequest.newBuilder(URI.create(url("/v1/responses")))
                .header("authorization", "Bearer x").header("accept-encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4.1\",\"stream\":true,\"input\":\"hi\"}")).build();
        HttpResponse<InputStream> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = resp.body()) {
            // the first gzip-flushed event arrives (as compressed bytes) before the upstream sends the rest
            byte[] buf = new byte[8192];
            int k = in.read(buf);
            assertThat(k).isPositive();
            got.write(buf, 0, k);
            gate.complete(null);
            in.transferTo(got);
        }
        assertThat(timedOut.get()).isFalse();
        assertThat(resp.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(got.toByteArray()).isEqualTo(openai.sent.get("/v1/responses"));

        Map<String, Object> row = awaitRows(1).getFirst();
        assertThat(row.get("model")).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(n(row.get("prompt_tokens"))).isEqualTo(1000);
        assertThat(n(row.get("cache_read_tokens"))).isEqualTo(2000);
        assertThat(n(row.get("completion_tokens"))).isEqualTo(400);
        assertThat((Double) row.get("cost")).isEqualTo(cost(GPT41_IN, GPT41_OUT, 0, 0, GPT41_READ, 1000, 400, 0, 0, 2000));
        assertThat(row.get("idempotency_key")).isEqualTo("openai:resp_Stream");

        String json = "{\"id\":\"resp_Json\",\"object\":\"response\",\"model\":\"gpt-4.1-2025-04-14\",\"output\":[],"
                + "\"usage\":{\"input_tokens\":100,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":7}}";
        openai.on("/v1/responses", (r, ex) -> openai.json(ex, 200, json.getBytes(StandardCharsets.UTF_8), false, r.path()));
        HttpResponse<byte[]> plain = post("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"x\"}", "authorization", "Bearer x");
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(json);
        Map<String, Object> second = awaitRows(2).get(1);
        assertThat(n(second.get("prompt_tokens"))).isEqualTo(100);
        assertThat(n(second.get("completion_tokens"))).isEqualTo(7);
    }

    // ---- pass-through, refusals, limits -------------------------------------------------------------

    @Test
    void otherPathsPassThroughUntouchedWithTheirQueryAndAreNotRecorded() throws Exception {
        cs.json("start", "pass", "--json");
        startProxy();
        String models = "{\"data\":[{\"id\":\"gpt-4o\"}]}";
        openai.on("/v1/models", (r, ex) -> openai.json(ex, 200, models.getBytes(StandardCharsets.UTF_8), false, r.path()));
        String count = "{\"input_tokens\":1234}";
        anthropic.on("/v1/messages/count_tokens",
                (r, ex) -> anthropic.json(ex, 200, count.getBytes(StandardCharsets.UTF_8), false, r.path()));

        HttpResponse<byte[]> list = HTTP.send(HttpRequest.newBuilder(URI.create(url("/v1/models?limit=2&after=a%20b")))
                .header("authorization", "Bearer sk-x").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(new String(list.body(), StandardCharsets.UTF_8)).isEqualTo(models);
        FakeUpstream.Received up = openai.requests("/v1/models").getFirst();
        assertThat(up.method()).isEqualTo("GET");
        assertThat(up.query()).isEqualTo("limit=2&after=a%20b");
        assertThat(up.header("authorization")).isEqualTo("Bearer sk-x");

        HttpResponse<byte[]> counted = post("/v1/messages/count_tokens?beta=true", "{\"model\":\"claude-sonnet-4-5\"}",
                "x-api-key", "k", "anthropic-version", "2023-06-01");
        assertThat(new String(counted.body(), StandardCharsets.UTF_8)).isEqualTo(count);
        assertThat(anthropic.requests("/v1/messages/count_tokens").getFirst().query()).isEqualTo("beta=true");
        assertThat(anthropic.requests("/v1/messages/count_tokens").getFirst().text()).isEqualTo("{\"model\":\"claude-sonnet-4-5\"}");

        // An unknown path without Anthropic headers goes to OpenAI and its 404 is relayed as is.
        HttpResponse<byte[]> missing = post("/v2/whatever", "x", "authorization", "Bearer x");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(openai.requests("/v2/whatever")).hasSize(1);
        assertThat(usageRows()).isEmpty();
    }

    @Test
    void foreignHostOrOriginIsRefusedAndOversizedBodiesGet413WithoutReachingTheUpstream() throws Exception {
        cs.json("start", "guard", "--json");
        startProxy();
        anthropic.on("/v1/messages", (r, ex) -> anthropic.json(ex, 200, "{}".getBytes(StandardCharsets.UTF_8), false, r.path()));

        String rebinding = raw("POST /v1/messages HTTP/1.1\r\nHost: attacker.example:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(rebinding).startsWith("HTTP/1.1 403");
        HttpResponse<byte[]> page = post("/v1/messages", "{}", "origin", "https://evil.example", "x-api-key", "k");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("\"error\"");
        // a page of this machine may use it
        assertThat(post("/v1/messages", "{}", "origin", "http://localhost:5173", "x-api-key", "k").statusCode()).isEqualTo(200);
        assertThat(anthropic.requests("/v1/messages")).hasSize(1);

        String big = raw("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (ProxyServer.REQUEST_BODY_MAX + 1) + "\r\n\r\n");
        assertThat(big).startsWith("HTTP/1.1 413");
        assertThat(big).contains("request body larger than 32 MiB");
        assertThat(anthropic.requests("/v1/messages")).hasSize(1);
        assertThat(usageRows()).isEmpty();
    }

    @Test
    void stalledClientsAreDroppedWhileOthersAreServed() throws Exception {
        cs.json("start", "slow clients", "--json");
        // the request deadline shortened for the test (the default is 60 s)
        cs.env("CS_JAVA_OPTS", "-Dsun.net.httpserver.maxReqTime=2");
        startProxy();
        anthropic.on("/v1/messages", (r, ex) -> anthropic.json(ex, 200, ("{\"id\":\"msg_slow\",\"model\":\"claude-sonnet-4-5\","
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}").getBytes(StandardCharsets.UTF_8), false, r.path()));
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", port);
                s.getOutputStream().write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Le")
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            // others are answered while 40 clients hang half-way through their headers
            assertThat(post("/v1/messages", "{}", "x-api-key", "k").statusCode()).isEqualTo(200);
            // and the stalled ones are dropped once the request deadline passes
            java.net.Socket first = stalled.getFirst();
            first.setSoTimeout(20_000);
            long t0 = System.nanoTime();
            int read = first.getInputStream().read();
            assertThat(read).as("server closed the stalled connection").isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
        assertThat(usageRows()).hasSize(1);
        proxy.signal("TERM");
        assertThat(proxy.waitFor()).isZero();
    }

    @Test
    void unreachableUpstreamIsA502WithoutDetails() throws Exception {
        cs.json("start", "down", "--json");
        int dead = CsProcess.freePort();
        cs.env("CODESESSION_ANTHROPIC_UPSTREAM", "http://127.0.0.1:" + dead);
        startProxy();
        HttpResponse<byte[]> resp = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\"}", "x-api-key", "k");
        assertThat(resp.statusCode()).isEqualTo(502);
        assertThat(new String(resp.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"upstream connection failed\"}");
    }

    // ---- sessions -----------------------------------------------------------------------------------

    @Test
    void withoutAnActiveSessionCallsAreForwardedWithOneWarningAndRecordedOnceASessionStarts() throws Exception {
        JsonNode startup = startProxy();
        assertThat(startup.path("session").isNull()).isTrue();
        AtomicCounter ids = new AtomicCounter();
        anthropic.on("/v1/messages", (r, ex) -> anthropic.json(ex, 200, ("{\"id\":\"msg_" + ids.next()
                + "\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}")
                .getBytes(StandardCharsets.UTF_8), false, r.path()));
        for (int i = 0; i < 3; i++) {
            assertThat(post("/v1/messages", "{}", "x-api-key", "k").statusCode()).isEqualTo(200);
        }
        awaitStderr("usage not recorded");
        assertThat(usageRows()).isEmpty();

        long id = cs.json("start", "late", "--json").path("id").asLong();
        assertThat(post("/v1/messages", "{}", "x-api-key", "k").statusCode()).isEqualTo(200);
        assertThat(n(awaitRows(1).getFirst().get("session_id"))).isEqualTo(id);

        HttpResponse<byte[]> health = HTTP.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode h = CsProcess.MAPPER.readTree(health.body());
        assertThat(h.path("status").asText()).isEqualTo("running");
        assertThat(h.path("activeSession").path("id").asLong()).isEqualTo(id);
        assertThat(h.path("activeSession").path("tokens").asLong()).isEqualTo(15);
        assertThat(h.path("intercepting").toString()).isEqualTo("[\"/v1/messages\",\"/v1/chat/completions\",\"/v1/responses\"]");
        assertThat(h.has("budget")).as("no budget configured").isFalse();

        // a session budget below what is spent: reported in /health and warned once on stderr
        cs.json("budget", "set", "--session", "0.00001", "--json");
        assertThat(post("/v1/messages", "{}", "x-api-key", "k").statusCode()).isEqualTo(200);
        awaitRows(2);
        awaitStderr("Budget exceeded");
        JsonNode h2 = CsProcess.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
        assertThat(h2.path("budget").path("exceeded").asBoolean()).isTrue();
        assertThat(h2.path("budget").path("checks").get(0).path("limit").asDouble()).isEqualTo(0.00001);

        proxy.signal("TERM");
        assertThat(proxy.waitFor()).isZero();
        assertThat(proxy.stderr().split("usage not recorded", -1)).as(proxy.stderr()).hasSize(2); // warned once
        // a session the proxy did not start is left alone
        assertThat(cs.sql("SELECT status FROM sessions WHERE id = " + id).getFirst().get("status")).isEqualTo("active");
    }

    @Test
    void sessionOptionStartsASessionRecordsToItAndEndsItOnStop() throws Exception {
        long other = cs.json("start", "elsewhere", "--json").path("id").asLong(); // same directory: closed
        JsonNode startup = startProxy("--session", "proxied work");
        long id = startup.path("session").path("id").asLong();
        assertThat(id).isNotEqualTo(other);
        assertThat(startup.path("session").path("started").asBoolean()).isTrue();
        assertThat(startup.path("env").path("OPENAI_BASE_URL").asText()).isEqualTo("http://127.0.0.1:" + port + "/v1");
        assertThat(cs.sql("SELECT status FROM sessions WHERE id = " + other).getFirst().get("status")).isEqualTo("completed");

        anthropic.on("/v1/messages", (r, ex) -> anthropic.json(ex, 200,
                "{\"id\":\"msg_S\",\"model\":\"claude-unpriced-9\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}"
                        .getBytes(StandardCharsets.UTF_8), false, r.path()));
        assertThat(post("/v1/messages", "{}", "x-api-key", "k").statusCode()).isEqualTo(200);
        Map<String, Object> row = awaitRows(1).getFirst();
        assertThat(n(row.get("session_id"))).isEqualTo(id);
        assertThat((Double) row.get("cost")).isZero(); // no price: cost 0, and a warning says so
        awaitStderr("claude-unpriced-9");
        assertThat(proxy.stderr()).contains("\"code\":\"price\"");

        proxy.signal("TERM");
        assertThat(proxy.waitFor()).isZero();
        assertThat(proxy.stdout().strip().lines().count()).as("--json: one line on stdout").isEqualTo(1);
        Map<String, Object> s = cs.sql("SELECT status, ai_tokens FROM sessions WHERE id = " + id).getFirst();
        assertThat(s.get("status")).isEqualTo("completed");
        assertThat(n(s.get("ai_tokens"))).isEqualTo(15);
    }

    // ---- ports ----------------------------------------------------------------------------------------

    @Test
    void portIsValidatedStrictlyAndAPortInUseIsAClearError() throws Exception {
        for (String bad : List.of("0", "65536", "12abc", "-1", "1e3", "", "3739 ")) {
            JsonNode err = cs.jsonError("proxy", "--port=" + bad, "--json");
            assertThat(err.path("code").asText()).isEqualTo("invalid_input");
            assertThat(err.path("message").asText()).contains("Invalid port");
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int p = taken.getLocalPort();
            JsonNode err = cs.jsonError("proxy", "--port", Integer.toString(p), "--json");
            assertThat(err.path("code").asText()).isEqualTo("port_in_use");
            assertThat(err.path("message").asText()).isEqualTo("Port " + p + " is already in use. Try a different port with --port.");
            CsDriver.Result human = cs.run("proxy", "--port", Integer.toString(p), "--session", "never");
            assertThat(human.exitCode()).isEqualTo(1);
            assertThat(human.stderr()).contains("already in use");
            assertThat(sessions(cs)).isEmpty();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** The sessions stored; none when the store was never even created. */
    static List<Map<String, Object>> sessions(CsDriver cs) {
        return java.nio.file.Files.exists(cs.db()) ? cs.sql("SELECT * FROM sessions") : List.of();
    }

    /** Waits (up to 30 s) until at least {@code count} usage rows are stored: the proxy stores after the response ends. */
    List<Map<String, Object>> awaitRows(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> rows = usageRows();
        while (rows.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            rows = usageRows();
        }
        assertThat(rows).as("usage rows; proxy stderr: %s", proxy.stderr()).hasSizeGreaterThanOrEqualTo(count);
        return rows;
    }

    void awaitStderr(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!proxy.stderr().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(proxy.stderr()).contains(text);
    }

    /** One raw HTTP/1.1 exchange (for headers the JDK client will not send, like a foreign Host). */
    String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            byte[] head = new byte[4096];
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            int k;
            while ((k = in.read(head)) > 0) {
                got.write(head, 0, k);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    int cl = text.toLowerCase().indexOf("content-length: ");
                    if (cl >= 0) {
                        int len = Integer.parseInt(text.substring(cl + 16, text.indexOf("\r\n", cl)).strip());
                        if (got.size() >= end + 4 + len) {
                            break;
                        }
                    }
                }
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static final class AtomicCounter {
        private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

        int next() {
            return n.incrementAndGet();
        }
    }
}
