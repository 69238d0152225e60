package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cs budget set/show/clear/check}: scopes, strict limits, what each limit measures, exit
 * codes, the {@code budget} object of {@code log-ai}/{@code status}/{@code auto-log}, and the
 * PreToolUse hook mode. Costs are given with {@code -c} so the sums are exact.
 */
class BudgetIT {

    @TempDir
    Path tmp;

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    static JsonNode check(JsonNode state, String kind, boolean global) {
        for (JsonNode c : state.path("checks")) {
            if (c.path("kind").asText().equals(kind) && c.path("global").asBoolean() == global) {
                return c;
            }
        }
        throw new AssertionError("no " + kind + (global ? " global" : " scope") + " check in " + state);
    }

    @Test
    void setShowClearInTheScopeOfTheGitTopLevel() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("a.txt", "a\n");
            repo.commitAll("init");
            Path sub = Files.createDirectories(repo.dir().resolve("src/deep"));
            cs.in(sub);
            String root = repo.dir().toRealPath().toString();

            JsonNode set = cs.json("budget", "set", "--session", "5", "--monthly", "100.5", "--json");
            assertThat(keys(set)).containsExactly("schemaVersion", "codesessionVersion", "configured", "budget");
            JsonNode conf = set.path("configured");
            assertThat(keys(conf)).containsExactly("scope", "global", "session", "daily", "monthly", "updatedAt");
            assertThat(conf.path("scope").asText()).as("scope = git top level, not the cwd").isEqualTo(root);
            assertThat(conf.path("global").asBoolean()).isFalse();
            assertThat(conf.path("session").asDouble()).isEqualTo(5);
            assertThat(conf.path("daily").isNull()).isTrue();
            assertThat(conf.path("monthly").asDouble()).isEqualTo(100.5);
            assertThat(set.path("budget").path("scope").asText()).isEqualTo(root);
            assertThat(set.path("budget").path("checks")).hasSize(2);

            // Named limits change, the others stay; "none" removes one.
            JsonNode again = cs.json("budget", "set", "--daily", "2", "--session", "none", "--json").path("configured");
            assertThat(again.path("session").isNull()).isTrue();
            assertThat(again.path("daily").asDouble()).isEqualTo(2);
            assertThat(again.path("monthly").asDouble()).isEqualTo(100.5);

            cs.json("budget", "set", "--global", "--daily", "20", "--json");
            Path other = Files.createDirectories(tmp.resolve("other"));
            cs.json("budget", "set", "--scope", other.toString(), "--session", "0", "--json");

            JsonNode show = cs.json("budget", "show", "--json");
            assertThat(keys(show)).containsExactly("schemaVersion", "codesessionVersion", "budgets", "budget");
            List<JsonNode> budgets = List.copyOf(show.path("budgets").valueStream().toList());
            assertThat(budgets).hasSize(3);
            assertThat(budgets.get(0).path("global").asBoolean()).as("global first").isTrue();
            assertThat(budgets.get(0).path("scope").isNull()).isTrue();
            assertThat(keys(budgets.get(0))).containsExactly("scope", "global", "session", "daily", "monthly", "updatedAt",
                    "exceeded", "checks");
            assertThat(budgets).extracting(b -> b.path("scope").asText(null))
                    .containsExactly(null, other.toRealPath().toString(), root);
            // A limit of 0 is exceeded at once (nothing may be spent).
            assertThat(budgets.get(1).path("exceeded").asBoolean()).isTrue();
            // The state here: the global and this scope's limits, both apply.
            JsonNode here = show.path("budget");
            assertThat(here.path("scope").asText()).isEqualTo(root);
            assertThat(here.path("checks")).hasSize(3);
            assertThat(check(here, "daily", true).path("limit").asDouble()).isEqualTo(20);
            assertThat(check(here, "daily", false).path("limit").asDouble()).isEqualTo(2);
            assertThat(check(here, "monthly", false).path("period").asText()).isEqualTo(today().substring(0, 7));

            Result human = cs.run("budget", "show").assertOk();
            assertThat(human.stdout()).contains("global", root, "EXCEEDED", "Here (" + root + ")");

