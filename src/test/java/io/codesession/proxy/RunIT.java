package io.codesession.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cs run} end to end: a real child process (a Java source program that calls the API
 * through the proxy, or {@code sh}) under {@code target/cs run}, with fake upstreams on loopback.
 */
class RunIT {

    /** The child: calls Anthropic and OpenAI through the base URLs cs run gives it, then exits with args[0]. */
    static final String CALL_API = """
            import java.net.URI;
            import java.net.http.HttpClient;
            import java.net.http.HttpRequest;
            import java.net.http.HttpResponse;

            public class CallApi {
                public static void main(String[] args) throws Exception {
                    HttpClient c = HttpClient.newHttpClient();
                    HttpResponse<String> a = c.send(HttpRequest.newBuilder(URI.create(System.getenv("ANTHROPIC_BASE_URL") + "/v1/messages"))
                            .header("x-api-key", "sk-ant-child").header("anthropic-version", "2023-06-01")
                            .POST(HttpRequest.BodyPublishers.ofString("{\\"model\\":\\"claude-sonnet-4-5\\",\\"max_tokens\\":9}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    System.out.println("anthropic " + a.statusCode() + " " + a.body());
                    HttpResponse<String> o = c.send(HttpRequest.newBuilder(URI.create(System.getenv("OPENAI_BASE_URL") + "/chat/completions"))
                            .header("authorization", "Bearer sk-child")
                            .POST(HttpRequest.BodyPublishers.ofString("{\\"model\\":\\"gpt-4o\\",\\"messages\\":[]}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    System.out.println("openai " + o.statusCode());
                    System.out.println("args " + String.join("|", java.util.Arrays.asList(args).subList(1, args.length)));
                    System.exit(Integer.parseInt(args[0]));
                }
            }
            """;

    @TempDir
    Path tmp;

    FakeUpstream anthropic;
    FakeUpstream openai;
    CsDriver cs;

    @BeforeEach
    void setUp() throws IOException {
        anthropic = FakeUpstream.start();
        openai = FakeUpstream.start();
        cs = new CsDriver(tmp).env("CODESESSION_ANTHROPIC_UPSTREAM", anthropic.base())
                .env("CODESESSION_OPENAI_UPSTREAM", openai.base())
                .env("ANTHROPIC_BASE_URL", null).env("OPENAI_BASE_URL", null);
        anthropic.on("/v1/messages", (r, ex) -> anthropic.json(ex, 200, ("{\"id\":\"msg_run\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20,\"cache_read_input_tokens\":1000}}")
                .getBytes(StandardCharsets.UTF_8), true, r.path()));
        openai.on("/v1/chat/completions", (r, ex) -> openai.json(ex, 200, ("{\"id\":\"chatcmpl-run\",\"model\":\"gpt-4o-2024-08-06\","
                + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":5}}").getBytes(StandardCharsets.UTF_8), false, r.path()));
    }

