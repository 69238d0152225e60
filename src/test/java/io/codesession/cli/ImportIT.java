package io.codesession.cli;

import static io.codesession.testing.CsDriver.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codesession.testing.CsDriver;
import io.codesession.testing.GitFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cs import claude|codex|gemini} over the fixtures under {@code fixtures/import}, with
 * every total worked by hand (rates: see {@link AutoLogIT}; gpt-5-codex 1.25 / 10 / cached 0.125;
 * gpt-5.1-codex-mini 0.25 / 2 / cached 0.025; gemini-2.5-pro 1.25 / 10 / cached 0.125, above
 * 200k prompt 2.5 / 15).
 */
class ImportIT {

    @TempDir
    Path tmp;

    static final List<String> FIXTURES = List.of(
            "claude/proj-a/sess-1.jsonl", "claude/proj-b/sess-2.jsonl", "claude/proj-b/sess-2/subagents/agent-x.jsonl",
            "codex/2026/01/11/rollout-2026-01-11T09-00-00-c1.jsonl", "codex/2026/01/12/rollout-2026-01-12T08-00-00-c2.jsonl",
            "gemini/abc123/chats/session-2026-01-13T10-00-g1.json", "gemini/abc123/chats/session-bad.json",
            "gemini/abc123/.project_root");

