package io.codesession.proxy;

import io.codesession.common.Input;
import io.codesession.common.Timestamps;
import io.codesession.session.Session;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import io.codesession.usage.AiUsage;
import io.codesession.usage.PriceMatch;
import io.codesession.usage.PricingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Stores what the proxy read: one {@code ai_usage} row per response ({@code source = 'proxy'},
 * agent {@code proxy}), priced at the response's model with its cache classes (a model without a
 * price is stored at cost 0 and reported), under the provider's id as idempotency key so the
 * same response is never counted twice. Only counts, model and provider names are stored.
 */
@ApplicationScoped
public class ProxyRecorder {

    public static final String SOURCE = "proxy";
    public static final String AGENT = "proxy";

    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    UsageStore usage;
    @Inject
    PricingService pricing;
    @Inject
    io.codesession.usage.BudgetService budgets;

    /** The budget state of a session (empty when no budget covers it). */
    public java.util.Optional<io.codesession.usage.BudgetService.State> budget(long sessionId) {
        return budgets.stateOfSession(sessionId);
    }

    /**
     * Which session usage goes to: a pinned session ({@code cs run}, {@code cs proxy --session}),
     * or the one resolved per request for a scope like other commands do: the newest active session
     * of that directory, else the only active session anywhere.
     */
    public record Target(Long sessionId, String scope) {

        public static Target pinned(long id) {
            return new Target(id, null);
        }

        public static Target scope(String directory) {
            return new Target(null, directory);
        }
    }

    public sealed interface Outcome permits Recorded, Duplicate, NoSession {
    }

    /** A new row; {@code priced} false when the model has no price (stored at cost 0). */
    public record Recorded(AiUsage row, Session session, boolean priced, String matchedKey) implements Outcome {
    }

    /** The response's id was already stored: nothing inserted. */
    public record Duplicate(String key) implements Outcome {
    }

    /** No session to record to: why. */
    public record NoSession(String reason) implements Outcome {
    }

    /** The session usage goes to now, or why there is none. */
    public record Resolved(Session session, String reason) {

        public boolean found() {
            return session != null;
        }
    }

    public Resolved resolve(Target t) {
        return db.read(c -> resolve(c, t));
    }

    private Resolved resolve(Connection c, Target t) throws SQLException {
        if (t.sessionId() != null) {
            Optional<Session> s = sessions.find(c, t.sessionId());
            if (s.isPresent() && s.get().isActive()) {
                return new Resolved(s.get(), null);
            }
            return new Resolved(null, "session " + t.sessionId() + " is no longer active");
        }
        List<Session> here = sessions.activeForScope(c, t.scope());
        if (!here.isEmpty()) {
            return new Resolved(here.getFirst(), null);
        }
        List<Session> all = sessions.active(c);
        if (all.size() == 1) {
            return new Resolved(all.getFirst(), null);
        }
        return new Resolved(null, all.isEmpty() ? "no active session (start one with: cs start <name>)"
                : "no active session for " + t.scope() + " and " + all.size()
                        + " active elsewhere (start one here, or use cs proxy --session <name>)");
    }

    public Outcome record(Target t, Observed o, String key) {
        String model = clean(o.model(), Input.MODEL_MAX);
        Optional<PriceMatch> match = pricing.lookup(model, o.provider().label());
        double cost = match.map(m -> PricingService.cost(m.price(), o.usage())).orElse(0d);
        AiUsage row = AiUsage.of(0, o.provider().label(), model, o.usage(), cost, AGENT, Timestamps.now(), SOURCE,
                key);
        return db.write(c -> {
            Resolved r = resolve(c, t);
            if (!r.found()) {
                return new NoSession(r.reason());
            }
            Session s = r.session();
            AiUsage forSession = new AiUsage(0, s.id(), row.provider(), row.model(), row.tokens(), row.promptTokens(),
                    row.completionTokens(), row.cost(), row.agentName(), row.timestamp(), row.cacheCreationTokens(),
                    row.cacheCreation1hTokens(), row.cacheReadTokens(), row.source(), row.idempotencyKey());
            long id = usage.insert(c, forSession);
            if (id < 0) {
                return new Duplicate(key);
            }
            return new Recorded(forSession.withId(id), s, match.isPresent(), match.map(PriceMatch::key).orElse(null));
        });
    }

    /** Text from a response, safe to store: control characters dropped, at most {@code max} characters. */
    static String clean(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? "unknown" : sb.toString();
    }
}
