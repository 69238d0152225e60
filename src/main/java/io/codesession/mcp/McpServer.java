package io.codesession.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codesession.common.Json;
import io.codesession.usage.PriceJson;
import io.codesession.usage.PricingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The MCP stdio transport: newline-delimited JSON-RPC 2.0 on stdin/stdout, one request at a time,
 * until stdin ends. stdout carries only protocol messages; diagnostics go to stderr.
 *
 * <p>Written against the protocol directly rather than with quarkus-mcp-server-stdio: that
 * extension (with the Vert.x core it needs) added about 80 ms to the boot of <em>every</em>
 * one-shot {@code cs} command, measured in one interleaved run (log-ai median 330 → 414 ms).
 * The protocol surface used here (initialize, ping, tools, resources) is small.
 */
@ApplicationScoped
public class McpServer {

    /** Newest first; the first one is offered when the client asks for a version we do not know. */
    public static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    /** Larger messages are refused (the tools take a few short strings and numbers). */
    static final int MAX_MESSAGE_BYTES = 1 << 20;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    static final int RESOURCE_NOT_FOUND = -32002;

    static final String PRICING_URI = "codesession://pricing";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    McpTools tools;
    @Inject
    PricingService pricing;

    private String protocolVersion = PROTOCOL_VERSIONS.getFirst();
    private String serverVersion = "0.0.0";
    private PrintStream err = System.err;

    /** Serves until {@code in} ends. */
    public void serve(InputStream in, OutputStream out, PrintStream diagnostics, String version) throws IOException {
        this.serverVersion = version;
        this.err = diagnostics;
        LineReader reader = new LineReader(in, MAX_MESSAGE_BYTES);
        String line;
        while ((line = reader.next()) != null) {
            String response;
            if (line == LineReader.TOO_LONG) {
                response = Json.compact(error(null, INVALID_REQUEST, "Message larger than " + MAX_MESSAGE_BYTES + " bytes"));
            } else if (line.isBlank()) {
                continue;
            } else {
                response = handleLine(line);
            }
            if (response != null) {
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                out.flush();
            }
        }
    }

    /** The compact response to one line, or null when nothing is to be sent (notifications). */
    String handleLine(String line) {
        JsonNode message;
        try {
            message = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return Json.compact(error(null, PARSE_ERROR, "Parse error: the message is not valid JSON"));
        }
        if (message != null && message.isArray()) {
            if (message.isEmpty()) {
                return Json.compact(error(null, INVALID_REQUEST, "Empty batch"));
            }
            List<Object> responses = new ArrayList<>();
            for (JsonNode m : message) {
                Object r = handle(m);
                if (r != null) {
                    responses.add(r);
                }
            }
            return responses.isEmpty() ? null : Json.compact(responses);
        }
        Object r = handle(message);
        return r == null ? null : Json.compact(r);
    }

    private Object handle(JsonNode message) {
        if (message == null || !message.isObject()) {
            return error(null, INVALID_REQUEST, "Invalid request: expected a JSON-RPC object");
        }
        JsonNode idNode = message.get("id");
        Object id = idOf(idNode);
        boolean notification = idNode == null;
        JsonNode methodNode = message.get("method");
        if (methodNode == null) {
            return null; // a response from the client (we send no requests): nothing to answer
        }
        if (!"2.0".equals(message.path("jsonrpc").asText(null)) || !methodNode.isTextual()
                || (idNode != null && !(idNode.isTextual() || idNode.isIntegralNumber()))) {
            return notification ? null : error(id, INVALID_REQUEST, "Invalid request: jsonrpc must be \"2.0\", method a string, id a string or integer");
        }
        String method = methodNode.asText();
        JsonNode params = message.get("params");
        if (params != null && !params.isObject()) {
            return notification ? null : error(id, INVALID_PARAMS, "params must be an object");
        }
        if (notification) {
            return null; // notifications/initialized, notifications/cancelled, …: nothing to send
        }
        try {
            return switch (method) {
                case "initialize" -> result(id, initialize(params));
                case "ping" -> result(id, Json.obj());
                case "tools/list" -> result(id, Json.obj().add("tools", tools.definitions()));
                case "tools/call" -> toolCall(id, params);
                case "resources/list" -> result(id, Json.obj().add("resources", List.of(Json.obj()
                        .add("uri", PRICING_URI).add("name", "pricing").add("title", "Model pricing")
                        .add("description", "Current model pricing per 1M tokens (built-in table merged with pricing.json)")
                        .add("mimeType", "application/json"))));
                case "resources/templates/list" -> result(id, Json.obj().add("resourceTemplates", List.of()));
                case "resources/read" -> readResource(id, params);
                default -> error(id, METHOD_NOT_FOUND, "Method not found: " + method);
            };
        } catch (RuntimeException e) {
            err.println("codesession mcp: " + method + " failed: " + e);
            return error(id, INTERNAL_ERROR, "Internal error: " + e.getClass().getSimpleName());
        }
    }

