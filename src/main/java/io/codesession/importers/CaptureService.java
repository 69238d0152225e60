package io.codesession.importers;

import io.codesession.common.CsException;
import io.codesession.common.JsNumbers;
import io.codesession.common.Timestamps;
import io.codesession.session.Session;
import io.codesession.session.SessionService;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import io.codesession.usage.AiUsage;
import io.codesession.usage.PriceMatch;
import io.codesession.usage.PricingService;
import io.codesession.usage.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores usage read from agents' own logs: prices every request at its own model (cache classes
 * and long-context tier included; an unknown model is stored at cost 0 and reported), inserts it
 * under its idempotency key (a key already stored is a duplicate, never a second count), and
 * recomputes the session totals once.
 */
@ApplicationScoped
public class CaptureService {

    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    UsageStore usage;
    @Inject
    PricingService pricing;
    @Inject
    SessionService sessionService;

    /** Per-model totals of what was newly stored. */
    public static final class ModelTotals {
        public long requests;
        public TokenUsage tokens = TokenUsage.ZERO;
        public double cost;
        public boolean priced;
        public String matchedKey;
    }

    /** What one store call did: new rows, duplicates, their tokens and cost, by model. */
    public static final class Summary {
        public long inserted;
        public long duplicates;
        public TokenUsage tokens = TokenUsage.ZERO;
        public double cost;
        public final LinkedHashMap<String, ModelTotals> models = new LinkedHashMap<>();

        void add(AiUsage row, TokenUsage u, PriceMatch match) {
            inserted++;
            tokens = tokens.plus(u);
            cost = JsNumbers.round10(cost + row.cost());
            ModelTotals m = models.computeIfAbsent(row.model(), k -> new ModelTotals());
            m.requests++;
            m.tokens = m.tokens.plus(u);
            m.cost = JsNumbers.round10(m.cost + row.cost());
            m.priced = match != null;
            m.matchedKey = match == null ? null : match.key();
        }

        public void addAll(Summary o) {
            inserted += o.inserted;
            duplicates += o.duplicates;
            tokens = tokens.plus(o.tokens);
            cost = JsNumbers.round10(cost + o.cost);
            o.models.forEach((k, v) -> {
                ModelTotals m = models.computeIfAbsent(k, x -> new ModelTotals());
                m.requests += v.requests;
                m.tokens = m.tokens.plus(v.tokens);
                m.cost = JsNumbers.round10(m.cost + v.cost);
                m.priced = v.priced;
                m.matchedKey = v.matchedKey;
            });
        }
    }

    /** A priced row ready to insert (session id filled in at insert time). */
    record Priced(AiUsage row, TokenUsage usage, PriceMatch match) {
    }

    /** Prices entries, each at its own model; look-ups are cached per (provider, model) for this call. */
    List<Priced> price(List<UsageEntry> entries, String source, String agent) {
        Map<String, Optional<PriceMatch>> cache = new HashMap<>();
        List<Priced> out = new ArrayList<>(entries.size());
        String now = Timestamps.now();
        for (UsageEntry e : entries) {
            Optional<PriceMatch> m = cache.computeIfAbsent(e.provider() + "\u0000" + e.model(),
                    k -> pricing.lookup(e.model(), e.provider()));
            double cost = m.map(x -> PricingService.cost(x.price(), e.usage())).orElse(0d);
            Instant t = Timestamps.parse(e.timestamp());
            String ts = t == null ? now : Timestamps.format(t);
            out.add(new Priced(AiUsage.of(0, e.provider(), e.model(), e.usage(), cost, agent, ts, source, e.key()),
                    e.usage(), m.orElse(null)));
        }
        return out;
    }

    /** Inserts the priced rows into a session (one transaction is the caller's), then recomputes its totals. */
    Summary store(Connection c, long sessionId, List<Priced> rows) throws SQLException {
        Summary s = new Summary();
        for (Priced p : rows) {
            AiUsage row = p.row();
            AiUsage forSession = new AiUsage(0, sessionId, row.provider(), row.model(), row.tokens(),
                    row.promptTokens(), row.completionTokens(), row.cost(), row.agentName(), row.timestamp(),
                    row.cacheCreationTokens(), row.cacheCreation1hTokens(), row.cacheReadTokens(), row.source(),
                    row.idempotencyKey());
            if (usage.insertRow(c, forSession) < 0) {
                s.duplicates++;
            } else {
                s.add(forSession, p.usage(), p.match());
            }
        }
        if (s.inserted > 0) {
            usage.recompute(c, sessionId);
        }
        return s;
    }

    // ---- auto-log ----------------------------------------------------------------------------

    /** The Stop hook's payload, as far as auto-log uses it. */
    public record HookPayload(String sessionId, Path transcript, Path cwd) {
    }

    public record AutoLogResult(Summary summary, ClaudeLogParser.Stats stats, long sessionId, double sessionCost,
            long sessionTokens) {
    }

    /**
     * Records the transcript's usage in the active session of the hook's working directory.
     * Empty when no session is active there (nothing is read or stored).
     */
    public Optional<AutoLogResult> autoLog(HookPayload p, String agent, String fallbackModel) {
        return autoLog(p, agent, fallbackModel, false);
    }

    /**
     * {@link #autoLog(HookPayload, String, String)}; with {@code settledOnly} the newest request
     * of the transcript is left out. Mid-turn (the PreToolUse hook) that request may still be
     * streaming, its usage not final; stored now, its key would keep the final numbers out. It is
     * recorded by a later call, at the latest by the Stop hook.
     */
    public Optional<AutoLogResult> autoLog(HookPayload p, String agent, String fallbackModel, boolean settledOnly) {
        Path dir = p.cwd() != null ? p.cwd() : sessionService.cwd();
        String scope = sessionService.scope(dir).directory();
        Optional<Session> active = db.read(c -> sessions.activeForScope(c, scope)).stream().findFirst();
        if (active.isEmpty()) {
            return Optional.empty();
        }
        ClaudeLogParser parser = new ClaudeLogParser(null, fallbackModel);
        try {
            parser.read(p.transcript());
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot read the transcript " + p.transcript() + ": "
                    + e.getMessage());
        }
        List<UsageEntry> entries = parser.entries();
        if (settledOnly && !entries.isEmpty()) {
            entries = entries.subList(0, entries.size() - 1);
        }
        List<Priced> rows = price(entries, "auto-log", agent);
        long id = active.get().id();
        return Optional.of(db.write(c -> {
            Session s = sessions.find(c, id).orElseThrow();
            if (!s.isActive()) {
                throw new CsException(CsException.SESSION_NOT_FOUND, "Session " + id + " was ended meanwhile")
                        .with("id", id);
            }
            Summary summary = store(c, id, rows);
            UsageStore.Totals totals = usage.totals(c, id);
            return new AutoLogResult(summary, parser.stats(), id, totals.aiCost(), totals.aiTokens());
        }));
    }

    /** A transcript path auto-log may read: an existing regular {@code .jsonl} file (SEC-7). */
    public static Path checkTranscript(String path) {
        if (path == null || path.isEmpty()) {
            throw CsException.invalid("The hook payload has no \"transcript_path\"");
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (RuntimeException e) {
            throw CsException.invalid("\"transcript_path\" is not a valid path");
        }
        if (!p.isAbsolute() || !p.getFileName().toString().endsWith(".jsonl")) {
            throw CsException.invalid("\"transcript_path\" must be an absolute path to a .jsonl transcript: " + path);
        }
        if (!Files.isRegularFile(p)) {
            throw new CsException(CsException.IO_ERROR, "Transcript not found: " + path);
        }
        return p;
    }
}
