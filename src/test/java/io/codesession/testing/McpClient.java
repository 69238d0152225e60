package io.codesession.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal MCP client over the stdio of a {@code cs mcp} process: one JSON-RPC line out, one in. */
public final class McpClient implements AutoCloseable {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EOF = new String("<eof>");

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    /** Every line the server wrote to stdout, for the "only protocol messages" check. */
    public final List<String> transcript = new ArrayList<>();
    private int nextId = 1;

    public McpClient(CsDriver cs) {
        try {
            process = cs.processBuilder("mcp").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stdin = process.getOutputStream();
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
            lines.add(EOF);
        });
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
        err.setDaemon(true);
        err.start();
    }

    /** Sends a raw line and returns the next line the server writes (parsed). */
    public JsonNode raw(String line) {
        send(line);
        return read();
    }

    public void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode read() {
        try {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("a response from cs mcp (stderr: %s)", stderr()).isNotNull().isNotSameAs(EOF);
            transcript.add(line);
            return MAPPER.readTree(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage());
        }
    }

    /** A request; returns the whole response message. */
    public JsonNode request(String method, ObjectNode params) {
        ObjectNode m = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", nextId++).put("method", method);
        if (params != null) {
            m.set("params", params);
        }
        JsonNode response = raw(m.toString());
        assertThat(response.path("id").asInt()).isEqualTo(m.get("id").asInt());
        return response;
    }

    public void notify(String method) {
        send(MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method).toString());
    }

    /** tools/call; returns the {@code result} (content, isError, structuredContent). */
    public JsonNode call(String tool, String argumentsJson) {
        try {
            ObjectNode params = MAPPER.createObjectNode().put("name", tool);
            params.set("arguments", MAPPER.readTree(argumentsJson));
            JsonNode response = request("tools/call", params);
            assertThat(response.has("result")).as("tools/call %s → %s", tool, response).isTrue();
            return response.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tool's JSON payload (the text content, parsed); asserts success. */
    public JsonNode ok(String tool, String argumentsJson) {
        JsonNode result = call(tool, argumentsJson);
        assertThat(result.path("isError").asBoolean(false)).as("%s %s → %s", tool, argumentsJson, result).isFalse();
        return payload(result);
    }

    /** The tool's error payload; asserts {@code isError}. */
    public JsonNode error(String tool, String argumentsJson) {
        JsonNode result = call(tool, argumentsJson);
        assertThat(result.path("isError").asBoolean(false)).as("%s %s → %s", tool, argumentsJson, result).isTrue();
        return payload(result);
    }

    public static JsonNode payload(JsonNode result) {
        assertThat(result.path("content").get(0).path("type").asText()).isEqualTo("text");
        try {
            return MAPPER.readTree(result.path("content").get(0).path("text").asText());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Closes stdin and returns the exit code. */
    public int closeAndWait() {
        try {
            stdin.close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("cs mcp exits when stdin closes").isTrue();
            String rest;
            while ((rest = lines.poll(5, TimeUnit.SECONDS)) != null && rest != EOF) {
                transcript.add(rest);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
