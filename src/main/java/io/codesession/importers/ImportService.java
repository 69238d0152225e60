package io.codesession.importers;

import io.codesession.common.CsException;
import io.codesession.common.Timestamps;
import io.codesession.git.GitService;
import io.codesession.session.Session;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code cs import}: reads an agent's historical logs and stores one completed cs session per
 * agent session (its working directory, git root, first and last activity) with every billed
 * request under its idempotency key, so importing again adds only what is new.
 */
@ApplicationScoped
public class ImportService {

    public enum Agent {
        CLAUDE("Claude Code", ".jsonl"), CODEX("Codex", ".jsonl"), GEMINI("Gemini CLI", ".json");

        final String label;
        final String extension;

        Agent(String label, String extension) {
            this.label = label;
            this.extension = extension;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    CaptureService capture;
    @Inject
    GitService git;
    @Inject
    io.codesession.store.UsageStore usage;

    /** Progress of the read: files done, files in all, bytes read so far. */
    public record Progress(int done, int files, long bytes) {
    }

    public record Result(Agent agent, List<Path> roots, int files, ClaudeLogParser.Stats stats, int sessionsFound,
            int sessionsCreated, int sessionsUpdated, CaptureService.Summary summary, long elapsedNanos) {
    }

    /** Where the agent keeps its logs: {@code --path}, else the agent's standard directories that exist. */
    public List<Path> roots(Agent agent, Path explicit, Path home, Map<String, String> env) {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw CsException.invalid("--path " + explicit + " is not a directory");
            }
            return List.of(explicit.toAbsolutePath().normalize());
        }
        List<Path> candidates = new ArrayList<>();
        switch (agent) {
            case CLAUDE -> {
                String dirs = env.get("CLAUDE_CONFIG_DIR");
                if (dirs != null && !dirs.isBlank()) {
                    for (String d : dirs.split(",")) {
                        if (!d.isBlank()) {
                            candidates.add(Path.of(d.strip()).resolve("projects"));
                        }
                    }
                } else {
                    candidates.add(home.resolve(".config").resolve("claude").resolve("projects"));
                    candidates.add(home.resolve(".claude").resolve("projects"));
                }
            }
            case CODEX -> {
                String codexHome = env.get("CODEX_HOME");
                candidates.add((codexHome == null || codexHome.isBlank() ? home.resolve(".codex") : Path.of(codexHome))
                        .resolve("sessions"));
            }
            case GEMINI -> candidates.add(home.resolve(".gemini").resolve("tmp"));
        }
        return candidates.stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** The log files under the roots, in path order (Codex: oldest day first). */
    List<Path> files(Agent agent, List<Path> roots) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith(agent.extension))
                        .filter(p -> agent != Agent.GEMINI || (p.getParent() != null
                                && p.getParent().getFileName().toString().equals("chats")))
                        .sorted()
                        .forEach(out::add);
            } catch (IOException | UncheckedIOException e) {
                throw new CsException(CsException.IO_ERROR, "Cannot list " + root + ": " + e.getMessage());
            }
        }
        return out;
    }

    public Result importLogs(Agent agent, List<Path> roots, Instant since, Consumer<Progress> progress) {
        long started = System.nanoTime();
        List<Path> files = files(agent, roots);
        LogParser parser = switch (agent) {
            case CLAUDE -> new ClaudeLogParser(since, null);
            case CODEX -> new CodexLogParser(since);
            case GEMINI -> new GeminiLogParser(since);
        };
        int done = 0;
        for (Path f : files) {
            try {
                parser.read(f);
            } catch (IOException | UncheckedIOException e) {
                throw new CsException(CsException.IO_ERROR, "Cannot read " + f + ": " + e.getMessage());
            }
            done++;
            progress.accept(new Progress(done, files.size(), parser.stats().bytes));
        }
        List<UsageEntry> entries = parser.entries();
        Map<String, AgentSession> found = parser.sessions();
        ClaudeLogParser.Stats stats = parser.stats();

        Map<String, List<UsageEntry>> bySession = new LinkedHashMap<>();
        for (UsageEntry e : entries) {
            bySession.computeIfAbsent(e.agentSession(), k -> new ArrayList<>()).add(e);
        }
        CaptureService.Summary total = new CaptureService.Summary();
        int created = 0;
        int updated = 0;
        String source = "import:" + agent.id();
        for (Map.Entry<String, List<UsageEntry>> group : bySession.entrySet()) {
            AgentSession info = found.getOrDefault(group.getKey(), new AgentSession(group.getKey()));
            for (UsageEntry e : group.getValue()) {
                info.seen(e.timestamp());
            }
            String start = info.first() != null ? info.first() : Timestamps.now();
            String end = info.last() != null ? info.last() : start;
            String dir = info.cwd() != null ? info.cwd() : "(unknown)";
            String gitRoot = gitRoot(dir);
            String key = agent.id() + ":" + group.getKey();
            List<CaptureService.Priced> rows = capture.price(group.getValue(), source, agent.label);
            String name = agent.label + ": " + lastSegment(dir) + " (" + shortId(group.getKey()) + ")";
            int[] flags = new int[2];
            CaptureService.Summary s = db.write(c -> {
                Optional<Session> existing = sessions.findByImportKey(c, key);
                long id;
                flags[0] = 0;
                flags[1] = 0;
                if (existing.isEmpty()) {
                    // Every request already stored (say by auto-log, in a live session): no empty session.
                    List<String> keys = rows.stream().map(r -> r.row().idempotencyKey()).toList();
                    if (usage.existingKeys(c, keys).size() == keys.size()) {
                        CaptureService.Summary none = new CaptureService.Summary();
                        none.duplicates = keys.size();
                        return none;
                    }
                    id = sessions.insertImported(c, name, start, end, seconds(start, end), dir, gitRoot,
                            "Imported from " + agent.label + " session " + group.getKey(), key);
                    flags[0] = 1;
                } else {
                    Session old = existing.get();
                    id = old.id();
                    String newStart = min(old.startTime(), start);
                    String newEnd = max(old.endTime(), end);
                    if (!newStart.equals(old.startTime()) || !newEnd.equals(old.endTime())) {
                        sessions.setRange(c, id, newStart, newEnd, seconds(newStart, newEnd));
                    }
                }
                CaptureService.Summary stored = capture.store(c, id, rows);
                if (existing.isPresent() && stored.inserted > 0) {
                    flags[1] = 1;
                }
                return stored;
            });
            created += flags[0];
            updated += flags[1];
            total.addAll(s);
        }
        return new Result(agent, roots, files.size(), stats, bySession.size(), created, updated, total,
                System.nanoTime() - started);
    }

    private String gitRoot(String dir) {
        try {
            Path p = Path.of(dir);
            if (!p.isAbsolute() || !Files.isDirectory(p)) {
                return null;
            }
            GitService.RepoState state = git.inspect(p);
            return state.isRepository() ? state.root() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long seconds(String start, String end) {
        Instant a = Timestamps.parse(start);
        Instant b = Timestamps.parse(end);
        return a == null || b == null ? 0 : Math.max(0, Duration.between(a, b).toSeconds());
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : (Timestamps.parse(a) != null && Timestamps.parse(b) != null
                && Timestamps.parse(b).isBefore(Timestamps.parse(a))) ? b : a;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : (Timestamps.parse(a) != null && Timestamps.parse(b) != null
                && Timestamps.parse(b).isAfter(Timestamps.parse(a))) ? b : a;
    }

    private static String lastSegment(String dir) {
        String d = dir.replace('\\', '/');
        while (d.endsWith("/") && d.length() > 1) {
            d = d.substring(0, d.length() - 1);
        }
        int i = d.lastIndexOf('/');
        return i >= 0 && i < d.length() - 1 ? d.substring(i + 1) : d;
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
