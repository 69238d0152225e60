package io.codesession.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.StoreDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to every command and option: malformed and out-of-range numbers, non-finite costs,
 * over-long, empty and control-character text, unknown/zero/negative/ended session ids, unknown
 * options and commands, missing arguments. Each case runs in {@code --json} and in human mode
 * (where the command has {@code --json}) and must exit 1 with a clear message (the expected error
 * code under {@code --json}, as the only line on stdout), print no stack trace, and leave the
 * store (logical dump) and pricing.json exactly as they were.
 *
 * <p>One fixture store is shared by the whole class: session 1 completed, session 2 active in
 * {@code work/}, one custom price in pricing.json. Nothing in this class may change it.
 */
class HostileInputIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path tmp;

    static CsDriver cs;
    static Path work;
    /** A directory with no active session: where the {@code start} cases run. */
    static Path elsewhere;

    private static final String INVALID = "invalid_input";
    private static final String NOT_FOUND = "session_not_found";
    private static final String LOG = "log-ai";
    private static final String[] USAGE = {"-p", "anthropic", "-m", "claude-sonnet-4"};

    @BeforeAll
    static void fixture() throws IOException {
        cs = new CsDriver(tmp);
        work = cs.cwd();
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        assertThat(cs.json("start", "finished", "--json").path("id").asLong()).isEqualTo(1);
        cs.json(LOG, "-p", "openai", "-m", "gpt-4o", "-t", "1000", "--json");
        cs.json("end", "-n", "done", "--json");
        assertThat(cs.json("start", "active", "--json").path("id").asLong()).isEqualTo(2);
        cs.json("note", "fixture note", "--json");
        cs.json("pricing", "set", "fixture-model", "1.5", "2.5", "--json");
        assertThat(cs.home().resolve(".codesession/pricing.json")).exists();
        assertThat(cs.sql("SELECT id, status FROM sessions ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("status")).containsExactly("1:completed", "2:active");
    }

    /**
     * One hostile command line. {@code fragment} must appear (case-insensitively) in the JSON
     * error message and on stderr in human mode. {@code jsonMode} false: the command has no
     * {@code --json}.
     */
    record Case(List<String> args, String code, String fragment, boolean inElsewhere,
            Map<String, String> env, boolean jsonMode) {

        @Override
        public String toString() {
            return String.join(" ", args.stream().map(HostileInputIT::shorten).toList())
                    + (env.isEmpty() ? "" : " " + env.keySet());
        }
    }

    static Case c(String code, String fragment, String... args) {
        return new Case(List.of(args), code, fragment, false, Map.of(), true);
    }

    static Case logAi(String code, String fragment, String... extra) {
        List<String> args = new ArrayList<>(List.of(LOG));
        args.addAll(Arrays.asList(USAGE));
        args.addAll(Arrays.asList(extra));
        return c(code, fragment, args.toArray(String[]::new));
    }

    static Case startCase(String fragment, String... args) {
        Case base = c(INVALID, fragment, args);
        return new Case(base.args(), base.code(), fragment, true, Map.of(), true);
    }

    static Case withEnv(Case base, String key, String value) {
        return new Case(base.args(), base.code(), base.fragment(), base.inElsewhere(), Map.of(key, value),
                base.jsonMode());
    }

    static Case humanOnly(Case base) {
        return new Case(base.args(), base.code(), base.fragment(), base.inElsewhere(), base.env(), false);
    }

    static Stream<Case> cases() {
        String huge = "99999999999999999999";
        String tokens = "tokens must be a non-negative integer";
        String cost = "cost must be a non-negative number";
        String sessionId = "session id must be a positive integer";
        String rates = "must be non-negative numbers";
        return Stream.of(
                // start (in a directory without an active session, so a missed check would insert a row)
                startCase("must not be empty", "start", ""),
                startCase("too long (max 500", "start", "n".repeat(501)),
                startCase("control character", "start", "bad\u0001name", "--close-stale-all"),
                startCase("<name>", "start"),
                // end
                c(INVALID, sessionId, "end", "-s", huge),
                c(INVALID, sessionId, "end", "-s", "0"),
                c(NOT_FOUND, "999", "end", "-s", "999"),
                c(NOT_FOUND, "1", "end", "-s", "1"),
                c(INVALID, "too long (max 10000", "end", "-n", "x".repeat(10_001)),
                // show
                c(INVALID, sessionId, "show", "0"),
                c(NOT_FOUND, "999", "show", "999"),
                // list / ls
                c(INVALID, "limit", "list", "-l", "12abc"),
                c(INVALID, "limit", "ls", "-l", "1.9"),
                // stats
                c(INVALID, "unknown option", "stats", "--bogus"),
                // status
                c(NOT_FOUND, "999", "status", "-s", "999"),
                c(INVALID, sessionId, "status", "-s", " 42"),
                // recover
                c(INVALID, "--max-age", "recover", "--max-age", "0"),
                c(INVALID, "--max-age", "recover", "--max-age", "NaN"),
                c(INVALID, "--max-age", "recover", "--max-age", "1e400"),
                // log-ai: integers
                logAi(INVALID, tokens, "-t", "12abc"),
                logAi(INVALID, tokens, "-t", "1.9"),
                logAi(INVALID, tokens, "-t", "1e3"),
                logAi(INVALID, tokens, "-t", "-5"),
                logAi(INVALID, tokens, "-t", "0x10"),
                logAi(INVALID, tokens, "-t", ""),
                logAi(INVALID, tokens, "-t", huge),
                logAi(INVALID, "prompt tokens must be", "--prompt-tokens", "Infinity"),
                logAi(INVALID, "completion tokens must be", "--completion-tokens", "-5"),
                logAi("missing_tokens", "must provide", "-t", "0"),
                // log-ai: costs
                logAi(INVALID, cost, "-t", "100", "-c", "NaN"),
                logAi(INVALID, cost, "-t", "100", "-c", "Infinity"),
                logAi(INVALID, cost, "-t", "100", "-c", "-1"),
                logAi(INVALID, cost, "-t", "100", "-c", "1e308"),
                // log-ai: text
                c(INVALID, "provider name too long", LOG, "-p", "p".repeat(101), "-m", "claude-sonnet-4", "-t", "5"),
                c(INVALID, "model name too long", LOG, "-p", "anthropic", "-m", "m".repeat(201), "-t", "5"),
                logAi(INVALID, "agent name too long", "-t", "5", "--agent", "a".repeat(201)),
                withEnv(logAi(INVALID, "agent name too long", "-t", "5"), "CODESESSION_AGENT_NAME", "e".repeat(201)),
                c(INVALID, "control character", LOG, "-p", "anthropic", "-m", "claude\u0001sonnet-4", "-t", "5"),
                c("unknown_model", "unknown model", LOG, "-p", "anthropic", "-m", "no-such-model-xyz", "-t", "5"),
                c(INVALID, "--model", LOG, "-p", "anthropic", "-t", "5"),
                // log-ai: sessions
                logAi(NOT_FOUND, "1", "-t", "5", "-s", "1"),
                // note
                c(INVALID, "too long (max 10000", "note", "y".repeat(10_001)),
                c(INVALID, "control character", "note", "bell\u0007"),
                c(INVALID, sessionId, "note", "hello", "-s", "-3"),
                // export
                c(INVALID, "unknown export format", "export", "-f", "xml"),
                c(INVALID, "limit", "export", "-l", "12abc"),
                // pricing
                c(INVALID, rates, "pricing", "set", "m1", "1", "NaN"),
                c(INVALID, rates, "pricing", "set", "m1", "--", "-1", "2"),
                c(INVALID, rates, "pricing", "set", "m1", "1e3", "2"),
                c(INVALID, "model name too long", "pricing", "set", "m".repeat(201), "1", "2"),
                c(INVALID, "must not be empty", "pricing", "set", "", "1", "2"),
                c(INVALID, "provider name too long", "pricing", "set", "m1", "1", "2", "--provider", "p".repeat(101)),
                c(INVALID, "'extra'", "pricing", "reset", "extra"),
                humanOnly(c(INVALID, "Usage:", "pricing")),
                c(INVALID, "unknown command 'bogus'", "pricing", "bogus"),
                // budget
                c(INVALID, "--session must be a non-negative number", "budget", "set", "--session", "NaN"),
                c(INVALID, "--daily must be a non-negative number", "budget", "set", "--daily", "-1"),
                c(INVALID, "--monthly must be a non-negative number", "budget", "set", "--monthly", "1e3"),
                c(INVALID, "at most 1000000", "budget", "set", "--session", "2000000"),
                c(INVALID, "scope directory not found", "budget", "set", "--session", "5", "--scope", "/no/such/dir"),
                c(INVALID, "nothing to set", "budget", "set"),
                c(INVALID, "unknown option", "budget", "clear", "--bogus"),
                c(NOT_FOUND, "999", "budget", "check", "-s", "999"),
                // hooks
                c(INVALID, "unknown agent", "hooks", "install", "codex"),
                c(INVALID, "<agent>", "hooks", "install"),
                // today
                c(INVALID, "directory not found", "today", "add", "/no/such/dir"),
                c("project_not_found", "not found in tracked projects", "today", "remove", "/tmp"),
                c(INVALID, "unknown command 'bogus'", "today", "bogus"),
                // proxy / run / import
                c(INVALID, "invalid port: 0", "proxy", "--port", "0"),
                c(INVALID, "invalid port: 70000", "proxy", "--port", "70000"),
                c(INVALID, "invalid port: abc", "proxy", "--port", "abc"),
                c(INVALID, "invalid port: abc", "run", "--port", "abc", "--", "true"),
                c(INVALID, "<command>", "run"),
                c(INVALID, "--since must be a date", "import", "claude", "--since", "yesterday"),
                c(INVALID, "unknown agent", "import", "bogus"),
                // the program itself
                c(INVALID, "unknown command 'bogus'", "bogus"),
                humanOnly(c(INVALID, "Usage:")));
    }

    @ParameterizedTest(name = "[{index}] cs {0}")
    @MethodSource("cases")
    @Execution(ExecutionMode.CONCURRENT) // the cases among themselves; the class runs alone
    void rejectedWithoutChangingTheStore(Case k) throws IOException {
        if (k.jsonMode()) {
            JsonNode error = runJson(k);
            assertThat(error.path("code").asText()).as("error.code of %s", k).isEqualTo(k.code());
            assertThat(error.path("message").asText()).as("error.message of %s", k)
                    .containsIgnoringCase(k.fragment());
            if (error.has("usage")) {
                assertThat(error.path("usage").asText()).as("usage hint of %s", k).matches("cs( [a-z-]+)* --help");
            }
        }
        Result r = runChecked(k, k.args());
        assertThat(r.stderr()).as("human-mode message of %s", k).containsIgnoringCase(k.fragment());
        assertThat(r.stdout()).as("human-mode stdout of %s (errors go to stderr)", k).isBlank();
    }

    private JsonNode runJson(Case k) throws IOException {
        List<String> args = new ArrayList<>(k.args());
        int dashes = args.indexOf("--");
        args.add(dashes < 0 ? args.size() : dashes, "--json");
        Result r = runChecked(k, args);
        String out = r.stdout();
        assertThat(out).as("stdout of %s must be exactly one JSON line; stderr: %s", args, r.stderr())
                .endsWith("\n");
        assertThat(out.indexOf('\n')).as("one line only from %s: %s", args, out).isEqualTo(out.length() - 1);
        JsonNode doc = MAPPER.readTree(out);
        assertThat(doc.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.path("codesessionVersion").asText()).isNotEmpty();
        assertThat(doc.path("error").path("code").isTextual()).as("error.code in %s", out).isTrue();
        assertThat(doc.path("error").path("message").isTextual()).as("error.message in %s", out).isTrue();
        return doc.path("error");
    }

    /** Runs, asserting exit 1, no stack trace, and an unchanged store and pricing.json. */
    private Result runChecked(Case k, List<String> args) {
        // Cases run concurrently (all are read-only by contract): each gets its own driver on the shared store.
        CsDriver driver = new CsDriver(tmp).in(k.inElsewhere() ? elsewhere : work);
        k.env().forEach(driver::env);
        Path pricing = driver.home().resolve(".codesession/pricing.json");
        String storeBefore = StoreDump.of(driver.db());
        String pricingBefore = StoreDump.fileChecksum(pricing);
        Result r = driver.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as("exit code of %s\nstdout: %s\nstderr: %s", k, shorten(r.stdout()),
                shorten(r.stderr())).isEqualTo(1);
        r.assertNoStackTrace();
        assertThat(r.stdout() + r.stderr()).as("no exception class names from %s", k)
                .doesNotContainPattern("\\b(java|javax|org|io)\\.[a-z]+\\.[\\w.$]*(Exception|Error)\\b");
        assertThat(StoreDump.of(driver.db())).as("store after %s", k).isEqualTo(storeBefore);
        assertThat(StoreDump.fileChecksum(pricing)).as("pricing.json after %s", k).isEqualTo(pricingBefore);
        return r;
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
    }
}
