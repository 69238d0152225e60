package io.codesession.usage;

import io.codesession.common.CsException;
import io.codesession.common.Format;
import io.codesession.common.Input;
import io.codesession.common.JsNumbers;
import io.codesession.common.Timestamps;
import io.codesession.session.Session;
import io.codesession.session.SessionService;
import io.codesession.store.BudgetStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Spending budgets: configuration ({@code cs budget set/clear}) and evaluation (what
 * {@code cs budget check}, the PreToolUse hook, {@code log-ai}/{@code status}/{@code auto-log},
 * the dashboard and other front ends report).
 *
 * <p>Semantics (docs/budgets.md): a budget belongs to a scope (a git top level or directory, as
 * sessions use it) or is global. Every configured limit that covers a scope applies, the global
 * ones and the scope's own; none loosens another. {@code session} is the cost of the session
 * being checked (the scope's newest active session); {@code daily} and {@code monthly} are the
 * usage costs of the current UTC day and UTC calendar month, of every session for a global
 * limit and of the scope's sessions for a scope limit. A limit is exceeded once the spend
 * reaches it (nothing remains), so a limit of 0 blocks at once.
 */
@ApplicationScoped
public class BudgetService {

    /** Largest limit accepted, in dollars (the dashboard's alert limit bound). */
    public static final double MAX_LIMIT = 1_000_000;
    /** Longest scope directory text accepted. */
    public static final int SCOPE_MAX = 4096;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

    @Inject
    Database db;
    @Inject
    BudgetStore store;
    @Inject
    SessionStore sessions;
    @Inject
    SessionService sessionService;

    /** One limit checked against its spend. {@code scope} null: the global budget's limit. */
    public record Check(BudgetKind kind, String scope, double limit, double spent, String period, Long sessionId) {

        public boolean global() {
            return scope == null;
        }

        /** The spend as reported: rounded to 10 decimals; non-finite (a 2.6.0 overflow) stays infinite. */
        public double spentRounded() {
            return Double.isFinite(spent) ? JsNumbers.round10(spent) : Double.POSITIVE_INFINITY;
        }

        public double remaining() {
            double left = limit - spentRounded();
            return left > 0 ? JsNumbers.round10(left) : 0;
        }

        /** Reached or passed: nothing of the limit remains. */
        public boolean exceeded() {
            return spentRounded() >= limit;
        }

        /** "daily budget of $5.00 (global)", "session budget of $1.00 for /repo". */
        public String label() {
            return kind.id() + " budget of " + Format.cost(limit) + (global() ? " (global)" : " for " + scope);
        }

        /** What the spend is: "$5.20 spent on 2026-03-05 (UTC day)", "session 12 has cost $1.10". */
        public String spentText() {
            String amount = Format.cost(spentRounded());
            return switch (kind) {
                case SESSION -> sessionId == null ? "no active session" : "session " + sessionId + " has cost " + amount;
                case DAILY -> amount + " spent on " + period + " (UTC day)" + (global() ? " across all projects" : "");
                case MONTHLY -> amount + " spent in " + period + " (UTC month)" + (global() ? " across all projects" : "");
            };
        }

        public String describe() {
            return exceeded() ? label() + " reached: " + spentText()
                    : label() + ": " + spentText() + ", " + Format.cost(remaining()) + " left";
        }
    }

    /** The budget state of one scope (and its session): every applicable check. */
    public record State(String scope, Long sessionId, List<Check> checks) {

        public boolean exceeded() {
            return checks.stream().anyMatch(Check::exceeded);
        }

        /** Why the budget is exceeded (each exceeded limit), or null. */
        public String reason() {
            List<String> parts = checks.stream().filter(Check::exceeded).map(Check::describe).toList();
            return parts.isEmpty() ? null : "Budget exceeded: " + String.join("; ", parts);
        }
    }

    /** A configured budget with its current spend (session: the costliest active session it covers). */
    public record Overview(Budget budget, List<Check> checks) {
        public boolean exceeded() {
            return checks.stream().anyMatch(Check::exceeded);
        }
    }

    /** A change to one limit: keep it (null change), clear it, or set a value. */
    public record Change(boolean clear, double value) {
        public static Change of(double v) {
            return new Change(false, v);
        }

        public static final Change CLEAR = new Change(true, 0);
    }

    /** What {@link #clear} did: the budget before and after (null when there was none / is none now). */
    public record Cleared(Budget before, Budget after, boolean changed) {
    }

    // ---- configuration -------------------------------------------------------------------------

    /**
     * A limit argument: a plain non-negative decimal number of dollars up to {@link #MAX_LIMIT},
     * or {@code none} (clear that limit).
     */
    public static Change parseLimit(String text, String option) {
        if (text != null && text.equalsIgnoreCase("none")) {
            return Change.CLEAR;
        }
        return Change.of(Input.nonNegativeDecimal(text, MAX_LIMIT,
                option + " must be a non-negative number of dollars, or none to clear it, got \"" + printable(text) + "\""));
    }

    public List<Budget> all() {
        return db.read(store::all);
    }

    public Optional<Budget> find(String scope) {
        return db.read(c -> store.find(c, scope));
    }

    /**
     * Applies the changes to {@code scope}'s budget (null = global), keeping the limits not
     * named. Returns the budget as stored; when no limit is left the row is removed and the
     * returned budget is empty.
     */
    public Budget set(String scope, Map<BudgetKind, Change> changes) {
        if (changes.isEmpty()) {
            throw CsException.invalid("Nothing to set: give --session, --daily and/or --monthly (dollars, or none)");
        }
        return db.write(c -> {
            Budget old = store.find(c, scope).orElse(new Budget(scope, null, null, null, null));
            Budget b = new Budget(scope, apply(old.session(), changes.get(BudgetKind.SESSION)),
                    apply(old.daily(), changes.get(BudgetKind.DAILY)), apply(old.monthly(), changes.get(BudgetKind.MONTHLY)),
                    Timestamps.now());
            if (b.isEmpty()) {
                store.delete(c, scope);
            } else {
                store.put(c, b);
            }
            return b;
        });
    }

    private static Double apply(Double current, Change change) {
        if (change == null) {
            return current;
        }
        return change.clear() ? null : change.value();
    }

    /** Clears the given limits of {@code scope}'s budget (all of them when {@code kinds} is empty). */
    public Cleared clear(String scope, Set<BudgetKind> kinds) {
        return db.write(c -> {
            Budget before = store.find(c, scope).orElse(null);
            if (before == null) {
                return new Cleared(null, null, false);
            }
            Set<BudgetKind> which = kinds.isEmpty() ? EnumSet.allOf(BudgetKind.class) : kinds;
            Budget after = new Budget(scope, which.contains(BudgetKind.SESSION) ? null : before.session(),
                    which.contains(BudgetKind.DAILY) ? null : before.daily(),
                    which.contains(BudgetKind.MONTHLY) ? null : before.monthly(), Timestamps.now());
            if (Objects.equals(before.session(), after.session()) && Objects.equals(before.daily(), after.daily())
                    && Objects.equals(before.monthly(), after.monthly())) {
                return new Cleared(before, before, false); // the named limits were not set
            }
            if (after.isEmpty()) {
                store.delete(c, scope);
                return new Cleared(before, null, true);
            }
            store.put(c, after);
            return new Cleared(before, after, true);
        });
    }

    /** Removes every budget; returns the removed ones. */
    public List<Budget> clearAll() {
        return db.write(c -> {
            List<Budget> before = store.all(c);
            store.deleteAll(c);
            return before;
        });
    }

    // ---- scopes --------------------------------------------------------------------------------

    /** The scope of the current directory: its git top level, or the directory. */
    public String currentScope() {
        return sessionService.scope(sessionService.cwd()).directory();
    }

    /**
     * The scope of a directory the user named. An existing directory resolves like a session's
     * (real path, then git top level); a missing one (only when {@code mustExist} is false, to
     * clear the budget of a directory that is gone) is taken as its absolute normalised path.
     */
    public String scopeOf(String dir, boolean mustExist) {
        Input.line(dir, SCOPE_MAX, "Scope directory", false);
        Path p;
        try {
            p = Path.of(dir).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw CsException.invalid("Scope directory is not a valid path: " + printable(dir));
        }
        if (!Files.isDirectory(p)) {
            if (mustExist) {
                throw CsException.invalid((Files.exists(p) ? "Not a directory: " : "Scope directory not found: ") + p);
            }
            return p.toString();
        }
        try {
            p = p.toRealPath();
        } catch (IOException e) {
            throw new CsException(CsException.IO_ERROR, "Cannot resolve the scope directory " + p + ": " + e.getMessage());
        }
        return sessionService.scope(p).directory();
    }

    /** The scope a session belongs to: its git root, else its working directory. */
    public static String scopeOf(Session s) {
        return s.gitRoot() != null && !s.gitRoot().isEmpty() ? s.gitRoot() : s.workingDirectory();
    }

    // ---- evaluation ----------------------------------------------------------------------------

    /**
     * The state of {@code scope} for the session {@code sessionId} (null: the scope's newest
     * active session, if any). Always returns a state; its checks are empty when no budget
     * covers the scope.
     */
    public State check(String scope, Long sessionId) {
        return db.read(c -> evaluate(c, store.all(c), scope, sessionId));
    }

    /** The state of the current directory's scope, or of the session {@code sessionId} (and its scope). */
    public State check(Long sessionId) {
        if (sessionId != null) {
            Session s = sessions.find(sessionId).orElseThrow(() -> new CsException(CsException.SESSION_NOT_FOUND,
                    "Session " + sessionId + " not found").with("id", sessionId));
            return check(scopeOf(s), s.id());
        }
        return check(currentScope(), null);
    }

    /** The state of a session and its scope; empty when no budget covers it. */
    public Optional<State> stateOf(Session s) {
        return db.read(c -> {
            List<Budget> budgets = store.all(c);
            if (budgets.isEmpty()) {
                return Optional.<State>empty();
            }
            State st = evaluate(c, budgets, scopeOf(s), s.id());
            return st.checks().isEmpty() ? Optional.<State>empty() : Optional.of(st);
        });
    }

    /** {@link #stateOf(Session)} by id; empty also when the session does not exist. */
    public Optional<State> stateOfSession(long sessionId) {
        return db.read(c -> {
            List<Budget> budgets = store.all(c);
            if (budgets.isEmpty()) {
                return Optional.<State>empty();
            }
            Optional<Session> s = sessions.find(c, sessionId);
            if (s.isEmpty()) {
                return Optional.<State>empty();
            }
            State st = evaluate(c, budgets, scopeOf(s.get()), sessionId);
            return st.checks().isEmpty() ? Optional.<State>empty() : Optional.of(st);
        });
    }

    /** {@link #check(String, Long)}, but empty when no budget covers the scope (for front ends that add it to their JSON). */
    public Optional<State> state(String scope, Long sessionId) {
        State st = check(scope, sessionId);
        return st.checks().isEmpty() ? Optional.empty() : Optional.of(st);
    }

    /** Every configured budget with its current spend. */
    public List<Overview> overview() {
        return db.read(c -> {
            Periods p = Periods.now();
            List<Overview> out = new ArrayList<>();
            for (Budget b : store.all(c)) {
                List<Check> checks = new ArrayList<>();
                for (BudgetKind k : BudgetKind.values()) {
                    Double limit = b.limit(k);
                    if (limit == null) {
                        continue;
                    }
                    if (k == BudgetKind.SESSION) {
                        Optional<Session> top = store.costliestActive(c, b.scope());
                        checks.add(new Check(k, b.scope(), limit, top.map(Session::aiCost).orElse(0.0), null,
                                top.map(Session::id).orElse(null)));
                    } else {
                        checks.add(new Check(k, b.scope(), limit, periodCost(c, b.scope(), k, p), p.label(k), null));
                    }
                }
                out.add(new Overview(b, checks));
            }
            return out;
        });
    }

    private State evaluate(Connection c, List<Budget> budgets, String scope, Long sessionId) throws SQLException {
        List<Budget> applicable = budgets.stream().filter(b -> b.global() || b.scope().equals(scope)).toList();
        if (applicable.isEmpty()) {
            return new State(scope, sessionId, List.of());
        }
        Optional<Session> session = sessionId != null ? sessions.find(c, sessionId)
                : sessions.activeForScope(c, scope).stream().findFirst();
        Long sid = session.map(Session::id).orElse(null);
        Periods p = Periods.now();
        Map<String, Double> spent = new HashMap<>();
        List<Check> checks = new ArrayList<>();
        for (BudgetKind k : BudgetKind.values()) {
            for (Budget b : applicable) {
                Double limit = b.limit(k);
                if (limit == null) {
                    continue;
                }
                if (k == BudgetKind.SESSION) {
                    checks.add(new Check(k, b.scope(), limit, session.map(Session::aiCost).orElse(0.0), null, sid));
                } else {
                    String key = k + "|" + (b.global() ? "" : b.scope());
                    Double cost = spent.get(key);
                    if (cost == null) {
                        cost = periodCost(c, b.scope(), k, p);
                        spent.put(key, cost);
                    }
                    checks.add(new Check(k, b.scope(), limit, cost, p.label(k), null));
                }
            }
        }
        return new State(scope, sid, checks);
    }

    private double periodCost(Connection c, String scope, BudgetKind k, Periods p) throws SQLException {
        return k == BudgetKind.DAILY ? store.costBetween(c, scope, p.today.toString(), p.today.plusDays(1).toString())
                : store.costBetween(c, scope, p.month.toString(), p.month.plusMonths(1).toString());
    }

    /** The current UTC day and month. */
    private record Periods(LocalDate today, LocalDate month) {
        static Periods now() {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return new Periods(today, today.withDayOfMonth(1));
        }

        String label(BudgetKind k) {
            return k == BudgetKind.DAILY ? today.toString() : MONTH.format(month);
        }
    }

    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char ch : text.toCharArray()) {
            sb.append(ch < 0x20 ? '?' : ch);
            if (sb.length() > 40) {
                sb.append('…');
                break;
            }
        }
        return sb.toString();
    }
}
