package io.codesession.importers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.common.Input;
import io.codesession.common.Timestamps;
import io.codesession.usage.TokenUsage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Claude Code transcripts (JSONL, one event per line) for the usage the API billed.
 *
 * <p>Every {@code "type":"assistant"} line carries {@code message.usage} (input_tokens,
 * output_tokens, cache_creation_input_tokens with the {@code cache_creation} 5m/1h split,
 * cache_read_input_tokens) and {@code message.model}. Claude Code writes one line per content
 * block of a response, repeating the usage, so lines are de-duplicated on (message.id,
 * requestId), keeping the largest usage. A sidechain line replaying a message that the main
 * chain holds is not counted again. {@code <synthetic>} messages (written by Claude Code, not
 * billed) are skipped. Lines that are not JSON objects, or whose usage numbers are not
 * non-negative integers, are skipped and counted; they never stop the read. State spans every
 * file given, so a message copied into a resumed session's file is counted once.
 */
public final class ClaudeLogParser implements LogParser {

    public static final String PROVIDER = "anthropic";
    public static final String SYNTHETIC = "<synthetic>";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] ASSISTANT = "\"assistant\"".getBytes(StandardCharsets.US_ASCII);

    private final Instant since;
    private final String fallbackModel;
    private final Map<String, Candidate> byKey = new LinkedHashMap<>();
    private final Set<String> mainChainIds = new HashSet<>();
    private final Map<String, AgentSession> sessions = new LinkedHashMap<>();
    private final Stats stats = new Stats();
    private String fileSession;

    /** Counters of one read. */
    public static final class Stats {
        public long lines;
        public long bytes;
        public long malformed;
        public long duplicates;
        public long sidechainReplays;
        public long synthetic;
        public long beforeSince;
    }

    private record Candidate(UsageEntry entry, String messageId, boolean sidechain) {
    }

    /**
     * @param since         entries before this instant are ignored (null: all)
     * @param fallbackModel model of an assistant line that names none (null: the line is malformed)
     */
    public ClaudeLogParser(Instant since, String fallbackModel) {
        this.since = since;
        this.fallbackModel = fallbackModel;
    }

    public Stats stats() {
        return stats;
    }

    public Map<String, AgentSession> sessions() {
        return sessions;
    }

    /** Reads one transcript file, line by line as bytes (never the whole file in memory, no decoding of skipped text). */
    public void read(Path file) throws IOException {
        String name = file.getFileName().toString();
        fileSession = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
        stats.bytes += Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            Lines.each(in, this::line);
        }
    }

    /** Handles one line of a transcript. */
    public void line(String raw) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        line(b, 0, b.length);
    }

    /** Handles one line of a transcript (UTF-8 bytes, without the line break; a leading BOM is ignored). */
    public void line(byte[] buf, int off, int len) {
        if (len >= 3 && (buf[off] & 0xFF) == 0xEF && (buf[off + 1] & 0xFF) == 0xBB && (buf[off + 2] & 0xFF) == 0xBF) {
            off += 3;
            len -= 3;
        }
        if (Lines.isBlank(buf, off, len)) {
            return;
        }
        stats.lines++;
        // Streamed: only an assistant line's "message" becomes a tree; everything else (tool
        // results, prompts) is scanned for syntax and skipped without building objects.
        boolean maybeAssistant = Lines.contains(buf, off, len, ASSISTANT);
        String type = null;
        String timestamp = null;
        String sessionId = null;
        String cwd = null;
        String requestId = null;
        boolean sidechain = false;
        JsonNode message = null;
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
                    case "type" -> type = string(p, v);
                    case "timestamp" -> timestamp = string(p, v);
                    case "sessionId" -> sessionId = string(p, v);
                    case "cwd" -> cwd = string(p, v);
                    case "requestId" -> requestId = string(p, v);
                    case "isSidechain" -> sidechain = v == JsonToken.VALUE_TRUE;
                    case "message" -> {
                        if (maybeAssistant && v == JsonToken.START_OBJECT) {
                            message = MAPPER.readTree(p);
                        } else {
                            message = null;
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
        if (sessionId == null) {
            sessionId = fileSession;
        }
        if (sessionId != null) {
            AgentSession s = sessions.computeIfAbsent(sessionId, AgentSession::new);
            s.cwd(cwd);
            s.seen(timestamp);
        }
        if (!"assistant".equals(type)) {
            return;
        }
        if (message == null) {
            stats.malformed++; // an assistant line without a message object
            return;
        }
        JsonNode usage = message.get("usage");
        if (usage == null || usage.isNull()) {
            return;
        }
        String model = text(message, "model");
        if (SYNTHETIC.equals(model)) {
            stats.synthetic++;
            return;
        }
        if (model == null) {
            model = fallbackModel;
        }
        TokenUsage tokens = usage(usage);
        if (tokens == null || model == null) {
            stats.malformed++;
            return;
        }
        if (since != null) {
            Instant t = Timestamps.parse(timestamp);
            if (t != null && t.isBefore(since)) {
                stats.beforeSince++;
                return;
            }
        }
        String messageId = text(message, "id");
        String key;
        if (messageId != null || requestId != null) {
            key = "claude:" + (messageId == null ? "" : messageId) + ":" + (requestId == null ? "" : requestId);
        } else {
            key = "claude:line:" + sha256(buf, off, len);
        }
        if (!sidechain && messageId != null) {
            mainChainIds.add(messageId);
        }
        UsageEntry entry = new UsageEntry(PROVIDER, model, tokens, timestamp, sessionId, key);
        Candidate existing = byKey.get(key);
        if (existing == null) {
            byKey.put(key, new Candidate(entry, messageId, sidechain));
            return;
        }
        stats.duplicates++;
        if (larger(tokens, existing.entry().usage())) {
            byKey.put(key, new Candidate(entry, messageId, existing.sidechain() && sidechain));
        }
    }

    /** The de-duplicated entries in first-seen order, without sidechain replays of main-chain messages. */
    public List<UsageEntry> entries() {
        List<UsageEntry> out = new ArrayList<>(byKey.size());
        for (Candidate c : byKey.values()) {
            if (c.sidechain() && c.messageId() != null && mainChainIds.contains(c.messageId())) {
                stats.sidechainReplays++;
                continue;
            }
            out.add(c.entry());
        }
        return out;
    }

    /** Orders two usages of the same message: more tokens in total, then more output. */
    static boolean larger(TokenUsage a, TokenUsage b) {
        return a.total() != b.total() ? a.total() > b.total() : a.output() > b.output();
    }

    /** The usage block as billing classes, or null when a count is not a non-negative integer. */
    public static TokenUsage usage(JsonNode u) {
        if (!u.isObject()) {
            return null;
        }
        long input = count(u.get("input_tokens"));
        long output = count(u.get("output_tokens"));
        long creation = count(u.get("cache_creation_input_tokens"));
        long read = count(u.get("cache_read_input_tokens"));
        long w5 = creation;
        long w1 = 0;
        JsonNode split = u.get("cache_creation");
        if (split != null && split.isObject()) {
            long e5 = count(split.get("ephemeral_5m_input_tokens"));
            long e1 = count(split.get("ephemeral_1h_input_tokens"));
            if (e5 < 0 || e1 < 0) {
                return null;
            }
            w1 = e1;
            // The split normally adds up to the total; tokens it does not explain stay 5-minute writes.
            w5 = Math.max(e5, creation - e1);
        }
        if (input < 0 || output < 0 || creation < 0 || read < 0) {
            return null;
        }
        return new TokenUsage(input, output, w5, w1, read);
    }

    /** A token count: absent/null → 0; a non-negative integer ≤ 10^12 → it; anything else → -1. */
    static long count(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            return -1;
        }
        long n = v.longValue();
        return n < 0 || n > Input.TOKENS_MAX ? -1 : n;
    }

    private static String string(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText();
            return s.isEmpty() ? null : s;
        }
        p.skipChildren();
        return null;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    static String sha256(byte[] buf, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(buf, off, len);
            byte[] d = md.digest();
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