            // Clear one limit, then the rest of the budget, then all.
            JsonNode cleared = cs.json("budget", "clear", "--daily", "--json");
            assertThat(cleared.path("cleared").asBoolean()).isTrue();
            assertThat(cleared.path("configured").path("daily").isNull()).isTrue();
            assertThat(cleared.path("configured").path("monthly").asDouble()).isEqualTo(100.5);
            assertThat(cs.json("budget", "clear", "--daily", "--json").path("cleared").asBoolean())
                    .as("not set: nothing to clear").isFalse();
            JsonNode gone = cs.json("budget", "clear", "--json");
            assertThat(gone.path("cleared").asBoolean()).isTrue();
            assertThat(gone.path("configured").isNull()).isTrue();
            assertThat(cs.sql("SELECT scope FROM budgets ORDER BY scope")).extracting(r -> r.get("scope"))
                    .containsExactly("", other.toRealPath().toString());

            // The budget of a directory that no longer exists can still be cleared.
            Files.delete(other);
            assertThat(cs.json("budget", "clear", "--scope", other.toString(), "--json").path("cleared").asBoolean()).isTrue();
            JsonNode all = cs.json("budget", "clear", "--all", "--json");
            assertThat(all.path("removed").asInt()).isEqualTo(1);
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM budgets").getFirst().get("n")).isEqualTo(0);
            assertThat(cs.run("budget", "show").assertOk().stdout()).contains("No budgets configured");
        }
    }

    @Test
    void badInputIsRefusedAndStoresNothing() {
        CsDriver cs = new CsDriver(tmp);
        for (String bad : List.of("-1", "1e3", "NaN", "Infinity", "$5", "12abc", "0x10", "1000000.5", "")) {
            JsonNode e = cs.jsonError("budget", "set", "--daily", bad, "--json");
            assertThat(e.path("code").asText()).as(bad).isEqualTo("invalid_input");
            assertThat(e.path("message").asText()).contains("--daily must be a non-negative number of dollars");
        }
        assertThat(cs.jsonError("budget", "set", "--json").path("message").asText()).startsWith("Nothing to set");
        assertThat(cs.jsonError("budget", "set", "--daily", "1", "--global", "--scope", "/", "--json").path("message")
                .asText()).contains("cannot be combined");
        assertThat(cs.jsonError("budget", "set", "--daily", "1", "--scope", tmp.resolve("missing").toString(), "--json")
                .path("message").asText()).startsWith("Scope directory not found");
        assertThat(cs.jsonError("budget", "clear", "--all", "--global", "--json").path("code").asText())
                .isEqualTo("invalid_input");
        assertThat(cs.jsonError("budget", "check", "-s", "42", "--json").path("code").asText())
                .isEqualTo("session_not_found");
        Result human = cs.run("budget", "set", "--monthly", "-5");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stderr()).contains("--monthly must be a non-negative number");
        human.assertNoStackTrace();
        assertThat(cs.sql("SELECT COUNT(*) AS n FROM budgets").getFirst().get("n")).isEqualTo(0);
    }

    @Test
    void checkExitCodesAndWhatEachLimitMeasures() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path a = cs.cwd();
        Path b = Files.createDirectories(tmp.resolve("b"));

        // No budget: exit 0, empty checks.
        JsonNode none = cs.json("budget", "check", "--json");
        assertThat(none.path("budget").path("checks")).isEmpty();
        assertThat(none.path("budget").path("exceeded").asBoolean()).isFalse();
        assertThat(cs.run("budget", "check").assertOk().stdout()).contains("No budget applies to " + a);

        long sa = cs.in(a).json("start", "a", "--json").path("id").asLong();
        long sb = cs.in(b).json("start", "b", "--json").path("id").asLong();
        cs.in(a).json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.75", "--json");
        cs.in(b).json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.5", "--json");
        // Old usage: counts for its session, not for today or this month.
        cs.exec("INSERT INTO ai_usage (session_id, provider, model, tokens, cost, timestamp) VALUES (" + sa
                + ", 'x', 'y', 10, 3, '2020-01-15T10:00:00.000Z')");
        cs.exec("UPDATE sessions SET ai_cost = ai_cost + 3 WHERE id = " + sa);

        cs.in(a).json("budget", "set", "--global", "--daily", "1", "--monthly", "10", "--json");
        cs.in(a).json("budget", "set", "--daily", "0.8", "--session", "4", "--json");

        JsonNode st = cs.in(a).run("budget", "check", "--json").json().path("budget");
        assertThat(keys(st)).containsExactly("scope", "sessionId", "exceeded", "checks", "reason");
        assertThat(st.path("sessionId").asLong()).isEqualTo(sa);
        assertThat(st.path("checks")).extracting(c -> c.path("kind").asText() + "/" + c.path("global").asBoolean())
                .containsExactly("session/false", "daily/true", "daily/false", "monthly/true");
        JsonNode session = check(st, "session", false);
        assertThat(keys(session)).containsExactly("kind", "global", "limit", "spent", "remaining", "exceeded", "sessionId");
        assertThat(session.path("spent").asDouble()).as("the session's whole cost").isEqualTo(3.75);
        assertThat(session.path("remaining").asDouble()).isEqualTo(0.25);
        JsonNode globalDaily = check(st, "daily", true);
        assertThat(keys(globalDaily)).containsExactly("kind", "global", "limit", "spent", "remaining", "exceeded", "period");
        assertThat(globalDaily.path("spent").asDouble()).as("today, every project").isEqualTo(1.25);
        assertThat(globalDaily.path("exceeded").asBoolean()).isTrue();
        assertThat(globalDaily.path("period").asText()).isEqualTo(today());
        assertThat(check(st, "daily", false).path("spent").asDouble()).as("today, this scope").isEqualTo(0.75);
        assertThat(check(st, "daily", false).path("exceeded").asBoolean()).isFalse();
        assertThat(check(st, "monthly", true).path("spent").asDouble()).isEqualTo(1.25);
        assertThat(st.path("exceeded").asBoolean()).isTrue();
        assertThat(st.path("reason").asText()).contains("daily budget of $1.00 (global) reached");

        Result exceeded = cs.in(a).run("budget", "check", "--json");
        assertThat(exceeded.exitCode()).as("exceeded = exit 2").isEqualTo(2);
        Result humanExceeded = cs.in(a).run("budget", "check");
        assertThat(humanExceeded.exitCode()).isEqualTo(2);
        assertThat(humanExceeded.stdout()).contains("Budget exceeded", "daily budget of $1.00 (global) reached");

        // Raise the global daily limit: within budget again, exit 0.
        cs.json("budget", "set", "--global", "--daily", "5", "--json");
        Result ok = cs.in(a).run("budget", "check", "--json").assertOk();
        assertThat(ok.json().path("budget").path("exceeded").asBoolean()).isFalse();
        assertThat(cs.in(a).run("budget", "check").assertOk().stdout()).contains("Within budget");

        // Another scope sees the global limits only; its own spend for the session.
        JsonNode other = cs.in(b).json("budget", "check", "--json").path("budget");
        assertThat(other.path("checks")).extracting(c -> c.path("kind").asText()).containsExactly("daily", "monthly");
        // -s picks a session and its scope.
        JsonNode bySession = cs.in(b).json("budget", "check", "-s", String.valueOf(sa), "--json").path("budget");
        assertThat(bySession.path("scope").asText()).isEqualTo(a.toString());
        assertThat(bySession.path("sessionId").asLong()).isEqualTo(sa);

        // The session limit: reached at exactly the limit.
        cs.in(a).json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.25", "--json");
        JsonNode atLimit = cs.in(a).run("budget", "check", "--json").json().path("budget");
        assertThat(check(atLimit, "session", false).path("exceeded").asBoolean()).isTrue();
        assertThat(check(atLimit, "session", false).path("remaining").asDouble()).isZero();
        assertThat(cs.in(a).run("budget", "check", "--json").exitCode()).isEqualTo(2);
        assertThat(sb).isPositive();
    }

    @Test
    void commandsReportTheBudgetOnlyWhenOneApplies() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        cs.json("start", "s", "--json");
        JsonNode plain = cs.json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.5", "--json");
        assertThat(keys(plain)).containsExactly("schemaVersion", "codesessionVersion", "logged", "pricing", "session");
        assertThat(cs.json("status", "--json").has("budget")).isFalse();
        // A budget of another directory does not apply here.
        Path other = Files.createDirectories(tmp.resolve("other"));
        cs.json("budget", "set", "--scope", other.toString(), "--daily", "1", "--json");
        assertThat(cs.json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.1", "--json").has("budget")).isFalse();

        cs.json("budget", "set", "--session", "0.5", "--json");
        JsonNode logged = cs.json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.25", "--json");
        assertThat(keys(logged)).containsExactly("schemaVersion", "codesessionVersion", "logged", "pricing", "session",
                "budget");
        JsonNode b = logged.path("budget");
        assertThat(b.path("exceeded").asBoolean()).isTrue();
        assertThat(b.path("sessionId").asLong()).isEqualTo(logged.path("session").path("id").asLong());
        assertThat(check(b, "session", false).path("spent").asDouble()).isEqualTo(0.85);
        assertThat(b.path("reason").asText()).contains("session budget of $0.50 for " + cs.cwd() + " reached");
        Result human = cs.run("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "0.01").assertOk();
        assertThat(human.stdout()).contains("Budget exceeded: session budget of $0.50");

        JsonNode status = cs.json("status", "--json");
        assertThat(CsDriver.keys(status)).endsWith("aiUsage", "budget");
        assertThat(status.path("budget").path("exceeded").asBoolean()).isTrue();
        assertThat(cs.run("status").assertOk().stdout()).contains("Budget", "EXCEEDED", "session budget of $0.50");

        // auto-log adds it too.
        Path transcript = tmp.resolve("t.jsonl");
        Files.writeString(transcript, HooksIT.assistantLine("msg_1", "req_1", 1000, 100));
        JsonNode auto = cs.runWithInput(HooksIT.payload("Stop", transcript, cs.cwd()), "auto-log").assertOk().json();
        assertThat(keys(auto)).endsWith("models", "budget");
        assertThat(auto.path("budget").path("exceeded").asBoolean()).isTrue();
    }

    @Test
    void hookModeDeniesWhenExceededAndFailsOpenOnItsOwnErrors() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path project = cs.cwd();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        cs.json("start", "s", "--json");
        cs.json("budget", "set", "--daily", "1", "--json");
        String payload = HooksIT.payload("PreToolUse", null, cs.cwd());

        // Within budget: allowed silently.
        Result allowed = cs.in(elsewhere).runWithInput(payload, "budget", "check", "--hook").assertOk();
        assertThat(allowed.stdout()).isEmpty();

        cs.in(project).json("log-ai", "-p", "x", "-m", "y", "-t", "100", "-c", "1.5", "--json");
        // The payload's cwd picks the scope: run from elsewhere, it is still this project's budget.
        Result denied = cs.in(elsewhere).runWithInput(payload, "budget", "check", "--hook").assertOk();
        JsonNode d = denied.json();
        assertThat(keys(d)).containsExactly("hookSpecificOutput", "systemMessage");
        assertThat(d.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("PreToolUse");
        assertThat(d.path("hookSpecificOutput").path("permissionDecision").asText()).isEqualTo("deny");
        assertThat(d.path("hookSpecificOutput").path("permissionDecisionReason").asText())
                .contains("daily budget of $1.00 for " + project + " reached", "$1.50 spent on " + today());
        // Without its cwd the hook uses its own directory: elsewhere has no budget.
        assertThat(cs.in(elsewhere).runWithInput("{\"hook_event_name\":\"PreToolUse\"}", "budget", "check", "--hook")
                .assertOk().stdout()).isEmpty();
        // A broken payload loses its cwd but the budget is still checked (from the project directory).
        Result broken = cs.in(project).runWithInput("not json", "budget", "check", "--hook").assertOk();
        assertThat(broken.json().path("hookSpecificOutput").path("permissionDecision").asText()).isEqualTo("deny");
        assertThat(broken.stderr()).contains("not valid JSON");

        // Its own failure (the store cannot be opened): message on stderr, exit 1 (non-blocking), no decision.
        Path dbDir = Files.createDirectories(tmp.resolve("a-directory"));
        Result failed = cs.env("CODESESSION_DB_PATH", dbDir.toString()).in(elsewhere)
                .runWithInput(payload, "budget", "check", "--hook");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdout()).isEmpty();
        assertThat(failed.stderr()).contains("cs budget check --hook:", "the tool call is allowed");
        failed.assertNoStackTrace();
    }
}
