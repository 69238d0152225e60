package io.codesession.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code target/cs dashboard} as a process: startup line, busy ports, signals, and one-shot commands staying port-free. */
class DashboardIT {

    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) {
    }

    Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Files.createDirectories(tmp.resolve("home"));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = DashboardProcess.builder(tmp, env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("command finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static int preferredPort() {
        try (ServerSocket s = new ServerSocket(3737, 1, InetAddress.getByName("127.0.0.1"))) {
            return 3737;
        } catch (IOException busy) {
            return DashboardProcess.freePort();
        }
    }

    @Test
    void startsPrintsOneJsonLineServesAndStopsCleanlyOnSigterm() throws Exception {
        int port = preferredPort();
        try (DashboardProcess d = DashboardProcess.start(tmp, "dashboard", "--json", "--no-open", "--port", Integer.toString(port))) {
            assertThat(d.startup).as("startup line; stderr: " + d.stderr()).isNotNull();
            JsonNode s = d.startup;
            assertThat(s.get("url").asText()).isEqualTo("http://localhost:" + port);
            assertThat(s.get("port").asInt()).isEqualTo(port);
            assertThat(s.get("pid").asLong()).isEqualTo(d.process.pid());
            assertThat(s.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(s.get("apiVersion").asInt()).isEqualTo(1);
            assertThat(s.has("token")).isFalse();
            HttpResponse<String> r = d.get("/api/v1/version");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Codesession-Api-Version")).contains("1");
            assertThat(d.get("/").body()).contains("Overview");

            // One-shot commands run while the dashboard serves the same store.
            Run start = run(Map.of(), "start", "while serving", "--json");
            assertThat(start.exit()).as(start.stderr()).isZero();
            Run log = run(Map.of(), "log-ai", "-p", "openai", "-m", "gpt-4.1",
                    "--prompt-tokens", "1000", "--completion-tokens", "100", "--json");
            assertThat(log.exit()).as(log.stderr()).isZero();
            assertThat(DashboardProcess.MAPPER.readTree(log.stdout()).path("session").path("id").asLong()).isPositive();
            assertThat(d.get("/api/v1/stats").body()).contains("\"activeSessions\":1");

            // A second dashboard on the same port fails clearly and leaves the first one alone.
            Run second = run(Map.of(), "dashboard", "--json", "--no-open", "--port", Integer.toString(port));
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.stdout().strip().lines().count()).isEqualTo(1);
            JsonNode err = DashboardProcess.MAPPER.readTree(second.stdout());
            assertThat(err.get("error").asText()).isEqualTo("EADDRINUSE");
            assertThat(err.get("port").asInt()).isEqualTo(port);
            assertThat(err.get("message").asText()).contains("Port " + port).contains("codesession dashboard");
            int suggested = err.get("suggestedPort").asInt();
            assertThat(suggested).isNotEqualTo(port);
            try (ServerSocket probe = new ServerSocket(suggested, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(probe.isBound()).as("the suggested port is free").isTrue();
            }
            assertThat(d.process.isAlive()).isTrue();

            Run human = run(Map.of(), "dashboard", "--no-open", "--port", Integer.toString(port));
            assertThat(human.exit()).isEqualTo(1);
            assertThat(human.stderr()).contains("Port " + port + " is already in use").contains("Try: cs dashboard --port ");
            assertThat(human.stdout()).isEmpty();

            assertThat(d.stop()).as("exit code after SIGTERM").isZero();
            assertThat(d.stdout()).hasSize(1);
        }
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.isBound()).as("port released").isTrue();
        }
    }

    @Test
    void aPortHeldByAnotherProgramIsReportedNeverKilled() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = other.getLocalPort();
            Run r = run(Map.of(), "dashboard", "--json", "--no-open", "--port", Integer.toString(port));
            assertThat(r.exit()).isEqualTo(1);
            JsonNode err = DashboardProcess.MAPPER.readTree(r.stdout());
            assertThat(err.get("message").asText()).isEqualTo("Port " + port + " is already in use by another process");
            assertThat(other.isClosed()).isFalse();
        }
    }

    @Test
    void oneShotCommandsLoadNoHttpServer() throws Exception {
        // Without the server's classes no port can be opened: the class-load log shows what a call loads.
        Path classes = tmp.resolve("classes.log");
        Run stats = run(Map.of("CS_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "stats", "--json");
        assertThat(stats.exit()).as(stats.stderr()).isZero();
        assertThat(stats.stdout()).contains("totalSessions");
        String loaded = Files.readString(classes, StandardCharsets.UTF_8);
        assertThat(loaded).as("the class-load log works").contains("io.codesession.cli.StatsCommand");
        assertThat(loaded).doesNotContain("com.sun.net.httpserver").doesNotContain("sun.net.httpserver")
                .doesNotContain("io.codesession.dashboard.http.").doesNotContain("io.codesession.dashboard.DashboardServer")
                .doesNotContain("io.vertx").doesNotContain("io.netty").doesNotContain("org.jboss.resteasy");
        assertThat(run(Map.of(), "--version").exit()).isZero();
        assertThat(run(Map.of(), "dashboard", "--help").exit()).isZero();
    }

    @Test
    void badOptionsAreClearErrors() throws Exception {
        for (String[] args : new String[][] {{"--port", "abc"}, {"--port", "0"}, {"--port", "70000"}, {"--port", "12abc"},
            {"--host", "not a host"}}) {
            String[] full = new String[args.length + 3];
            full[0] = "dashboard";
            System.arraycopy(args, 0, full, 1, args.length);
            full[args.length + 1] = "--json";
            full[args.length + 2] = "--no-open";
            Run r = run(Map.of(), full);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(1);
            JsonNode e = DashboardProcess.MAPPER.readTree(r.stdout());
            assertThat(e.path("error").path("code").asText()).as(r.stdout()).isEqualTo("invalid_input");
            assertThat(r.stderr()).doesNotContain("Exception");
        }
    }

    @Test
    void exposedBindPrintsATokenOnceAndRequiresIt() throws Exception {
        int port = DashboardProcess.freePort();
        try (DashboardProcess d = DashboardProcess.start(tmp, "dashboard", "--json", "--host", "0.0.0.0", "--port",
                Integer.toString(port))) {
            assertThat(d.startup).as(d.stderr()).isNotNull();
            String token = d.startup.get("token").asText();
            assertThat(token).hasSize(32).matches("[A-Za-z0-9_-]+");
            assertThat(d.awaitStderr("{\"warning\":\"Binding to 0.0.0.0 exposes session data")).as(d.stderr()).isTrue();
            assertThat(d.get("/api/v1/stats").statusCode()).isEqualTo(401);
            assertThat(d.get("/api/v1/stats", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
            HttpResponse<String> page = d.get("/");
            assertThat(page.statusCode()).isEqualTo(401);
            assertThat(page.body()).doesNotContain(token);
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void demoServesGeneratedDataAndLeavesTheUserStoreAlone() throws Exception {
        int port = DashboardProcess.freePort();
        Path userDb = tmp.resolve("data/sessions.db");
        try (DashboardProcess d = DashboardProcess.start(tmp, "dashboard", "--demo", "--json", "--no-open", "--port",
                Integer.toString(port))) {
            assertThat(d.startup).as(d.stderr()).isNotNull();
            assertThat(d.startup.get("demo").asBoolean()).isTrue();
            JsonNode stats = DashboardProcess.MAPPER.readTree(d.get("/api/v1/stats").body());
            assertThat(stats.get("totalSessions").asInt()).isGreaterThan(40);
            assertThat(stats.get("activeSessions").asInt()).isEqualTo(1);
            JsonNode projects = DashboardProcess.MAPPER.readTree(d.get("/api/v1/projects").body());
            assertThat(projects.size()).isEqualTo(4);
            JsonNode models = DashboardProcess.MAPPER.readTree(d.get("/api/v1/model-breakdown").body());
            assertThat(models.size()).isGreaterThanOrEqualTo(6);
            // a demo session's diff is real git output
            JsonNode list = DashboardProcess.MAPPER.readTree(d.get("/api/v1/sessions?status=completed&sort=commits&limit=1").body());
            long id = list.get("sessions").get(0).get("id").asLong();
            assertThat(d.get("/api/v1/sessions/" + id + "/diff").body()).contains("@@").contains("+change for: ");
            assertThat(d.stop()).isZero();
        }
        assertThat(userDb).doesNotExist();
        assertThat(tmp.resolve("home/.codesession")).doesNotExist();
    }
}
