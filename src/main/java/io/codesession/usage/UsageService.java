package io.codesession.usage;

import io.codesession.common.CsException;
import io.codesession.common.Input;
import io.codesession.common.Timestamps;
import io.codesession.session.Session;
import io.codesession.session.SessionService;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Logs AI usage: validation, token arithmetic, pricing, and the insert with its aggregates. */
@ApplicationScoped
public class UsageService {

    @Inject
    SessionService sessions;
    @Inject
    SessionStore sessionStore;
    @Inject
    UsageStore store;
    @Inject
    PricingService pricing;
    @Inject
    Database db;

    /** What the caller gave; null means "not given". */
    public record Request(Long sessionId, String provider, String model, Long tokens, Long promptTokens,
            Long completionTokens, Double cost, String agentName, Long cacheWrite5m, Long cacheWrite1h,
            Long cacheRead) {

        /** A 2.6.0-shaped request (no cache tokens). */
        public Request(Long sessionId, String provider, String model, Long tokens, Long promptTokens,
                Long completionTokens, Double cost, String agentName) {
            this(sessionId, provider, model, tokens, promptTokens, completionTokens, cost, agentName, null, null, null);
        }

        long cacheTokens() {
            return n(cacheWrite5m) + n(cacheWrite1h) + n(cacheRead);
        }
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    /**
     * How the cost was priced ({@code manual} when given): the matched entry's base rates, and
     * whether the request was billed at its long-context tier.
     */
    public record PricingInfo(String source, boolean modelKnown, double inputPer1M, double outputPer1M,
            double cacheWrite5mPer1M, double cacheWrite1hPer1M, double cacheReadPer1M, boolean longContext,
            String key) {

        static PricingInfo of(String source, PriceMatch m, boolean longContext) {
            Price p = m.price();
            return new PricingInfo(source, true, p.input(), p.output(), p.cacheWrite5m(), p.cacheWrite1h(),
                    p.cacheRead(), longContext, m.key());
        }
    }

    public record Result(AiUsage logged, PricingInfo pricing, long sessionId, double sessionCost, long sessionTokens) {
    }

    public Result log(Request r) {
        return log(r, "log-ai");
    }

    /** Logs a request; {@code source} names the way it arrived ({@code log-ai}, {@code mcp}). */
    public Result log(Request r, String source) {
        Session session = sessions.resolve(r.sessionId(), true, "No active session. Start one with: cs start <name>");
        Input.line(r.provider(), Input.PROVIDER_MAX, "Provider name", false);
        Input.line(r.model(), Input.MODEL_MAX, "Model name", false);
        if (r.agentName() != null) {
            Input.line(r.agentName(), Input.AGENT_MAX, "Agent name", true);
        }
        long p = n(r.promptTokens());
        long c = n(r.completionTokens());
        long cache = r.cacheTokens();
        long total = r.tokens() != null && r.tokens() != 0 ? r.tokens() : p + c + cache;
        if (total == 0) {
            throw new CsException(CsException.MISSING_TOKENS,
                    "Must provide --tokens or --prompt-tokens/--completion-tokens");
        }
        if (p + c + cache > total) {
            throw CsException.invalid("Tokens (" + total + ") is less than prompt + completion + cache tokens ("
                    + (p + c + cache) + ")");
        }
        if (total > Input.TOKENS_MAX) {
            throw CsException.invalid("Tokens must be at most " + Input.TOKENS_MAX);
        }

        double cost;
        PricingInfo info;
        Optional<PriceMatch> match = pricing.lookup(r.model(), r.provider());
        if (r.cost() != null) {
            cost = r.cost();
            info = match.map(m -> PricingInfo.of("manual", m, false))
                    .orElseGet(() -> new PricingInfo("manual", false, 0, 0, 0, 0, 0, false, null));
        } else {
            if (match.isEmpty()) {
                throw new CsException(CsException.UNKNOWN_MODEL, "Unknown model \"" + r.model()
                        + "\" — provide -c <cost>, add it with `cs pricing set`, or use a known model")
                        .with("model", r.model()).with("provider", r.provider());
            }
            double[] split = split(r, total - cache);
            PriceMatch m = match.get();
            long w5 = n(r.cacheWrite5m());
            long w1 = n(r.cacheWrite1h());
            long rd = n(r.cacheRead());
            cost = PricingService.cost(m.price(), split[0], split[1], w5, w1, rd);
            boolean tier = m.price().ratesFor(split[0] + w5 + w1 + rd) != m.price();
            info = PricingInfo.of(m.source(), m, tier);
        }

        String agent = r.agentName() == null || r.agentName().isEmpty() ? null : r.agentName();
        AiUsage row = new AiUsage(0, session.id(), r.provider(), r.model(), total, p == 0 ? null : p,
                c == 0 ? null : c, cost, agent, Timestamps.now(), positive(r.cacheWrite5m()),
                positive(r.cacheWrite1h()), positive(r.cacheRead()), source, null);
        return db.write(conn -> {
            Session current = sessionStore.find(conn, session.id()).orElseThrow();
            if (!current.isActive()) {
                throw new CsException(CsException.SESSION_NOT_FOUND, "No active session with id " + session.id())
                        .with("id", session.id());
            }
            double before = current.aiCost();
            if (Double.isFinite(before) && !Double.isFinite(before + cost)) {
                throw CsException.invalid("Cost would make the session total overflow");
            }
            long id = store.insert(conn, row);
            UsageStore.Totals totals = store.totals(conn, session.id());
            AiUsage stored = row.withId(id);
            return new Result(stored, info, session.id(), totals.aiCost(), totals.aiTokens());
        });
    }

    private static Long positive(Long v) {
        return v == null || v == 0 ? null : v;
    }

    /**
     * Effective prompt/completion tokens for pricing (of the tokens that are not cache tokens). Both sides given: as given. One side given:
     * the other is what remains of {@code --tokens} (0 without it) — nothing invented. Only a bare
     * {@code --tokens} uses the 70/30 estimate.
     */
    static double[] split(Request r, long total) {
        boolean hasP = r.promptTokens() != null;
        boolean hasC = r.completionTokens() != null;
        if (!hasP && !hasC) {
            return new double[] {total * 0.7, total * 0.3};
        }
        long p = hasP ? r.promptTokens() : total - r.completionTokens();
        long c = hasC ? r.completionTokens() : total - r.promptTokens();
        return new double[] {p, c};
    }
}
