package io.codesession.importers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.common.Timestamps;
import io.codesession.usage.TokenUsage;
import java.io.IOException;
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
 * Reads Gemini CLI chat recordings ({@code ~/.gemini/tmp/<project>/chats/session-*.json}): one
 * JSON document per session, {@code {"sessionId", "projectHash", "startTime", "lastUpdated",
 * "messages": [...]}}, where each {@code "type": "gemini"} message carries {@code model} and
 * {@code tokens: {input, output, cached, thoughts, tool, total}} (Gemini API counts: {@code input}
 * includes {@code cached}; {@code thoughts} are billed as output; {@code tool} is extra prompt).
 * Billed as: input − cached + tool at input, cached at cache-read, output + thoughts at output.
 * Keyed {@code gemini:<sessionId>:<message id>}. The project directory is read from a
 * {@code .project_root} file next to {@code chats} when Gemini CLI wrote one.
 */
public final class GeminiLogParser implements LogParser {

    public static final String PROVIDER = "google";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Instant since;
    private final Map<String, AgentSession> sessions = new LinkedHashMap<>();
    private final List<UsageEntry> entries = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final ClaudeLogParser.Stats stats = new ClaudeLogParser.Stats();

    public GeminiLogParser(Instant since) {
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
        stats.bytes += Files.size(file);
        stats.lines++;
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            stats.malformed++;
            return;
        }
        if (root == null || !root.isObject() || !root.path("messages").isArray()) {
            stats.malformed++;
            return;
        }
        String name = file.getFileName().toString();
        String id = ClaudeLogParser.text(root, "sessionId");
        if (id == null) {
            id = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        }
        AgentSession s = sessions.computeIfAbsent(id, AgentSession::new);
        s.cwd(projectRoot(file));
        s.seen(ClaudeLogParser.text(root, "startTime"));
        s.seen(ClaudeLogParser.text(root, "lastUpdated"));
        int index = 0;
        for (JsonNode m : root.get("messages")) {
            index++;
            if (!m.isObject()) {
                stats.malformed++;
                continue;
            }
            String timestamp = ClaudeLogParser.text(m, "timestamp");
            s.seen(timestamp);
            JsonNode tokens = m.get("tokens");
            if (!"gemini".equals(ClaudeLogParser.text(m, "type")) || tokens == null || tokens.isNull()) {
                continue;
            }
            long in = ClaudeLogParser.count(tokens.get("input"));
            long out = ClaudeLogParser.count(tokens.get("output"));
            long cached = ClaudeLogParser.count(tokens.get("cached"));
            long thoughts = ClaudeLogParser.count(tokens.get("thoughts"));
            long tool = ClaudeLogParser.count(tokens.get("tool"));
            String model = ClaudeLogParser.text(m, "model");
            if (!tokens.isObject() || in < 0 || out < 0 || cached < 0 || thoughts < 0 || tool < 0 || model == null) {
                stats.malformed++;
                continue;
            }
            if (since != null) {
                Instant t = Timestamps.parse(timestamp);
                if (t != null && t.isBefore(since)) {
                    stats.beforeSince++;
                    continue;
                }
            }
            String mid = ClaudeLogParser.text(m, "id");
            String key = "gemini:" + id + ":" + (mid != null ? mid : "#" + index);
            if (!keys.add(key)) {
                stats.duplicates++;
                continue;
            }
            long c = Math.min(cached, in);
            TokenUsage u = new TokenUsage(in - c + tool, out + thoughts, 0, 0, c);
            if (u.isZero()) {
                continue;
            }
            entries.add(new UsageEntry(PROVIDER, model, u, timestamp, id, key));
        }
    }

    private static String projectRoot(Path file) {
        Path chats = file.getParent();
        Path project = chats == null ? null : chats.getParent();
        if (project == null) {
            return null;
        }
        Path marker = project.resolve(".project_root");
        try {
            if (Files.isRegularFile(marker)) {
                String root = Files.readString(marker).strip();
                if (!root.isEmpty() && Path.of(root).isAbsolute()) {
                    return root;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the log directory
        }
        return project.toString();
    }
}
