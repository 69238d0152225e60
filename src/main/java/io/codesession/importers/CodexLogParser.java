package io.codesession.importers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.common.Timestamps;
import io.codesession.usage.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Codex CLI rollout files ({@code ~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl}): lines
 * {@code {"timestamp", "type", "payload"}} where {@code session_meta} names the session (id, cwd),
 * {@code turn_context} the model in use, and {@code event_msg} with {@code payload.type =
 * "token_count"} carries {@code info.total_token_usage} (input_tokens including
 * cached_input_tokens, output_tokens including reasoning).
 *
 * <p>Usage is the <em>delta</em> of the cumulative {@code total_token_usage} between events, so a
 * re-emitted event (same totals) adds nothing. Each delta is keyed by the event's timestamp and
 * the cumulative totals, so the history a forked or resumed session copies into its own file
 * (same events, same totals) is recognised and counted once. When the totals go backwards (a
 * new counter), that event's {@code last_token_usage} is taken. {@code input − cached} is billed
 * as input and {@code cached} as cache reads.
 */
public final class CodexLogParser implements LogParser {

    public static final String PROVIDER = "openai";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> USED = Set.of("session_meta", "turn_context", "event_msg");

    private final Instant since;
    private final Map<String, AgentSession> sessions = new LinkedHashMap<>();
    private final List<UsageEntry> entries = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final ClaudeLogParser.Stats stats = new ClaudeLogParser.Stats();

    // per-file state
    private String session = "codex";
    private String model;
    private long[] previous = new long[4];

    public CodexLogParser(Instant since) {
        this.since = since;
    }

    public ClaudeLogParser.Stats stats() {
        return stats;
    }

    public Map<String, AgentSession> sessions() {
        return sessions;
    }

    public List<UsageEntry> entries() {
        return entries;
    }

    public void read(Path file) throws IOException {
        String name = file.getFileName().toString();
        session = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        model = null;
        previous = new long[4];
        stats.bytes += Files.size(file);
        try (java.io.InputStream in = Files.newInputStream(file)) {
            Lines.each(in, this::line);
        }
    }

    public void line(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        line(b, 0, b.length);
    }

    /**
     * One rollout line, streamed: only the payload of the item types used becomes a tree
     * (Codex writes {@code type} before {@code payload}); tool output and messages are scanned
     * for syntax and skipped.
     */
    void line(byte[] buf, int off, int len) {
        if (Lines.isBlank(buf, off, len)) {
            return;
        }
        stats.lines++;
        String type = null;
        String timestamp = null;
        JsonNode payload = null;
        try (JsonParser p = MAPPER.getFactory().createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                stats.malformed++;
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "type" -> type = v == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                    case "timestamp" -> timestamp = v == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                    case "payload" -> {
                        if (v == JsonToken.START_OBJECT && (type == null || USED.contains(type))) {
                            payload = MAPPER.readTree(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                stats.malformed++;
                return;
            }
        } catch (IOException e) {
            stats.malformed++;
            return;
        }
        if (type == null || payload == null) {
            if (session != null && timestamp != null) {
                current().seen(timestamp);
            }
            return; // not a rollout item we use (older formats carry no usage)
        }
        switch (type) {
            case "session_meta" -> {
                String id = ClaudeLogParser.text(payload, "id");
                if (id != null) {
                    session = id;
                }
                AgentSession s = current();
                s.cwd(ClaudeLogParser.text(payload, "cwd"));
                s.seen(ClaudeLogParser.text(payload, "timestamp"));
                s.seen(timestamp);
            }
            case "turn_context" -> {
                String m = ClaudeLogParser.text(payload, "model");
                if (m != null) {
                    model = m;
                }
                current().cwd(ClaudeLogParser.text(payload, "cwd"));
                current().seen(timestamp);
            }
            case "event_msg" -> {
                current().seen(timestamp);
                if ("token_count".equals(ClaudeLogParser.text(payload, "type"))) {
                    tokenCount(payload, timestamp);
                }
            }
            default -> current().seen(timestamp);
        }
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private AgentSession current() {
        return sessions.computeIfAbsent(session, AgentSession::new);
    }

    private void tokenCount(JsonNode payload, String timestamp) {
        JsonNode info = payload.get("info");
        if (info == null || info.isNull()) {
            return; // rate-limit only event
        }
        long[] total = counts(info.get("total_token_usage"));
        if (total == null) {
            stats.malformed++;
            return;
        }
        long[] delta = new long[4];
        boolean backwards = false;
        for (int i = 0; i < 4; i++) {
            delta[i] = total[i] - previous[i];
            backwards |= delta[i] < 0;
        }
        if (backwards) {
            long[] last = counts(info.get("last_token_usage"));
            delta = last == null ? new long[4] : last;
        }
        previous = total;
        if (delta[0] == 0 && delta[1] == 0 && delta[2] == 0) {
            stats.duplicates++;
            return;
        }
        if (since != null) {
            Instant t = Timestamps.parse(timestamp);
            if (t != null && t.isBefore(since)) {
                stats.beforeSince++;
                return;
            }
        }
        String key = "codex:" + timestamp + ":" + total[0] + ":" + total[1] + ":" + total[2] + ":" + total[3];
        if (!keys.add(key)) {
            stats.duplicates++;
            return;
        }
        long cached = Math.min(delta[1], delta[0]);
        TokenUsage u = new TokenUsage(delta[0] - cached, delta[2], 0, 0, cached);
        entries.add(new UsageEntry(PROVIDER, model == null ? "unknown" : model, u, timestamp, session, key));
    }

    /** input, cached input, output, total of a usage object; null when not counts. */
    private static long[] counts(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        long[] c = {ClaudeLogParser.count(u.get("input_tokens")), ClaudeLogParser.count(u.get("cached_input_tokens")),
            ClaudeLogParser.count(u.get("output_tokens")), ClaudeLogParser.count(u.get("total_tokens"))};
        for (long v : c) {
            if (v < 0) {
                return null;
            }
        }
        return c;
    }
}