    @AfterEach
    void tearDown() {
        anthropic.close();
        openai.close();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theChildsApiCallsAreRecordedToTheRunsSessionAndItsExitCodeIsReturned() throws IOException {
        Files.writeString(cs.cwd().resolve("CallApi.java"), CALL_API);
        // A session in another project stays active and gets nothing.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        long other = new CsDriver(tmp).in(elsewhere).json("start", "other project", "--json").path("id").asLong();
        int port = CsProcess.freePort();

        CsDriver.Result r = cs.run("run", "--json", "--port", Integer.toString(port), "--name", "agent run", "--",
                java(), "CallApi.java", "7", "two words", "it's", "$HOME");
        assertThat(r.exitCode()).as("stderr: %s", r.stderr()).isEqualTo(7);
        JsonNode doc = r.json(); // one JSON document on stdout; the child's stdout went to stderr
        assertThat(r.stderr()).contains("anthropic 200", "openai 200", "args two words|it's|$HOME");
        assertThat(r.stdout()).doesNotContain("anthropic 200");
        assertThat(doc.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.path("exitCode").asInt()).isEqualTo(7);
        assertThat(doc.path("command").toString()).isEqualTo("[\"" + java().replace("\\", "\\\\")
                + "\",\"CallApi.java\",\"7\",\"two words\",\"it's\",\"$HOME\"]");
        assertThat(doc.path("proxy").path("port").asInt()).isEqualTo(port);
        JsonNode session = doc.path("session");
        assertThat(session.path("name").asText()).isEqualTo("agent run");
        assertThat(session.path("status").asText()).isEqualTo("completed");
        assertThat(session.path("aiTokens").asLong()).isEqualTo(100 + 20 + 1000 + 55);
        assertThat(doc.path("models")).hasSize(2);
        assertThat(doc.path("models").get(0).path("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(doc.path("models").get(0).path("requests").asInt()).isEqualTo(1);

        long id = session.path("id").asLong();
        List<Map<String, Object>> rows = cs.sql("SELECT session_id, provider, model, tokens, source FROM ai_usage ORDER BY provider");
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(row -> {
            assertThat(((Number) row.get("session_id")).longValue()).isEqualTo(id);
            assertThat(row.get("source")).isEqualTo("proxy");
        });
        Map<String, Object> others = cs.sql("SELECT status, ai_tokens FROM sessions WHERE id = " + other).getFirst();
        assertThat(others.get("status")).isEqualTo("active");
        assertThat(((Number) others.get("ai_tokens")).longValue()).isZero();
        // The child's credentials reached the upstream; nothing of them is stored.
        assertThat(anthropic.requests("/v1/messages").getFirst().header("x-api-key")).isEqualTo("sk-ant-child");
        assertThat(cs.sql("SELECT * FROM ai_usage").toString()).doesNotContain("sk-ant-child", "sk-child");
    }

    @Test
    void argvIsPassedAsGivenWithoutAShellAndTheSessionIsEnded() {
        long manual = cs.json("start", "manual", "--json").path("id").asLong();
        CsDriver.Result r = cs.run("run", "--no-proxy", "--",
                "sh", "-c", "printf '<%s>\\n' \"$@\"; echo \"A=${ANTHROPIC_BASE_URL-unset} S=$CODESESSION_SESSION_ID\"; exit 3",
                "sh", "a b", "it's", "$HOME", ";", "*", "\"quoted\"", "");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);
        assertThat(r.stdout()).contains("<a b>\n<it's>\n<$HOME>\n<;>\n<*>\n<\"quoted\">\n<>\n");
        long id = ((Number) cs.sql("SELECT max(id) AS id FROM sessions").getFirst().get("id")).longValue();
        assertThat(r.stdout()).contains("A=unset S=" + id);
        assertThat(r.stdout()).contains("✓ Done", "command exited with code 3", "cs show " + id);
        Map<String, Object> s = cs.sql("SELECT name, status, notes FROM sessions WHERE id = " + id).getFirst();
        assertThat(s.get("status")).isEqualTo("completed");
        assertThat((String) s.get("name")).startsWith("sh -c printf");
        assertThat((String) s.get("notes")).startsWith("cs run: sh -c printf");
        // The directory's earlier session was closed so the run's usage is its own.
        assertThat(cs.sql("SELECT status FROM sessions WHERE id = " + manual).getFirst().get("status")).isEqualTo("completed");
    }

    @Test
    void aCommandThatCannotRunExits127Or126AndLeavesNoSession() throws IOException {
        CsDriver.Result r = cs.run("run", "--json", "--", "no-such-command-xyz", "--json");
        assertThat(r.exitCode()).isEqualTo(127);
        r.assertNoStackTrace();
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("command_not_found");
        CsDriver.Result human = cs.run("run", "./missing.sh");
        assertThat(human.exitCode()).isEqualTo(127);
        assertThat(human.stderr()).contains("Command not found: ./missing.sh");

        Path script = cs.cwd().resolve("script.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        CsDriver.Result notExecutable = cs.run("run", "--json", "./script.sh");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(notExecutable.json().path("error").path("code").asText()).isEqualTo("command_not_executable");
        assertThat(ProxyIT.sessions(cs)).isEmpty();
    }

    @Test
    void sigtermStopsTheCommandAndStillEndsTheSession() throws Exception {
        assertSignalEndsRun("TERM", 143);
    }

    @Test
    void sigintIsForwardedWhenStdinIsNotATerminal() throws Exception {
        assertSignalEndsRun("INT", 130);
    }

    private void assertSignalEndsRun(String signal, int expectedExit) throws Exception {
        Path marker = cs.cwd().resolve("started");
        try (CsProcess run = CsProcess.start(cs, "run", "--json", "--port", Integer.toString(CsProcess.freePort()), "--",
                "sh", "-c", "touch started; exec sleep 60")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.exists(marker) && System.nanoTime() < deadline && run.process.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(marker).as("the command started; stderr: %s", run.stderr()).exists();
            run.signal(signal);
            assertThat(run.waitFor()).as("stderr: %s", run.stderr()).isEqualTo(expectedExit);
            JsonNode doc = CsProcess.MAPPER.readTree(run.stdout());
            assertThat(doc.path("exitCode").asInt()).isEqualTo(expectedExit);
            assertThat(doc.path("session").path("status").asText()).isEqualTo("completed");
        }
        assertThat(cs.sql("SELECT status FROM sessions")).singleElement()
                .satisfies(row -> assertThat(row.get("status")).isEqualTo("completed"));
    }

    @Test
    void anExplicitPortInUseIsAnErrorButTheDefaultPortFallsBackToAFreeOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CsDriver.Result r = cs.run("run", "--json", "--port", Integer.toString(taken.getLocalPort()), "--", "true");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("port_in_use");
            assertThat(ProxyIT.sessions(cs)).isEmpty();
        }
        ServerSocket held = null;
        try {
            try {
                held = new ServerSocket();
                held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ProxyServer.DEFAULT_PORT));
            } catch (IOException e) {
                // something else holds 3739 already: the fallback is exercised all the same
            }
            CsDriver.Result r = cs.run("run", "--json", "--", "sh", "-c", "echo \"url=$ANTHROPIC_BASE_URL\"");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            int port = r.json().path("proxy").path("port").asInt();
            assertThat(port).isPositive().isNotEqualTo(ProxyServer.DEFAULT_PORT);
            assertThat(r.stderr()).contains("url=http://127.0.0.1:" + port, "port 3739 is in use");
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }
}
