package io.codesession.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.McpClient;
import io.codesession.testing.GitFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cs mcp} driven by an MCP client over the process's stdin/stdout. */
class McpIT {

    @TempDir
    Path tmp;

    private static ObjectNode initParams(String version) {
        ObjectNode p = McpClient.MAPPER.createObjectNode().put("protocolVersion", version);
        p.putObject("capabilities");
        p.putObject("clientInfo").put("name", "McpIT").put("version", "1");
        return p;
    }

    @Test
    void handshakeListsTheEightToolsAndThePricingResource() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        try (McpClient mcp = new McpClient(cs)) {
            JsonNode init = mcp.request("initialize", initParams("2024-11-05")).get("result");
            assertThat(init.path("protocolVersion").asText()).isEqualTo("2024-11-05");
            assertThat(init.path("serverInfo").path("name").asText()).isEqualTo("codesession");
            assertThat(init.path("capabilities").has("tools")).isTrue();
            assertThat(init.path("capabilities").has("resources")).isTrue();
            mcp.notify("notifications/initialized");
            assertThat(mcp.request("ping", null).path("result").isObject()).isTrue();

            JsonNode tools = mcp.request("tools/list", null).path("result").path("tools");
            List<String> names = new ArrayList<>();
            tools.forEach(t -> names.add(t.path("name").asText()));
            assertThat(names).containsExactly("session_status", "start_session", "end_session", "log_ai_usage",
                    "add_note", "get_stats", "list_sessions", "check_budget");
            JsonNode log = tools.get(3).path("inputSchema");
            assertThat(log.path("type").asText()).isEqualTo("object");
            assertThat(log.path("$schema").asText()).contains("draft-07");
            assertThat(McpClient.MAPPER.convertValue(log.path("required"), List.class))
                    .containsExactly("provider", "model", "promptTokens", "completionTokens");
            assertThat(log.path("properties").path("promptTokens").path("description").asText()).isNotEmpty();
            assertThat(tools.get(0).has("required")).isFalse();

            JsonNode resources = mcp.request("resources/list", null).path("result").path("resources");
            assertThat(resources.get(0).path("uri").asText()).isEqualTo("codesession://pricing");
            JsonNode read = mcp.request("resources/read", McpClient.MAPPER.createObjectNode().put("uri", "codesession://pricing"))
                    .path("result").path("contents").get(0);
            assertThat(read.path("mimeType").asText()).isEqualTo("application/json");
            assertThat(read.path("text").asText()).startsWith("{\n  \"");
            JsonNode table = McpClient.MAPPER.readTree(read.path("text").asText());
            assertThat(table.path("claude-sonnet-4").path("input").asDouble()).isEqualTo(3.0);
            assertThat(table.path("claude-sonnet-4").path("output").asDouble()).isEqualTo(15.0);

            assertThat(mcp.closeAndWait()).isZero();
            assertOnlyProtocol(mcp);
        }
    }

    @Test
    void unknownProtocolVersionGetsOursAndProtocolErrorsAreJsonRpcErrors() {
        CsDriver cs = new CsDriver(tmp);
        try (McpClient mcp = new McpClient(cs)) {
            JsonNode init = mcp.request("initialize", initParams("1999-01-01")).get("result");
            assertThat(init.path("protocolVersion").asText()).isEqualTo(McpServer.PROTOCOL_VERSIONS.getFirst());

            assertThat(mcp.raw("this is not json").path("error").path("code").asInt()).isEqualTo(-32700);
            assertThat(mcp.raw("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no/such\"}").path("error").path("code").asInt())
                    .isEqualTo(-32601);
            assertThat(mcp.raw("{\"jsonrpc\":\"1.0\",\"id\":8,\"method\":\"ping\"}").path("error").path("code").asInt())
                    .isEqualTo(-32600);
            JsonNode unknownTool = mcp.raw("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"name\":\"rm_rf\"}}");
            assertThat(unknownTool.path("id").asText()).isEqualTo("x");
            assertThat(unknownTool.path("error").path("code").asInt()).isEqualTo(-32602);
            JsonNode missing = mcp.raw("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///etc/passwd\"}}");
            assertThat(missing.path("error").path("code").asInt()).isEqualTo(-32002);
            // a batch gets an array of answers
            JsonNode batch = mcp.raw("[{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}]");
            assertThat(batch.isArray()).isTrue();
            assertThat(batch.size()).isEqualTo(1);
            // an oversized message is refused and the server keeps serving
            assertThat(mcp.raw("{\"pad\":\"" + "x".repeat(McpServer.MAX_MESSAGE_BYTES) + "\"}").path("error").path("code").asInt())
                    .isEqualTo(-32600);
            assertThat(mcp.request("ping", null).has("result")).isTrue();
            assertThat(mcp.closeAndWait()).isZero();
            assertOnlyProtocol(mcp);
            assertThat(mcp.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void fullSessionThroughTheToolsRecordsGitActivityAndExactCosts() {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo")); McpClient mcp = new McpClient(cs.in(tmp))) {
            repo.write("a.txt", "alpha\n").commitAll("initial");
            mcp.request("initialize", initParams("2025-06-18"));
            String dir = "\"directory\":\"" + repo.dir() + "\"";

            assertThat(mcp.error("session_status", "{" + dir + "}").path("code").asText()).isEqualTo("no_active_session");

            JsonNode started = mcp.ok("start_session", "{\"name\":\"mcp work\"," + dir + "}");
            assertThat(started.path("started").asBoolean()).isTrue();
            assertThat(started.path("directory").asText()).isEqualTo(repo.dir().toString());
            assertThat(started.path("gitRoot").asText()).isEqualTo(repo.dir().toString());
            assertThat(started.path("startGitHead").asText()).hasSize(40);
            long id = started.path("id").asLong();

            JsonNode again = mcp.error("start_session", "{\"name\":\"second\"," + dir + "}");
            assertThat(again.path("code").asText()).isEqualTo("session_active");
            assertThat(again.path("error").asText()).isEqualTo("Session \"mcp work\" already active for this directory");
            assertThat(again.path("id").asLong()).isEqualTo(id);
            assertThat(again.path("hint").asText()).contains("end_session");

            JsonNode logged = mcp.ok("log_ai_usage", "{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4\","
                    + "\"promptTokens\":10000,\"completionTokens\":2000,\"cacheReadTokens\":50000," + dir + "}");
            // 10k × $3 + 2k × $15 + 50k × $0.30 (cache read) per 1M = 0.03 + 0.03 + 0.015
            assertThat(logged.path("logged").path("cost").asDouble()).isEqualTo(0.075);
            assertThat(logged.path("logged").path("tokens").asLong()).isEqualTo(62000);
            assertThat(logged.path("logged").path("agentName").asText()).isEqualTo("Claude Code");
            assertThat(logged.path("session").path("totalCost").asDouble()).isEqualTo(0.075);
            assertThat(logged.path("session").path("totalTokens").asLong()).isEqualTo(62000);
            mcp.ok("log_ai_usage", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"promptTokens\":1000,"
                    + "\"completionTokens\":0,\"cost\":0.5,\"agentName\":\"Codex\"," + dir + "}");

            JsonNode note = mcp.ok("add_note", "{\"message\":\"schema migrated\"," + dir + "}");
            assertThat(note.path("added").asBoolean()).isTrue();
            assertThat(note.path("note").path("message").asText()).isEqualTo("schema migrated");

            JsonNode status = mcp.ok("session_status", "{" + dir + "}");
            assertThat(status.path("id").asLong()).isEqualTo(id);
            assertThat(status.path("aiCalls").asInt()).isEqualTo(2);
            assertThat(status.path("aiCost").asDouble()).isEqualTo(0.575);
            assertThat(status.path("notes").get(0).path("message").asText()).isEqualTo("schema migrated");

            // a session budget of $0.50 for this project, already passed ($0.575 spent)
            cs.in(repo.dir()).json("budget", "set", "--session", "0.5", "--json");
            JsonNode over = mcp.ok("log_ai_usage", "{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"promptTokens\":0,"
                    + "\"completionTokens\":10,\"cost\":0,\"agentName\":\"Codex\"," + dir + "}");
            assertThat(over.path("budget").path("exceeded").asBoolean()).isTrue();
            JsonNode sessionCheck = over.path("budget").path("checks").get(0);
            assertThat(sessionCheck.path("limit").asDouble()).isEqualTo(0.5);
            assertThat(sessionCheck.path("spent").asDouble()).isEqualTo(0.575);
            assertThat(sessionCheck.path("remaining").asDouble()).isEqualTo(0.0);
            assertThat(mcp.ok("session_status", "{" + dir + "}").path("budget").path("exceeded").asBoolean()).isTrue();

            JsonNode budget = mcp.ok("check_budget", "{" + dir + "}");
            assertThat(budget.path("budget").path("exceeded").asBoolean()).isTrue();
            assertThat(budget.path("totalCalls").asInt()).isEqualTo(3);
            assertThat(budget.path("byModel").path("anthropic/claude-sonnet-4").path("calls").asInt()).isEqualTo(1);
            assertThat(budget.path("byModel").path("openai/gpt-4o").path("cost").asDouble()).isEqualTo(0.5);
            assertThat(budget.path("byModel").path("openai/gpt-4o").path("calls").asInt()).isEqualTo(2);
            assertThat(budget.path("totalCost").asDouble()).isEqualTo(0.575);

            repo.write("b.txt", "bravo\n").commitAll("add b");
            repo.write("c.txt", "uncommitted\n");
            JsonNode ended = mcp.ok("end_session", "{\"notes\":\"done\"," + dir + "}");
            assertThat(ended.path("status").asText()).isEqualTo("completed");
            List<String> files = new ArrayList<>();
            ended.path("files").forEach(f -> files.add(f.path("path").asText() + ":" + f.path("type").asText()));
            assertThat(files).containsExactlyInAnyOrder("b.txt:created", "c.txt:created");
            assertThat(ended.path("commitList").get(0).path("message").asText()).isEqualTo("add b");
            assertThat(ended.path("commits").asInt()).isEqualTo(1);
            assertThat(ended.path("aiBreakdown").size()).isEqualTo(2);
            assertThat(ended.path("aiCalls").asInt()).isEqualTo(3);

            JsonNode stats = mcp.ok("get_stats", "{}");
            assertThat(stats.path("totalSessions").asInt()).isEqualTo(1);
            assertThat(stats.path("activeSessions").asInt()).isZero();
            JsonNode list = McpClient.payload(mcp.call("list_sessions", "{\"limit\":5}"));
            assertThat(list.isArray()).isTrue();
            assertThat(list.get(0).path("name").asText()).isEqualTo("mcp work");
            assertThat(list.get(0).has("duration")).isTrue();

            // 2025-06-18 clients also get structuredContent
            assertThat(mcp.call("get_stats", "{}").path("structuredContent").path("totalSessions").asInt()).isEqualTo(1);
            assertThat(mcp.closeAndWait()).isZero();
            assertOnlyProtocol(mcp);
        }
        List<Map<String, Object>> rows = cs.sql("SELECT source, cache_read_tokens, agent_name FROM ai_usage ORDER BY id");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("source")).isEqualTo("mcp");
        assertThat(((Number) rows.get(0).get("cache_read_tokens")).longValue()).isEqualTo(50000L);
        assertThat(rows.get(1).get("agent_name")).isEqualTo("Codex");
    }

    @Test
    void invalidArgumentsAreToolErrorsAndStoreNothing() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        Files.createDirectories(cs.cwd());
        try (McpClient mcp = new McpClient(cs)) {
            mcp.request("initialize", initParams("2025-03-26"));
            mcp.ok("start_session", "{\"name\":\"validation\"}");
            String base = "\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4\"";
            List<String> bad = List.of(
                    "{" + base + ",\"promptTokens\":-5,\"completionTokens\":10}",
                    "{" + base + ",\"promptTokens\":1.5,\"completionTokens\":10}",
                    "{" + base + ",\"promptTokens\":\"100\",\"completionTokens\":10}",
                    "{" + base + ",\"promptTokens\":100}",
                    "{" + base + ",\"promptTokens\":100,\"completionTokens\":10,\"cost\":-1}",
                    "{" + base + ",\"promptTokens\":100,\"completionTokens\":10,\"cost\":1e300}",
                    "{" + base + ",\"promptTokens\":100,\"completionTokens\":10,\"tokens\":5}",
                    "{\"provider\":\"anthropic\",\"model\":\"\",\"promptTokens\":1,\"completionTokens\":1}",
                    "{" + base + ",\"promptTokens\":1,\"completionTokens\":1,\"directory\":\"relative/dir\"}",
                    "{" + base + ",\"promptTokens\":1,\"completionTokens\":1,\"directory\":\"/no/such/dir\"}");
            for (String args : bad) {
                JsonNode e = mcp.error("log_ai_usage", args);
                assertThat(e.path("code").asText()).as(args).isEqualTo("invalid_input");
                assertThat(e.path("error").asText()).as(args).isNotBlank();
            }
            assertThat(mcp.error("log_ai_usage", "{" + base + ",\"promptTokens\":0,\"completionTokens\":0}")
                    .path("code").asText()).isEqualTo("missing_tokens");
            assertThat(mcp.error("log_ai_usage", "{\"provider\":\"x\",\"model\":\"no-such-model\",\"promptTokens\":1,\"completionTokens\":1}")
                    .path("code").asText()).isEqualTo("unknown_model");
            assertThat(mcp.error("add_note", "{}").path("code").asText()).isEqualTo("invalid_input");
            assertThat(mcp.error("end_session", "{\"sessionId\":999}").path("code").asText()).isEqualTo("session_not_found");
            assertThat(mcp.error("list_sessions", "{\"limit\":2.5}").path("code").asText()).isEqualTo("invalid_input");
            assertThat(mcp.closeAndWait()).isZero();
            assertThat(mcp.stderr()).doesNotContain("\tat ");
        }
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM ai_usage").get(0).get("n")).isEqualTo(0);
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM session_notes").get(0).get("n")).isEqualTo(0);
    }

    private static void assertOnlyProtocol(McpClient mcp) {
        assertThat(mcp.transcript).isNotEmpty();
        for (String line : mcp.transcript) {
            JsonNode n;
            try {
                n = McpClient.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("non-protocol line on stdout: " + line);
            }
            JsonNode first = n.isArray() ? n.get(0) : n;
            assertThat(first.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
        }
    }
}
