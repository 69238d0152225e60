package io.codesession.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.dashboard.DashboardProcess;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.McpClient;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many {@code cs log-ai} processes writing to one store and one active session at the same time
 * (agents running tools in parallel): nothing is lost, nobody sees SQLITE_BUSY, and the session
 * aggregates equal the sums over the rows exactly.
 */
class ConcurrencyIT {

    @TempDir
    Path tmp;

    @Test
    void parallelLogAiCallsAreAllRecordedWithExactTotals() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        long sessionId = cs.json("start", "parallel agents", "--json").path("id").asLong();

        // Round 1: 10 processes at once, one call each.
        List<Call> round1 = calls(0, 10);
        check(cs, sessionId, round1, outcomes(runConcurrently(cs, split(round1, 10))), round1);

        // Round 2: 16 processes, each making 3 calls one after the other. Round 3: 16 long-lived
        // writers (cs mcp servers, as 16 agents would hold them) making 50 log_ai_usage calls each,
        // all at once: far more contention than process start-up lets the CLI produce. A dashboard
        // reads the same store over HTTP the whole time. (bench/concurrency-stress.sh runs 16 × 50
        // separate cs log-ai processes.)
        List<Call> round2 = calls(10, 16 * 3);
        List<Call> round3 = calls(10 + 16 * 3, 16 * 50);
        List<Call> all = new ArrayList<>(round1);
        List<Outcome> outcomes3;
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (DashboardProcess dashboard = DashboardProcess.start(tmp, "dashboard", "--port", Integer.toString(port),
                "--no-open", "--json")) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            Thread reader = new Thread(() -> {
                List<String> paths = List.of("/api/v1/stats", "/api/v1/sessions?limit=50", "/api/v1/sessions/" + sessionId,
                        "/api/v1/daily-costs", "/api/v1/model-breakdown");
                for (int i = 0; !done.get(); i++) {
                    try {
                        statuses.add(http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(dashboard.url() + paths.get(i % paths.size()))).build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
                    } catch (Exception e) {
                        statuses.add(-1);
                    }
                }
            });
            reader.start();
            try {
                List<Outcome> outcomes2 = outcomes(runConcurrently(cs, split(round2, 16)));
                all.addAll(round2);
                check(cs, sessionId, round2, outcomes2, all);
                outcomes3 = runMcpConcurrently(cs, split(round3, 16));
            } finally {
                done.set(true);
                reader.join(30_000);
            }
            assertThat(statuses).as("dashboard reads during the writes").isNotEmpty().containsOnly(200);
        }
        all.addAll(round3);
        check(cs, sessionId, round3, outcomes3, all);

        assertThat(cs.sql("PRAGMA integrity_check").getFirst().values()).containsExactly("ok");
        JsonNode status = cs.json("status", "--json");
        assertThat(status.path("aiTokens").asLong()).isEqualTo(all.stream().mapToLong(Call::tokens).sum());
        assertThat(status.path("aiUsage").size()).isEqualTo(all.size());
    }

    @Test
    void parallelStartsInOneDirectoryCreateOneSession() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Result>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String name = "racer " + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return cs.run("start", name, "--json");
                }));
            }
            go.countDown();
            int started = 0;
            for (Future<Result> f : futures) {
                Result r = f.get();
                r.assertNoStackTrace();
                JsonNode doc = r.json();
                if (r.exitCode() == 0) {
                    started++;
                } else {
                    assertThat(r.exitCode()).isEqualTo(1);
                    assertThat(doc.path("error").path("code").asText()).as("%s", r.stdout()).isEqualTo("session_active");
                }
            }
            assertThat(started).as("exactly one start wins (RACE-1)").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM sessions WHERE status = 'active'").getFirst().get("n"))
                .isEqualTo(1);
    }

    /** One log-ai call; the token counts identify it. Every third call gives an explicit cost. */
    record Call(int n, long prompt, long completion, String cost) {
        long tokens() {
            return prompt + completion;
        }

        String[] args() {
            List<String> a = new ArrayList<>(List.of("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4",
                    "--prompt-tokens", Long.toString(prompt), "--completion-tokens", Long.toString(completion),
                    "--agent", "agent-" + n, "--json"));
            if (cost != null) {
                a.addAll(List.of("-c", cost));
            }
            return a.toArray(String[]::new);
        }

        /** The same call as {@code log_ai_usage} arguments. */
        String mcpArguments() {
            return "{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4\",\"promptTokens\":" + prompt
                    + ",\"completionTokens\":" + completion + ",\"agentName\":\"agent-" + n + "\""
                    + (cost == null ? "" : ",\"cost\":" + cost) + "}";
        }
    }

    /** What one write reported: its row id (the CLI reports it, MCP does not) and the session's new total. */
    record Outcome(String label, long sessionId, Long rowId, long sessionTokens) {
    }

    static List<Call> calls(int first, int count) {
        List<Call> calls = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            calls.add(call(i));
        }
        return calls;
    }

    static Call call(int n) {
        return new Call(n, 1000L + 37L * n, 100L + n, n % 3 == 0 ? new BigDecimal("0.0001").multiply(
                BigDecimal.valueOf(n + 1)).add(new BigDecimal("0.000000123")).toPlainString() : null);
    }

    /** {@code calls} dealt round-robin to {@code workers} sequential lanes. */
    static List<List<Call>> split(List<Call> calls, int workers) {
        List<List<Call>> lanes = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < calls.size(); i++) {
            lanes.get(i % workers).add(calls.get(i));
        }
        return lanes;
    }

    /** Runs each lane in its own thread (its calls one after the other), all lanes released together. */
    static List<Result> runConcurrently(CsDriver cs, List<List<Call>> lanes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(lanes.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Result>>> futures = new ArrayList<>();
            for (List<Call> lane : lanes) {
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Result> out = new ArrayList<>();
                    for (Call c : lane) {
                        out.add(cs.run(c.args()));
                    }
                    return out;
                }));
            }
            go.countDown();
            List<Result> all = new ArrayList<>();
            for (Future<List<Result>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every CLI call succeeded without a stack trace or a busy error; what each reported. */
    static List<Outcome> outcomes(List<Result> results) {
        List<Outcome> out = new ArrayList<>();
        for (Result r : results) {
            assertThat(r.exitCode()).as("exit of %s\nstdout: %s\nstderr: %s", r.args(), r.stdout(), r.stderr()).isZero();
            r.assertNoStackTrace();
            assertNoBusy(r.args().toString(), r.stdout() + r.stderr());
            JsonNode doc = r.json();
            out.add(new Outcome(r.args().toString(), doc.path("session").path("id").asLong(),
                    doc.path("logged").path("id").asLong(), doc.path("session").path("aiTokens").asLong()));
        }
        return out;
    }

    static void assertNoBusy(String label, String output) {
        assertThat(output).as("output of %s", label)
                .doesNotContainIgnoringCase("SQLITE_BUSY")
                .doesNotContainIgnoringCase("database is locked")
                .doesNotContainIgnoringCase("busy");
    }

    /** Each lane is one {@code cs mcp} process making its calls in turn; all lanes released together. */
    static List<Outcome> runMcpConcurrently(CsDriver cs, List<List<Call>> lanes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(lanes.size());
        CountDownLatch ready = new CountDownLatch(lanes.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (List<Call> lane : lanes) {
                futures.add(pool.submit(() -> {
                    try (McpClient mcp = new McpClient(cs)) {
                        var init = McpClient.MAPPER.createObjectNode().put("protocolVersion", "2025-06-18");
                        init.putObject("capabilities");
                        init.putObject("clientInfo").put("name", "ConcurrencyIT").put("version", "1");
                        assertThat(mcp.request("initialize", init).has("result")).isTrue();
                        mcp.notify("notifications/initialized");
                        ready.countDown();
                        go.await();
                        List<Outcome> out = new ArrayList<>();
                        for (Call c : lane) {
                            JsonNode doc = mcp.ok("log_ai_usage", c.mcpArguments());
                            out.add(new Outcome("log_ai_usage " + c.mcpArguments(), doc.path("session").path("id").asLong(),
                                    null, doc.path("session").path("totalTokens").asLong()));
                        }
                        assertThat(mcp.closeAndWait()).isZero();
                        assertNoBusy("cs mcp", mcp.stderr());
                        return out;
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Outcome> all = new ArrayList<>();
            for (Future<List<Outcome>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void check(CsDriver cs, long sessionId, List<Call> calls, List<Outcome> results, List<Call> allSoFar) {
        assertThat(results).hasSize(calls.size());
        Set<Long> ids = new HashSet<>();
        Set<Long> sessionTotals = new HashSet<>();
        for (Outcome o : results) {
            assertThat(o.sessionId()).as("session of %s", o.label()).isEqualTo(sessionId);
            if (o.rowId() != null) {
                ids.add(o.rowId());
            }
            // Writers are serialised: each saw the total including its own row and all earlier ones.
            sessionTotals.add(o.sessionTokens());
        }
        if (results.stream().allMatch(o -> o.rowId() != null)) {
            assertThat(ids).as("distinct row ids").hasSize(calls.size());
        }
        assertThat(sessionTotals).as("distinct running totals (no lost update)").hasSize(calls.size());

        List<Map<String, Object>> rows = cs.sql("SELECT id, tokens, prompt_tokens, completion_tokens, agent_name "
                + "FROM ai_usage WHERE session_id = " + sessionId + " ORDER BY id");
        assertThat(rows).hasSize(allSoFar.size());
        Set<String> expected = new HashSet<>();
        for (Call c : allSoFar) {
            expected.add(c.tokens() + "/" + c.prompt() + "/" + c.completion() + "/agent-" + c.n());
        }
        Set<String> actual = new HashSet<>();
        for (Map<String, Object> row : rows) {
            actual.add(row.get("tokens") + "/" + row.get("prompt_tokens") + "/" + row.get("completion_tokens") + "/"
                    + row.get("agent_name"));
        }
        assertThat(actual).isEqualTo(expected);
        Set<Long> rowIds = new HashSet<>();
        rows.forEach(r -> rowIds.add(((Number) r.get("id")).longValue()));
        assertThat(rowIds).containsAll(ids);

        long tokenSum = allSoFar.stream().mapToLong(Call::tokens).sum();
        Map<String, Object> totals = cs.sql("SELECT s.ai_tokens AS tokens, "
                + "(SELECT SUM(tokens) FROM ai_usage WHERE session_id = s.id) AS tokenSum, "
                + "s.ai_cost = (SELECT ROUND(SUM(cost) * 1e10) / 1e10 FROM ai_usage WHERE session_id = s.id) AS costExact, "
                + "s.ai_cost AS cost FROM sessions s WHERE s.id = " + sessionId).getFirst();
        assertThat(((Number) totals.get("tokens")).longValue()).isEqualTo(tokenSum);
        assertThat(((Number) totals.get("tokenSum")).longValue()).isEqualTo(tokenSum);
        assertThat(totals.get("costExact")).as("ai_cost %s equals the rounded SUM(cost)", totals.get("cost"))
                .isEqualTo(1);
        assertThat(sessionTotals).as("the last writer saw the final total").contains(tokenSum);
    }
}
