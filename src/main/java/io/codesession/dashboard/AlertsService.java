package io.codesession.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.common.DataPaths;
import io.codesession.common.Format;
import io.codesession.common.Json;
import io.codesession.common.Json.Obj;
import io.codesession.session.Session;
import io.codesession.session.SessionJson;
import io.codesession.store.AnalyticsStore;
import io.codesession.usage.BudgetJson;
import io.codesession.usage.BudgetService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spend alerts. 2.6.0 kept the thresholds in one browser's local storage and judged the "daily"
 * rule on the latest day that had data and the session rule on the top 20 sessions only
 * (weakness UI-5). Here the rules live in {@code ~/.codesession/alerts.json} (atomic writes) and
 * are evaluated by the server: daily = today's usage cost (UTC day), total = all usage, session =
 * every session at or above the limit.
 */
@ApplicationScoped
public class AlertsService {

    public static final List<String> RULES = List.of("dailyCost", "totalCost", "sessionCost");
    static final Map<String, String> LABELS = Map.of("dailyCost", "Daily Spend Limit", "totalCost", "Total Spend Limit",
            "sessionCost", "Per-Session Limit");
    static final double MAX_LIMIT = 1_000_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    AnalyticsStore analytics;
    @Inject
    BudgetService budgets;

    public record Rule(double limit, boolean alarm) {
        public boolean enabled() {
            return limit > 0;
        }
    }

    public record Status(String rule, String label, Rule config, double value, boolean triggered, String level,
            String message, int percent) {
    }

    /**
     * The alert rules' state, plus the budgets configured with {@code cs budget} (stored in the
     * database, enforced by the CLI hooks; shown here read-only, with the same spend).
     */
    public record Evaluation(Map<String, Rule> rules, List<Status> statuses, List<Session> overLimit, long overLimitCount,
            List<BudgetService.Overview> budgets) {
        public long active() {
            return rules.values().stream().filter(Rule::enabled).count();
        }

        public long withAlarm() {
            return rules.values().stream().filter(r -> r.enabled() && r.alarm()).count();
        }

        public long triggered() {
            return statuses.stream().filter(Status::triggered).count();
        }

        public long budgetsExceeded() {
            return budgets.stream().filter(BudgetService.Overview::exceeded).count();
        }
    }

    Path file() {
        return DataPaths.dataDir().resolve("alerts.json");
    }

