package io.codesession.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codesession.common.Input;
import io.codesession.importers.ClaudeLogParser;
import io.codesession.usage.TokenUsage;
import java.io.IOException;

/**
 * Reads the billed usage of one metered response, as the APIs report it:
 * <ul>
 * <li>Anthropic Messages: the body's {@code usage}; streamed, {@code message_start}'s
 * {@code message.usage} updated by every {@code message_delta} {@code usage} field (the last
 * one wins: output, and input/cache counts when the API repeats them). Input, output, cache
 * writes (5-minute and 1-hour, from {@code cache_creation}) and cache reads.</li>
 * <li>OpenAI Chat Completions: the body's {@code usage}; streamed, the chunk carrying a
 * {@code usage} object (the final one). {@code prompt_tokens_details.cached_tokens} are cache
 * reads, the rest of {@code prompt_tokens} input.</li>
 * <li>OpenAI Responses: the body's {@code usage}; streamed, the {@code response} of
 * {@code response.completed} (or {@code response.incomplete}/{@code response.failed}, which are
 * billed too). {@code input_tokens_details.cached_tokens} are cache reads.</li>
 * </ul>
 * The id and model come from the response; only counts and names are kept, never content.
 */
final class UsageReader implements SseReader.Listener, JsonCapture.Listener {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] USAGE = {'u', 's', 'a', 'g', 'e'};

    private final Route.Api api;
    private String id;
    private String model;
    private TokenUsage usage;
    /** Anthropic streaming: the usage fields seen so far (message_start, then each message_delta). */
    private ObjectNode anthropic;
    private int unreadable;

    UsageReader(Route.Api api) {
        this.api = api;
    }

    /** Events or documents that looked like usage but could not be parsed. */
    int unreadable() {
        return unreadable;
    }

    /** What was read, or null when the response reported no usage. */
    Observed result(String requestModel) {
        if (usage == null || usage.isZero()) {
            return null;
        }
        String m = model != null ? model : requestModel != null && !requestModel.isEmpty() ? requestModel : "unknown";
        return new Observed(api == Route.Api.MESSAGES ? Provider.ANTHROPIC : Provider.OPENAI, id, m, usage);
    }

    @Override
    public void event(byte[] data, int len) {
        if (!contains(data, len, USAGE)) {
            return; // content deltas, pings: no usage
        }
        JsonNode e = parse(data, len);
        if (e == null) {
            return;
        }
        switch (api) {
            case MESSAGES -> anthropicEvent(e);
            case CHAT_COMPLETIONS -> {
                JsonNode u = e.get("usage");
                if (u != null && u.isObject()) {
                    ids(e);
                    set(openai(u, "prompt_tokens", "completion_tokens", "prompt_tokens_details"));
                }
            }
            case RESPONSES -> {
                String type = text(e, "type");
                JsonNode r = e.get("response");
                if (r != null && r.isObject()) {
                    ids(r);
                    JsonNode u = r.get("usage");
                    if (u != null && u.isObject() && type != null && (type.equals("response.completed")
                            || type.equals("response.incomplete") || type.equals("response.failed"))) {
                        set(openai(u, "input_tokens", "output_tokens", "input_tokens_details"));
                    }
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void document(byte[] data, int len) {
        JsonNode d = parse(data, len);
        if (d == null || !d.isObject()) {
            return;
        }
        JsonNode u = d.get("usage");
        if (u == null || !u.isObject()) {
            return;
        }
        ids(d);
        switch (api) {
            case MESSAGES -> set(ClaudeLogParser.usage(u));
            case CHAT_COMPLETIONS -> set(openai(u, "prompt_tokens", "completion_tokens", "prompt_tokens_details"));
            case RESPONSES -> set(openai(u, "input_tokens", "output_tokens", "input_tokens_details"));
            default -> {
            }
        }
    }

    private void anthropicEvent(JsonNode e) {
        String type = text(e, "type");
        if ("message_start".equals(type)) {
            JsonNode m = e.get("message");
            if (m != null && m.isObject()) {
                ids(m);
                JsonNode u = m.get("usage");
                if (u != null && u.isObject()) {
                    anthropic = ((ObjectNode) u).deepCopy();
                    set(ClaudeLogParser.usage(anthropic));
                }
            }
        } else if ("message_delta".equals(type)) {
            JsonNode u = e.get("usage");
            if (u != null && u.isObject()) {
                if (anthropic == null) {
                    anthropic = MAPPER.createObjectNode();
                }
                u.properties().forEach(f -> {
                    if (!f.getValue().isNull()) {
                        anthropic.set(f.getKey(), f.getValue());
                    }
                });
                set(ClaudeLogParser.usage(anthropic));
            }
        }
    }

    private void set(TokenUsage u) {
        if (u == null) {
            unreadable++;
        } else {
            usage = u;
        }
    }

    private void ids(JsonNode n) {
        String i = text(n, "id");
        if (i != null) {
            id = i;
        }
        String m = text(n, "model");
        if (m != null) {
            model = m;
        }
    }

    /** OpenAI usage as billing classes: cached prompt tokens are cache reads; null when a count is bad. */
    static TokenUsage openai(JsonNode u, String in, String out, String details) {
        long prompt = count(u.get(in));
        long completion = count(u.get(out));
        JsonNode d = u.get(details);
        long cached = d != null && d.isObject() ? count(d.get("cached_tokens")) : 0;
        if (prompt < 0 || completion < 0 || cached < 0) {
            return null;
        }
        cached = Math.min(cached, prompt);
        return new TokenUsage(prompt - cached, completion, 0, 0, cached);
    }

    /** A token count: absent/null → 0; a non-negative integer up to the input limit → it; else -1. */
    static long count(JsonNode v) {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            return -1;
        }
        long n = v.longValue();
        return n < 0 || n > Input.TOKENS_MAX ? -1 : n;
    }

    private JsonNode parse(byte[] data, int len) {
        try {
            return MAPPER.readTree(data, 0, len);
        } catch (IOException e) {
            unreadable++;
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    static boolean contains(byte[] b, int len, byte[] needle) {
        outer:
        for (int i = 0; i <= len - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