    private Json.Obj initialize(JsonNode params) {
        String asked = params == null ? null : params.path("protocolVersion").asText(null);
        protocolVersion = asked != null && PROTOCOL_VERSIONS.contains(asked) ? asked : PROTOCOL_VERSIONS.getFirst();
        tools.protocolVersion(protocolVersion);
        return Json.obj()
                .add("protocolVersion", protocolVersion)
                .add("capabilities", Json.obj()
                        .add("tools", Json.obj().add("listChanged", false))
                        .add("resources", Json.obj().add("subscribe", false).add("listChanged", false)))
                .add("serverInfo", Json.obj().add("name", "codesession").add("title", "codesession")
                        .add("version", serverVersion))
                .add("instructions", "Track the cost of this coding session: start_session when work begins, "
                        + "log_ai_usage after model calls, add_note for decisions, check_budget before expensive "
                        + "work, end_session when done.");
    }

    private Object toolCall(Object id, JsonNode params) {
        if (params == null || !params.path("name").isTextual()) {
            return error(id, INVALID_PARAMS, "tools/call needs params.name (the tool name)");
        }
        String name = params.get("name").asText();
        if (!tools.exists(name)) {
            return error(id, INVALID_PARAMS, "Unknown tool: " + name);
        }
        JsonNode args = params.get("arguments");
        if (args != null && !args.isNull() && !args.isObject()) {
            return error(id, INVALID_PARAMS, "arguments must be an object");
        }
        ObjectNode arguments = args instanceof ObjectNode o ? o : MAPPER.createObjectNode();
        return result(id, tools.call(name, arguments));
    }

    private Object readResource(Object id, JsonNode params) {
        String uri = params == null ? null : params.path("uri").asText(null);
        if (!PRICING_URI.equals(uri)) {
            return error(id, RESOURCE_NOT_FOUND, "Resource not found: " + uri, Json.obj().add("uri", uri));
        }
        String text = Json.pretty(PriceJson.table(pricing.effective()));
        return result(id, Json.obj().add("contents", List.of(Json.obj().add("uri", PRICING_URI)
                .add("mimeType", "application/json").add("text", text))));
    }

    private static Object idOf(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isTextual()) {
            return id.asText();
        }
        if (id.isIntegralNumber()) {
            return id.canConvertToLong() ? (Object) id.asLong() : id.bigIntegerValue();
        }
        return id.toString();
    }

    static Json.Obj result(Object id, Object result) {
        return Json.obj().add("jsonrpc", "2.0").add("id", id).add("result", result);
    }

    static Json.Obj error(Object id, int code, String message) {
        return error(id, code, message, null);
    }

    static Json.Obj error(Object id, int code, String message, Object data) {
        Json.Obj e = Json.obj().add("code", code).add("message", message);
        if (data != null) {
            e.add("data", data);
        }
        return Json.obj().add("jsonrpc", "2.0").add("id", id).add("error", e);
    }

    /** Reads UTF-8 lines of at most {@code max} bytes; a longer line is skipped and reported as {@link #TOO_LONG}. */
    static final class LineReader {
        static final String TOO_LONG = new String("<too long>");

        private final InputStream in;
        private final int max;
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int limit;

        LineReader(InputStream in, int max) {
            this.in = in;
            this.max = max;
        }

        String next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (tooLong) {
                            return TOO_LONG;
                        }
                        return line.size() == 0 ? null : decode(line);
                    }
                }
                int start = pos;
                while (pos < limit && buffer[pos] != '\n') {
                    pos++;
                }
                if (!tooLong) {
                    line.write(buffer, start, pos - start);
                    if (line.size() > max) {
                        tooLong = true;
                        line.reset();
                    }
                }
                if (pos < limit) {
                    pos++; // the newline
                    return tooLong ? TOO_LONG : decode(line);
                }
            }
        }

        private static String decode(ByteArrayOutputStream line) {
            String s = line.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