    public synchronized Map<String, Rule> rules() {
        Map<String, Rule> out = new LinkedHashMap<>();
        for (String r : RULES) {
            out.put(r, new Rule(0, false));
        }
        String text;
        try {
            text = Files.readString(file(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new ApiError(500, "Cannot read " + file() + ": " + e.getMessage());
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            for (String r : RULES) {
                JsonNode n = root == null ? null : root.get(r);
                if (n != null && n.isObject() && n.path("limit").isNumber()) {
                    double limit = n.path("limit").doubleValue();
                    if (Double.isFinite(limit) && limit >= 0 && limit <= MAX_LIMIT) {
                        out.put(r, new Rule(limit, n.path("alarm").asBoolean(false)));
                    }
                }
            }
        } catch (IOException e) {
            // A corrupt file means no rules; the next save rewrites it.
        }
        return out;
    }

    /** Updates one rule from {@code {"rule": name, "limit": number, "alarm": boolean}}. */
    public synchronized Evaluation update(String body) {
        JsonNode root = DashboardService.parseObject(body);
        String rule = root.path("rule").asText("");
        if (!RULES.contains(rule)) {
            throw ApiError.badRequest("rule must be one of " + String.join(", ", RULES));
        }
        JsonNode limitNode = root.get("limit");
        if (limitNode == null || !limitNode.isNumber() || !Double.isFinite(limitNode.doubleValue())
                || limitNode.doubleValue() < 0 || limitNode.doubleValue() > MAX_LIMIT) {
            throw ApiError.badRequest("limit must be a number of dollars between 0 (off) and " + (long) MAX_LIMIT);
        }
        JsonNode alarm = root.get("alarm");
        if (alarm != null && !alarm.isBoolean()) {
            throw ApiError.badRequest("alarm must be true or false");
        }
        Map<String, Rule> rules = rules();
        rules.put(rule, new Rule(limitNode.doubleValue(), alarm != null && alarm.booleanValue()));
        write(rules);
        return evaluate();
    }

    private void write(Map<String, Rule> rules) {
        Obj o = Json.obj();
        rules.forEach((k, v) -> o.add(k, Json.obj().add("limit", v.limit()).add("alarm", v.alarm())));
        try {
            Files.createDirectories(file().getParent());
            Path tmp = Files.createTempFile(file().getParent(), "alerts", ".json.tmp");
            try {
                Files.writeString(tmp, Json.pretty(o), StandardCharsets.UTF_8);
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ApiError(500, "Cannot write " + file() + ": " + e.getMessage());
        }
    }

    public Evaluation evaluate() {
        Map<String, Rule> rules = rules();
        List<Status> out = new ArrayList<>();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<Session> over = List.of();
        long overCount = 0;
        for (String name : RULES) {
            Rule r = rules.get(name);
            double value;
            String what;
            switch (name) {
                case "dailyCost" -> {
                    value = analytics.costSince(today);
                    what = "Today's spend (UTC day " + today + ")";
                }
                case "totalCost" -> {
                    value = analytics.costSince("0000-00-00");
                    what = "Total spend";
                }
                default -> {
                    List<Session> top = analytics.topSessions(1);
                    value = top.isEmpty() ? 0 : top.getFirst().aiCost();
                    what = "The most expensive session";
                    if (r.enabled()) {
                        overCount = analytics.sessionsCostingAtLeast(r.limit());
                        over = analytics.topSessions(Math.min(overCount, 50)).stream()
                                .filter(s -> s.aiCost() >= r.limit()).toList();
                    }
                }
            }
            boolean triggered = r.enabled() && value >= r.limit();
            String level = !r.enabled() ? "off" : !triggered ? (value >= 0.8 * r.limit() ? "near" : "ok")
                    : value >= 1.5 * r.limit() ? "danger" : "warning";
            String message;
            if (!r.enabled()) {
                message = "Disabled";
            } else if (triggered) {
                message = what + " " + Format.cost(value) + " is over the " + Format.cost(r.limit()) + " limit by "
                        + Format.cost(value - r.limit())
                        + (name.equals("sessionCost") ? " (" + overCount + " session(s) over the limit)" : "");
            } else {
                message = what + " " + Format.cost(value) + "; " + Format.cost(r.limit() - value) + " left"
                        + (name.equals("sessionCost") ? " (all sessions within the limit)" : "");
            }
            int percent = r.enabled() ? (int) Math.min(100, Math.round(value * 100 / r.limit())) : 0;
            out.add(new Status(name, LABELS.get(name), r, value, triggered, level, message, percent));
        }
        return new Evaluation(rules, out, over, overCount, budgets.overview());
    }

    public static Obj json(Evaluation e) {
        Obj rules = Json.obj();
        e.rules().forEach((k, v) -> rules.add(k, Json.obj().add("limit", v.limit()).add("alarm", v.alarm())));
        List<Obj> statuses = new ArrayList<>();
        for (Status s : e.statuses()) {
            statuses.add(Json.obj().add("rule", s.rule()).add("label", s.label()).add("limit", s.config().limit())
                    .add("alarm", s.config().alarm()).add("enabled", s.config().enabled())
                    .add("value", DashboardService.money(s.value())).add("triggered", s.triggered())
                    .add("level", s.level()).add("message", s.message()));
        }
        return Json.obj().add("rules", rules).add("alerts", statuses)
                .add("sessionsOverLimit", e.overLimit().stream().map(SessionJson::record).toList())
                .add("sessionsOverLimitCount", e.overLimitCount())
                .add("budgets", e.budgets().stream().map(BudgetJson::overview).toList());
    }
}
