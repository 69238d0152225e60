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
            Long completionTokens, Double cost, String agentName) {
    }

    /** How the cost was priced ({@code manual} when given). */
    public record PricingInfo(String source, boolean modelKnown, double inputPer1M, double outputPer1M, String key) {
    }

    public record Result(AiUsage logged, PricingInfo pricing, long sessionId, double sessionCost, long sessionTokens) {
    }

    public Result log(Request r) {
        Session session = sessions.resolve(r.sessionId(), true, "No active session. Start one with: cs start <name>");
        Input.line(r.provider(), Input.PROVIDER_MAX, "Provider name", false);
        Input.line(r.model(), Input.MODEL_MAX, "Model name", false);
        if (r.agentName() != null) {
            Input.line(r.agentName(), Input.AGENT_MAX, "Agent name", true);
        }
        long p = r.promptTokens() == null ? 0 : r.promptTokens();
        long c = r.completionTokens() == null ? 0 : r.completionTokens();
        long total = r.tokens() != null && r.tokens() != 0 ? r.tokens() : p + c;
        if (total == 0) {
            throw new CsException(CsException.MISSING_TOKENS,
                    "Must provide --tokens or --prompt-tokens/--completion-tokens");
        }
        if (p + c > total) {
            throw CsException.invalid("Tokens (" + total + ") is less than prompt + completion tokens (" + (p + c) + ")");
        }
        if (total > Input.TOKENS_MAX) {
            throw CsException.invalid("Tokens must be at most " + Input.TOKENS_MAX);
        }

        double cost;
        PricingInfo info;
        Optional<PriceMatch> match = pricing.lookup(r.model(), r.provider());
        if (r.cost() != null) {
            cost = r.cost();
            info = match.map(m -> new PricingInfo("manual", true, m.price().input(), m.price().output(), m.key()))
                    .orElseGet(() -> new PricingInfo("manual", false, 0, 0, null));
        } else {
            if (match.isEmpty()) {
                throw new CsException(CsException.UNKNOWN_MODEL, "Unknown model \"" + r.model()
                        + "\" — provide -c <cost>, add it with `cs pricing set`, or use a known model")
                        .with("model", r.model()).with("provider", r.provider());
            }
            double[] split = split(r, total);
            PriceMatch m = match.get();
            cost = PricingService.cost(m.price(), split[0], split[1]);
            info = new PricingInfo(m.source(), true, m.price().input(), m.price().output(), m.key());
        }

        String agent = r.agentName() == null || r.agentName().isEmpty() ? null : r.agentName();
        AiUsage row = new AiUsage(0, session.id(), r.provider(), r.model(), total, p == 0 ? null : p,
                c == 0 ? null : c, cost, agent, Timestamps.now());
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
            AiUsage stored = new AiUsage(id, row.sessionId(), row.provider(), row.model(), row.tokens(),
                    row.promptTokens(), row.completionTokens(), row.cost(), row.agentName(), row.timestamp());
            return new Result(stored, info, session.id(), totals.aiCost(), totals.aiTokens());
        });
    }

    /**
     * Effective prompt/completion tokens for pricing. Both sides given: as given. One side given:
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
