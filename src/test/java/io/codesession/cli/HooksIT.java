package io.codesession.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.GitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cs hooks install|uninstall claude} on fixture settings files (merge, idempotence,
 * removal, dry run, refusal of invalid files, targets), and budget enforcement end to end: the
 * hook command lines are run exactly as written in settings.json, through bash, with hook JSON on
 * stdin, as Claude Code runs them.
 */
class HooksIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A settings file as Claude Code writes it (JSON.stringify, 2 spaces), with hooks and keys of its own. */
    static final String FIXTURE = """
            {
              "$schema": "https://json.schemastore.org/claude-code-settings.json",
              "model": "opus",
              "cleanupPeriodDays": 30,
              "ratio": 1.50,
              "big": 1e3,
              "permissions": {
                "allow": [
                  "Bash(npm test:*)"
                ],
                "deny": []
              },
              "hooks": {
                "PreToolUse": [
                  {
                    "matcher": "Bash",
                    "hooks": [
                      {
                        "type": "command",
                        "command": "~/bin/guard.sh"
                      }
                    ]
                  }
                ],
                "Stop": [
                  {
                    "hooks": [
                      {
                        "type": "command",
                        "command": "notify-send \\"done ✓\\""
                      }
                    ]
                  }
                ]
              },
              "env": {
                "ÜNÏ": "✓"
              }
            }
            """;

    @TempDir
    Path tmp;

    // ---- fixtures shared with BudgetIT ----------------------------------------------------------

    /** A hook payload (JSON) for {@code event}; the transcript may be null. */
    static String payload(String event, Path transcript, Path cwd) {
        StringBuilder sb = new StringBuilder("{\"session_id\":\"sess-1\"");
        if (transcript != null) {
            sb.append(",\"transcript_path\":\"").append(transcript).append('"');
        }
        sb.append(",\"cwd\":\"").append(cwd).append("\",\"hook_event_name\":\"").append(event).append('"');
        if (event.equals("PreToolUse")) {
            sb.append(",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"},\"tool_use_id\":\"toolu_1\"");
        }
        return sb.append('}').toString();
    }

    /** One assistant transcript line (Claude Code's format), sonnet 4.5 (3 / 15 per 1M), timestamped now. */
    static String assistantLine(String messageId, String requestId, long input, long output) {
        return "{\"parentUuid\":null,\"isSidechain\":false,\"type\":\"assistant\",\"sessionId\":\"sess-1\",\"requestId\":\""
                + requestId + "\",\"uuid\":\"" + messageId + "-u\",\"timestamp\":\"" + Instant.now() + "\",\"message\":{\"id\":\""
                + messageId + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"usage\":{\"input_tokens\":" + input
                + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":" + output + "}}}\n";
    }

    // ---- install / uninstall --------------------------------------------------------------------

    @Test
    void installMergesOnceAndUninstallRestoresTheFile() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path file = Files.createDirectories(cs.cwd().resolve(".claude")).resolve("settings.json");
        Files.writeString(file, FIXTURE);

        JsonNode first = cs.json("hooks", "install", "claude", "--json");
        assertThat(CsDriver.keys(first)).containsExactly("schemaVersion", "codesessionVersion", "agent", "file", "target",
                "dryRun", "changed", "written", "existed", "hooks", "otherCodesessionHooks");
        assertThat(first.path("file").asText()).isEqualTo(file.toString());
        assertThat(first.path("target").asText()).isEqualTo("project");
        assertThat(first.path("changed").asBoolean()).isTrue();
        assertThat(first.path("written").asBoolean()).isTrue();
        assertThat(first.path("hooks")).extracting(h -> h.path("event").asText() + " " + h.path("action").asText())
                .containsExactly("SessionStart added", "PreToolUse added", "Stop added", "SessionEnd added");

        String installed = Files.readString(file);
        assertThat(installed).endsWith("}\n");
        // Untouched content stays as written: numbers keep their text, keys their order.
        assertThat(installed).contains("\"ratio\": 1.50,\n  \"big\": 1e3,", "\"ÜNÏ\": \"✓\"", "notify-send \\\"done ✓\\\"");
        JsonNode tree = MAPPER.readTree(installed);
        assertThat(CsDriver.keys(tree)).containsExactly("$schema", "model", "cleanupPeriodDays", "ratio", "big", "permissions",
                "hooks", "env");
        JsonNode hooks = tree.path("hooks");
        assertThat(CsDriver.keys(hooks)).containsExactly("PreToolUse", "Stop", "SessionStart", "SessionEnd");
        // Existing groups first, ours appended as groups of their own.
        assertThat(hooks.path("PreToolUse")).hasSize(2);
        assertThat(hooks.path("PreToolUse").get(0).path("hooks").get(0).path("command").asText()).isEqualTo("~/bin/guard.sh");
        JsonNode pre = hooks.path("PreToolUse").get(1);
        assertThat(pre.path("matcher").asText()).isEqualTo("*");
        assertThat(pre.path("hooks").get(0).path("command").asText()).isEqualTo("cs budget check --hook");
        assertThat(pre.path("hooks").get(0).path("type").asText()).isEqualTo("command");
        assertThat(pre.path("hooks").get(0).path("timeout").asInt()).isPositive();
        assertThat(hooks.path("Stop").get(1).path("hooks").get(0).path("command").asText()).isEqualTo("cs auto-log");
        assertThat(hooks.path("SessionStart").get(0).path("hooks").get(0).path("command").asText())
                .isEqualTo("cs start \"Claude Code session\" --resume --json");
        assertThat(hooks.path("SessionStart").get(0).has("matcher")).as("every source: startup, resume, clear, compact")
                .isFalse();
        assertThat(hooks.path("SessionEnd").get(0).path("hooks").get(0).path("command").asText()).isEqualTo("cs end --here --json");

        // Idempotent: a second install changes nothing, does not even rewrite the file.
        FileTime stamp = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, stamp);
        JsonNode second = cs.json("hooks", "install", "claude", "--json");
        assertThat(second.path("changed").asBoolean()).isFalse();
        assertThat(second.path("written").asBoolean()).isFalse();
        assertThat(second.path("hooks")).extracting(h -> h.path("action").asText()).containsOnly("unchanged");
        assertThat(Files.readString(file)).isEqualTo(installed);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(stamp);
        Result human = cs.run("hooks", "install", "claude").assertOk();
        assertThat(human.stdout()).contains("already installed; nothing changed");

        // Uninstall: only ours go, and the file is byte for byte what it was.
        Result removed = cs.run("hooks", "uninstall", "claude").assertOk();
        assertThat(removed.stdout()).contains("Removed the codesession hooks from " + file);
        assertThat(Files.readString(file)).isEqualTo(FIXTURE);
        JsonNode again = cs.json("hooks", "uninstall", "claude", "--json");
        assertThat(again.path("changed").asBoolean()).isFalse();
        assertThat(again.path("hooks")).extracting(h -> h.path("action").asText()).containsOnly("absent");
    }

    @Test
    void uninstallLeavesNoEmptyShellsAndKeepsHandWrittenCodesessionHooks() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path file = cs.cwd().resolve(".claude").resolve("settings.json");
        // No file: install creates it (and .claude/).
        JsonNode created = cs.json("hooks", "install", "claude", "--json");
        assertThat(created.path("existed").asBoolean()).isFalse();
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        cs.json("hooks", "uninstall", "claude", "--json");
        assertThat(Files.readString(file)).isEqualTo("{}\n");

        // A hand-written codesession hook (other arguments) is not ours: kept, and reported.
        Files.writeString(file, "{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":\"command\",\"command\":"
                + "\"cs auto-log --provider anthropic --model claude-sonnet-4 2>/dev/null || true\"}]}]}}");
        JsonNode r = cs.json("hooks", "install", "claude", "--json");
        assertThat(r.path("otherCodesessionHooks")).hasSize(1);
        assertThat(r.path("otherCodesessionHooks").get(0).path("event").asText()).isEqualTo("Stop");
        assertThat(cs.run("hooks", "install", "claude").assertOk().stdout()).contains("Other codesession hooks");
        cs.json("hooks", "uninstall", "claude", "--json");
        assertThat(MAPPER.readTree(Files.readString(file)).toString()).isEqualTo("{\"hooks\":{\"Stop\":[{\"hooks\":[{\"type\":"
                + "\"command\",\"command\":\"cs auto-log --provider anthropic --model claude-sonnet-4 2>/dev/null || true\"}]}]}}");
    }

    @Test
    void dryRunPrintsTheResultAndWritesNothing() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path dir = cs.cwd().resolve(".claude");
        Path file = dir.resolve("settings.json");

        Result missing = cs.run("hooks", "install", "claude", "--dry-run").assertOk();
        assertThat(dir).doesNotExist();
        JsonNode printed = MAPPER.readTree(missing.stdout());
        assertThat(printed.path("hooks").path("PreToolUse").get(0).path("hooks").get(0).path("command").asText())
                .isEqualTo("cs budget check --hook");
        assertThat(missing.stdout()).endsWith("}\n");
        assertThat(missing.stderr()).contains("dry run", "not written");

        Files.createDirectories(dir);
        Files.writeString(file, FIXTURE);
        FileTime stamp = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, stamp);
        Result dry = cs.run("hooks", "install", "claude", "--dry-run").assertOk();
        assertThat(dry.stdout()).contains("\"ratio\": 1.50", "cs auto-log", "~/bin/guard.sh");
        assertThat(Files.readString(file)).isEqualTo(FIXTURE);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(stamp);

        JsonNode json = cs.json("hooks", "install", "claude", "--dry-run", "--json");
        assertThat(json.path("dryRun").asBoolean()).isTrue();
        assertThat(json.path("changed").asBoolean()).isTrue();
        assertThat(json.path("written").asBoolean()).isFalse();
        assertThat(json.path("settings").path("model").asText()).isEqualTo("opus");
        assertThat(json.path("settings").path("hooks").path("SessionEnd")).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo(FIXTURE);

        cs.json("hooks", "install", "claude", "--json");
        String installed = Files.readString(file);
        Result dryUninstall = cs.run("hooks", "uninstall", "claude", "--dry-run").assertOk();
        assertThat(dryUninstall.stdout()).isEqualTo(FIXTURE);
        assertThat(Files.readString(file)).isEqualTo(installed);
    }

    @Test
    void invalidSettingsAreRefusedAndLeftUntouched() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path file = Files.createDirectories(cs.cwd().resolve(".claude")).resolve("settings.json");
        for (String bad : List.of("{\"model\": \"opus\",}", "{\"a\": 1, \"a\": 2}", "// comment\n{}", "[1, 2]",
                "{\"hooks\": []}", "{\"hooks\": {\"Stop\": {\"command\": \"x\"}}}", "{} {}", "{\"a\": 1")) {
            Files.writeString(file, bad);
            for (String verb : List.of("install", "uninstall")) {
                if (verb.equals("uninstall") && bad.contains("hooks")) {
                    continue; // valid JSON that simply holds none of ours: nothing to remove
                }
                JsonNode e = cs.jsonError("hooks", verb, "claude", "--json");
                assertThat(e.path("code").asText()).as(bad).isEqualTo("settings_file_invalid");
                assertThat(e.path("message").asText()).as(bad).contains(file.toString(), "Nothing was changed");
                assertThat(Files.readString(file)).as(bad).isEqualTo(bad);
            }
        }
        Files.writeString(file, "{\"a\": 1,}");
        Result human = cs.run("hooks", "install", "claude");
        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.stderr()).contains("is not valid JSON", "line 1");
        human.assertNoStackTrace();
        assertThat(Files.readString(file)).isEqualTo("{\"a\": 1,}");
        assertThat(tmp.resolve("work/.claude").toFile().list()).containsExactly("settings.json");
    }

    @Test
    void targetsCommandAndSymlinks() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("a.txt", "a\n");
            repo.commitAll("init");
            Path sub = Files.createDirectories(repo.dir().resolve("src"));
            cs.in(sub);
            JsonNode project = cs.json("hooks", "install", "claude", "--json");
            assertThat(project.path("file").asText()).as("the scope root, not the cwd")
                    .isEqualTo(repo.dir().toRealPath().resolve(".claude/settings.json").toString());
            JsonNode local = cs.json("hooks", "install", "claude", "--local", "--command", "/opt/code session/cs", "--json");
            assertThat(local.path("file").asText()).endsWith("/.claude/settings.local.json");
            assertThat(local.path("hooks").get(0).path("command").asText())
                    .isEqualTo("'/opt/code session/cs' start \"Claude Code session\" --resume --json");
            // Switching the executable updates ours in place.
            JsonNode switched = cs.json("hooks", "install", "claude", "--local", "--json");
            assertThat(switched.path("hooks")).extracting(h -> h.path("action").asText()).containsOnly("updated");
            assertThat(Files.readString(repo.dir().resolve(".claude/settings.local.json"))).doesNotContain("/opt/code session");
        }
        // --user: $HOME/.claude/settings.json, through a symbolic link that stays a link; permissions kept.
        Path real = Files.createDirectories(tmp.resolve("dotfiles")).resolve("claude-settings.json");
        Files.writeString(real, "{\"model\": \"sonnet\"}");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createDirectories(cs.home().resolve(".claude")).resolve("settings.json");
        Files.createSymbolicLink(link, real);
        JsonNode user = cs.json("hooks", "install", "claude", "--user", "--json");
        assertThat(user.path("file").asText()).isEqualTo(link.toString());
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("\"model\": \"sonnet\"", "cs budget check --hook");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-------");
        assertThat(Files.list(real.getParent()).toList()).as("no temporary files left").hasSize(1);

        assertThat(cs.jsonError("hooks", "install", "claude", "--user", "--project", "--json").path("message").asText())
                .contains("exclusive");
        assertThat(cs.jsonError("hooks", "install", "cursor", "--json").path("message").asText())
                .contains("Unknown agent \"cursor\"");
        assertThat(cs.jsonError("hooks", "install", "claude", "--command", "", "--json").path("code").asText())
                .isEqualTo("invalid_input");
    }

    // ---- end to end -----------------------------------------------------------------------------

    /** Runs a hook command line exactly as Claude Code does: {@code bash -c <command>} in the project, JSON on stdin. */
    static Result runHook(CsDriver cs, Path bin, Path dir, String command, String stdin) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("CODESESSION_") || k.startsWith("CLAUDE"));
        env.put("HOME", cs.home().toString());
        env.put("CODESESSION_DB_PATH", cs.db().toString());
        env.put("NO_COLOR", "1");
        env.put("CLAUDE_PROJECT_DIR", dir.toString());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        try {
            Path out = Files.createTempFile(cs.root(), "hook", ".out");
            Path err = Files.createTempFile(cs.root(), "hook", ".err");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("hook did not finish: " + command);
            }
            return new Result(List.of("bash", "-c", command), p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The command lines of one event in a settings file, in order. */
    static List<String> commands(Path settings, String event) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode group : MAPPER.readTree(Files.readString(settings)).path("hooks").path(event)) {
            for (JsonNode h : group.path("hooks")) {
                out.add(h.path("command").asText());
            }
        }
        return out;
    }

    /** A directory holding {@code cs} (a link to the packaged launcher), to put on PATH as a user would. */
    static Path binWithCs(Path tmp) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("cs"), CsDriver.launcher());
        return bin;
    }

    @Test
    void budgetEnforcedEndToEndThroughTheInstalledHooks() throws IOException {
        CsDriver cs = new CsDriver(tmp);
        Path project = cs.cwd();
        Path bin = binWithCs(tmp);
        Path settings = project.resolve(".claude/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, FIXTURE);
        cs.json("hooks", "install", "claude", "--json");
        String start = commands(settings, "SessionStart").getFirst();
        List<String> pre = commands(settings, "PreToolUse");
        String preToolUse = pre.get(pre.size() - 1);
        assertThat(preToolUse).isEqualTo("cs budget check --hook");
        String stop = commands(settings, "Stop").get(1);
        String end = commands(settings, "SessionEnd").getFirst();
        Path transcript = tmp.resolve("claude/sess-1.jsonl");
        Files.createDirectories(transcript.getParent());
        Files.writeString(transcript, "");

        // SessionStart: a session for the project (and again on resume: the same one).
        Result started = runHook(cs, bin, project, start, payload("SessionStart", transcript, project));
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        long id = MAPPER.readTree(started.stdout()).path("id").asLong();
        Result resumed = runHook(cs, bin, project, start, payload("SessionStart", transcript, project));
        assertThat(MAPPER.readTree(resumed.stdout()).path("id").asLong()).isEqualTo(id);

        cs.json("budget", "set", "--daily", "0.10", "--json");

        // Within budget: the tool call is allowed, silently.
        Result allowed = runHook(cs, bin, project, preToolUse, payload("PreToolUse", transcript, project));
        assertThat(allowed.exitCode()).as(allowed.stderr()).isZero();
        assertThat(allowed.stdout()).isEmpty();

        // Usage past the budget, logged by the agent.
        cs.json("log-ai", "-p", "anthropic", "-m", "claude-sonnet-4", "--prompt-tokens", "30000", "--completion-tokens",
                "2000", "--json"); // 0.09 + 0.03 = 0.12
        Result denied = runHook(cs, bin, project, preToolUse, payload("PreToolUse", transcript, project));
        assertThat(denied.exitCode()).isZero();
        JsonNode decision = MAPPER.readTree(denied.stdout());
        assertThat(decision.path("hookSpecificOutput").path("hookEventName").asText()).isEqualTo("PreToolUse");
        assertThat(decision.path("hookSpecificOutput").path("permissionDecision").asText()).isEqualTo("deny");
        assertThat(decision.path("hookSpecificOutput").path("permissionDecisionReason").asText())
                .contains("Budget exceeded", "daily budget of $0.10 for " + project, "$0.12 spent", "cs budget set");

        // Raising the budget lets tools run again.
        cs.json("budget", "set", "--daily", "1", "--json");
        assertThat(runHook(cs, bin, project, preToolUse, payload("PreToolUse", transcript, project)).stdout()).isEmpty();

        // The hook also records the transcript's usage up to the previous response, so a turn that goes over
        // is stopped mid-turn, before any Stop hook ran. msg_1: 190k in + 40k out at sonnet 4.5 = 0.57 + 0.60
        // = 1.17 (+ 0.12 logged before). msg_2, the response whose tool call is being checked, may still be
        // streaming: it is left for later (its usage may not be final).
        Files.writeString(transcript, assistantLine("msg_1", "req_1", 190_000, 40_000)
                + assistantLine("msg_2", "req_2", 1000, 100));
        Result midTurn = runHook(cs, bin, project, preToolUse, payload("PreToolUse", transcript, project));
        assertThat(MAPPER.readTree(midTurn.stdout()).path("hookSpecificOutput").path("permissionDecisionReason").asText())
                .contains("daily budget of $1.00", "$1.29 spent");
        assertThat(cs.sql("SELECT idempotency_key FROM ai_usage WHERE source = 'auto-log'"))
                .extracting(r -> r.get("idempotency_key")).containsExactly("claude:msg_1:req_1");

        // Stop: auto-log stores msg_2 and finds msg_1 already stored (never counted twice); it reports the budget.
        Result stopped = runHook(cs, bin, project, stop, payload("Stop", transcript, project));
        assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
        JsonNode auto = MAPPER.readTree(stopped.stdout());
        assertThat(auto.path("messages").path("logged").asInt()).isEqualTo(1);
        assertThat(auto.path("messages").path("alreadyLogged").asInt()).isEqualTo(1);
        assertThat(auto.path("budget").path("exceeded").asBoolean()).isTrue();
        // 0.12 + 1.17 + msg_2 (1000 in, 100 out: 0.003 + 0.0015)
        assertThat(cs.json("status", "--json").path("aiCost").asDouble()).isEqualTo(1.2945);

        // SessionEnd: the session is ended.
        Result ended = runHook(cs, bin, project, end, payload("SessionEnd", transcript, project));
        assertThat(ended.exitCode()).as(ended.stderr()).isZero();
        assertThat(MAPPER.readTree(ended.stdout()).path("status").asText()).isEqualTo("completed");

        // The daily limit still holds after the session: the next session's tools are blocked at once.
        runHook(cs, bin, project, start, payload("SessionStart", transcript, project));
        Result nextSession = runHook(cs, bin, project, preToolUse, payload("PreToolUse", null, project));
        assertThat(MAPPER.readTree(nextSession.stdout()).path("hookSpecificOutput").path("permissionDecision").asText())
                .isEqualTo("deny");

        // SessionEnd never ends another project's session, even when it is the only one active.
        Path other = Files.createDirectories(tmp.resolve("other-project"));
        long otherId = cs.in(other).json("start", "other", "--json").path("id").asLong();
        assertThat(runHook(cs, bin, project, end, payload("SessionEnd", transcript, project)).exitCode()).isZero();
        Result none = runHook(cs, bin, project, end, payload("SessionEnd", transcript, project));
        assertThat(none.exitCode()).as("a non-blocking error for Claude Code").isEqualTo(1);
        assertThat(MAPPER.readTree(none.stdout()).path("error").path("code").asText()).isEqualTo("no_active_session");
        assertThat(cs.sql("SELECT status FROM sessions WHERE id = " + otherId)).extracting(r -> r.get("status"))
                .containsExactly("active");
    }
}