    static String fixture(String name) {
        try (InputStream in = ImportIT.class.getResourceAsStream("/fixtures/import/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Copies the fixtures under {@code root}, with ${PROJECT} replaced. */
    static void copy(Path root, Path project) throws IOException {
        for (String f : FIXTURES) {
            Path target = root.resolve(f);
            Files.createDirectories(target.getParent());
            Files.writeString(target, fixture(f).replace("${PROJECT}", project.toString()));
        }
    }

    @Test
    void claudeOneSessionPerAgentSessionIdempotent() throws IOException {
        CsDriver cs = new CsDriver(tmp).env("CLAUDE_CONFIG_DIR", null);
        Path project = tmp.resolve("project");
        try (GitFixture g = GitFixture.init(project)) {
            g.write("sub/a.txt", "a").commitAll("init");
        }
        Path logs = tmp.resolve("logs");
        copy(logs, project);
        // The standard location under HOME.
        Path projects = cs.home().resolve(".claude").resolve("projects");
        Files.createDirectories(projects.getParent());
        Files.move(logs.resolve("claude"), projects);

        JsonNode a = cs.json("import", "claude", "--json");
        assertThat(keys(a)).containsExactly("schemaVersion", "codesessionVersion", "agent", "roots", "files", "bytes",
                "lines", "skippedLines", "duplicates", "sidechainReplays", "synthetic", "beforeSince", "sessions",
                "requests", "tokens", "cost", "models", "elapsedMs");
        assertThat(a.path("roots").get(0).asText()).isEqualTo(projects.toString());
        assertThat(a.path("files").asInt()).isEqualTo(3);
        assertThat(a.path("lines").asInt()).isEqualTo(18);
        assertThat(a.path("skippedLines").asInt()).isEqualTo(3);
        assertThat(a.path("duplicates").asInt()).isEqualTo(2); // msg_A's second line; its copy in the resumed session
        assertThat(a.path("sidechainReplays").asInt()).isEqualTo(1);
        assertThat(a.path("synthetic").asInt()).isEqualTo(1);
        assertThat(a.path("sessions").toString()).isEqualTo("{\"found\":2,\"created\":2,\"updated\":0}");
        assertThat(a.path("requests").toString()).isEqualTo("{\"imported\":8,\"alreadyImported\":0}");
        // sess-1: 0.18305 + 0.0015 + 0 (unknown model); sess-2: msg_H 2000×3 + 300×15 = 10500 → 0.0105,
        // msg_I (subagent) 400×1 + 40×5 = 600 → 0.0006
        assertThat(a.path("cost").asDouble()).isEqualTo(0.19565);
        assertThat(a.path("tokens").path("total").asLong()).isEqualTo(215250);
        assertThat(a.path("models").path("claude-sonnet-4-5-20250929").path("requests").asInt()).isEqualTo(3);
        assertThat(a.path("models").path("claude-sonnet-4-5-20250929").path("cost").asDouble()).isEqualTo(0.18738);
        assertThat(a.path("models").path("claude-unknown-9").path("priced").asBoolean()).isFalse();

        List<Map<String, Object>> s = cs.sql("SELECT name, start_time, end_time, duration, working_directory, git_root, "
                + "status, ai_cost, ai_tokens, import_key FROM sessions ORDER BY id");
        assertThat(s).hasSize(2);
        assertThat(s.get(0)).containsEntry("name", "Claude Code: cs-fixture-claude-project (sess-1)")
                .containsEntry("start_time", "2026-01-10T10:00:00.000Z").containsEntry("end_time", "2026-01-10T10:11:00.000Z")
                .containsEntry("duration", 660).containsEntry("working_directory", "/tmp/cs-fixture-claude-project")
                .containsEntry("git_root", null).containsEntry("status", "completed").containsEntry("ai_cost", 0.18455)
                .containsEntry("ai_tokens", 212510).containsEntry("import_key", "claude:sess-1");
        assertThat(s.get(1)).containsEntry("working_directory", project.resolve("sub").toString())
                .containsEntry("git_root", project.toString()).containsEntry("ai_cost", 0.0111)
                .containsEntry("ai_tokens", 2740).containsEntry("end_time", "2026-01-10T12:02:00.000Z");

        // Again: nothing new.
        JsonNode b = cs.json("import", "claude", "--json");
        assertThat(b.path("requests").toString()).isEqualTo("{\"imported\":0,\"alreadyImported\":8}");
        assertThat(b.path("sessions").toString()).isEqualTo("{\"found\":2,\"created\":0,\"updated\":0}");
        assertThat(b.path("cost").asDouble()).isZero();

        // The resumed session goes on: only the new request, its session widened.
        Files.writeString(projects.resolve("proj-b/sess-2.jsonl"), fixture("claude-append.jsonl"),
                StandardOpenOption.APPEND);
        JsonNode c = cs.json("import", "claude", "--json");
        assertThat(c.path("requests").toString()).isEqualTo("{\"imported\":1,\"alreadyImported\":8}");
        assertThat(c.path("sessions").toString()).isEqualTo("{\"found\":2,\"created\":0,\"updated\":1}");
        assertThat(c.path("cost").asDouble()).isEqualTo(0.00015); // 100×1 + 10×5
        assertThat(cs.sql("SELECT end_time, ai_cost, ai_tokens FROM sessions WHERE id = 2").getFirst())
                .containsEntry("end_time", "2026-01-10T13:00:00.000Z").containsEntry("ai_cost", 0.01125)
                .containsEntry("ai_tokens", 2850);
        assertThat(cs.sql("SELECT COUNT(*) AS n, COUNT(DISTINCT idempotency_key) AS k, MIN(source) AS src FROM ai_usage")
                .getFirst()).containsEntry("n", 9).containsEntry("k", 9).containsEntry("src", "import:claude");

        // Human output.
        assertThat(cs.run("import", "claude").assertOk().stdout())
                .contains("Imported 0 requests into 0 new and 0 updated sessions").contains("(9 already imported)");

        // On another store, auto-log recorded sess-1 live: importing adds no empty session for it.
        CsDriver live = new CsDriver(tmp.resolve("live")).env("CLAUDE_CONFIG_DIR", null);
        live.json("start", "live", "--json");
        live.runWithInput(AutoLogIT.hook(projects.resolve("proj-a/sess-1.jsonl"), live.cwd()), "auto-log").assertOk();
        live.json("end", "--json");
        JsonNode d = live.json("import", "claude", "--path", projects.toString(), "--json");
        assertThat(d.path("sessions").toString()).isEqualTo("{\"found\":2,\"created\":1,\"updated\":0}");
        assertThat(d.path("requests").toString()).isEqualTo("{\"imported\":3,\"alreadyImported\":6}");
        assertThat(d.path("cost").asDouble()).isEqualTo(0.01125);
        assertThat(live.sql("SELECT COUNT(*) AS n FROM sessions").getFirst()).containsEntry("n", 2);
    }

    @Test
    void codexDeltasForksSinceAndGemini() throws IOException {
        CsDriver cs = new CsDriver(tmp).env("CLAUDE_CONFIG_DIR", null);
        Path logs = tmp.resolve("logs");
        copy(logs, tmp);
        cs.env("CODEX_HOME", logs.resolve("codex-home").toString());
        Files.move(logs.resolve("codex"), Files.createDirectories(logs.resolve("codex-home")).resolve("sessions"));

        // --since: only the forked session's own request (delta 20000 in / 14000 cached / 600 out):
        // 6000×0.25 + 14000×0.025 + 600×2 = 3050 → 0.00305
        JsonNode a = cs.json("import", "codex", "--since", "2026-01-12", "--json");
        assertThat(a.path("requests").toString()).isEqualTo("{\"imported\":1,\"alreadyImported\":0}");
        assertThat(a.path("cost").asDouble()).isEqualTo(0.00305);
        assertThat(a.path("beforeSince").asInt()).isEqualTo(4);

        // Everything: c1 = gpt-5-codex 2000×1.25 + 8000×0.125 + 500×10 = 8500 → 0.0085, then
        // gpt-5.1-codex-mini delta 2000×0.25 + 18000×0.025 + 400×2 = 1750 → 0.00175. The re-emitted
        // event adds nothing; the fork's copies of c1's events are the same requests.
        JsonNode b = cs.json("import", "codex", "--json");
        assertThat(b.path("requests").toString()).isEqualTo("{\"imported\":2,\"alreadyImported\":1}");
        assertThat(b.path("cost").asDouble()).isEqualTo(0.01025);
        assertThat(b.path("skippedLines").asInt()).isEqualTo(1);
        assertThat(b.path("tokens").toString()).isEqualTo("{\"prompt\":30000,\"completion\":900,\"total\":30900,"
                + "\"input\":4000,\"cacheWrite5m\":0,\"cacheWrite1h\":0,\"cacheRead\":26000}");
        assertThat(b.path("models").path("gpt-5-codex").path("cost").asDouble()).isEqualTo(0.0085);
        List<Map<String, Object>> s = cs.sql("SELECT working_directory, ai_cost, ai_tokens, import_key FROM sessions ORDER BY id");
        assertThat(s).containsExactly(
                Map.of("working_directory", "/tmp/cs-fixture-codex", "ai_cost", 0.00305, "ai_tokens", 20600,
                        "import_key", "codex:c2-cccc-dddd"),
                Map.of("working_directory", "/tmp/cs-fixture-codex", "ai_cost", 0.01025, "ai_tokens", 30900,
                        "import_key", "codex:c1-aaaa-bbbb"));

        // Gemini: m2 = (1000 − 400)×1.25 + 400×0.125 + (200 + 100)×10 = 750 + 50 + 3000 = 3800 → 0.0038;
        // m3 = 250000 > 200000: 250000×2.5 + 1000×15 = 640000 → 0.64. A corrupt file and message are skipped.
        JsonNode g = cs.json("import", "gemini", "--path", logs.resolve("gemini").toString(), "--json");
        assertThat(g.path("requests").path("imported").asInt()).isEqualTo(2);
        assertThat(g.path("cost").asDouble()).isEqualTo(0.6438);
        assertThat(g.path("skippedLines").asInt()).isEqualTo(2);
        assertThat(g.path("tokens").path("total").asLong()).isEqualTo(252300);
        assertThat(cs.sql("SELECT working_directory, start_time, end_time FROM sessions WHERE import_key = 'gemini:g1-session'")
                .getFirst()).containsEntry("working_directory", "/tmp/cs-fixture-gemini")
                .containsEntry("start_time", "2026-01-13T10:00:00.000Z").containsEntry("end_time", "2026-01-13T10:09:00.000Z");

        for (String[] bad : new String[][] {
            {"import", "cursor", "--json"},
            {"import", "codex", "--since", "yesterday", "--json"},
            {"import", "claude", "--path", tmp.resolve("nope").toString(), "--json"},
        }) {
            assertThat(cs.jsonError(bad).path("code").asText()).as(String.join(" ", bad)).isEqualTo("invalid_input");
        }
        // No logs at the standard place: an empty import, not an error.
        JsonNode none = cs.json("import", "claude", "--json");
        assertThat(none.path("roots")).isEmpty();
        assertThat(none.path("files").asInt()).isZero();
    }
}
