package io.codesession.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codesession.testing.CsDriver;
import io.codesession.testing.CsDriver.Result;
import io.codesession.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cs today} and its registry, driven as a user would, on real repositories. */
class TodayIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    // ---- registry ---------------------------------------------------------------------------

    @Test
    void registryInitAddRemoveProjects() throws Exception {
        CsDriver cs = new CsDriver(tmp);
        Result none = cs.run("today", "projects").assertOk();
        assertThat(none.stdout()).contains("No projects tracked yet.").contains("cs today init");
        assertThat(pretty(cs.run("today", "projects", "--json").assertOk())).isEmpty();

        try (GitFixture api = GitFixture.init(tmp.resolve("api")); GitFixture web = GitFixture.init(tmp.resolve("web"))) {
            api.write("src/main.go", "package main\n").commitAll("init");
            Path apiDir = api.dir().toRealPath();
            Path webDir = web.dir().toRealPath();

            // init in a subdirectory registers the work tree's top level
            Result init = cs.in(api.dir().resolve("src")).run("today", "init");
            init.assertOk();
            assertThat(init.stdout()).contains("✓ Registered: api").contains(apiDir.toString()).contains("cs today");

            // add by a relative path, with a name
            JsonNode added = cs.in(tmp).json("today", "add", "web", "-n", "Website", "--json");
            assertThat(added.path("created").asBoolean()).isTrue();
            assertThat(added.path("project").path("path").asText()).isEqualTo(webDir.toString());
            assertThat(added.path("project").path("name").asText()).isEqualTo("Website");
            assertThat(added.path("project").path("id").asLong()).isPositive();

            // the same directory again, another way (symbolic link, trailing slash): no second row
            Path link = tmp.resolve("api-link");
            Files.createSymbolicLink(link, api.dir());
            JsonNode again = cs.json("today", "add", link + "/", "--json");
            assertThat(again.path("created").asBoolean()).isFalse();
            assertThat(again.path("project").path("path").asText()).isEqualTo(apiDir.toString());
            Result human = cs.run("today", "add", apiDir.toString()).assertOk();
            assertThat(human.stdout()).contains("Already tracked: api");
            // re-adding with a name renames
            JsonNode renamed = cs.json("today", "add", apiDir.toString(), "--name", "Backend", "--json");
            assertThat(renamed.path("renamed").asBoolean()).isTrue();
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM today_projects").getFirst().get("n")).isEqualTo(2);

            // ordered by name, then path
            JsonNode list = pretty(cs.run("today", "ls", "--json").assertOk());
            assertThat(list).extracting(n -> n.path("name").asText(), n -> n.path("path").asText())
                    .containsExactly(tuple("Backend", apiDir.toString()), tuple("Website", webDir.toString()));
            assertThat(CsDriver.keys(list.get(0))).containsExactly("id", "path", "name", "addedAt");
            Result projects = cs.run("today", "projects").assertOk();
            assertThat(projects.stdout()).contains("Tracked Projects (2)").contains("Backend").contains(webDir.toString());

            // errors: nothing changes
            Path missing = tmp.resolve("nope");
            Result notFound = cs.run("today", "add", "nope");
            assertThat(notFound.exitCode()).isEqualTo(1);
            assertThat(notFound.stderr()).contains("Directory not found: " + missing);
            notFound.assertNoStackTrace();
            JsonNode err = cs.jsonError("today", "add", missing.toString(), "--json");
            assertThat(err.path("code").asText()).isEqualTo("invalid_input");
            assertThat(cs.jsonError("today", "add", api.dir().resolve("src/main.go").toString(), "--json")
                    .path("message").asText()).startsWith("Not a directory");
            assertThat(cs.jsonError("today", "add", webDir.toString(), "-n", "bad\u0007name", "--json")
                    .path("code").asText()).isEqualTo("invalid_input");
            Result removeUnknown = cs.run("today", "remove", "nope");
            assertThat(removeUnknown.exitCode()).isEqualTo(1);
            assertThat(removeUnknown.stderr()).contains("Not found in tracked projects: " + missing);
            assertThat(cs.jsonError("today", "remove", "nope", "--json").path("code").asText())
                    .isEqualTo("project_not_found");
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM today_projects").getFirst().get("n")).isEqualTo(2);

            // remove by a subdirectory (its git top-level) and by a path that no longer exists
            Result removed = cs.run("today", "remove", api.dir().resolve("src").toString()).assertOk();
            assertThat(removed.stdout()).contains("✓ Removed from tracking: Backend");
            web.close();
            deleteTree(web.dir());
            JsonNode gone = cs.json("today", "remove", webDir.toString(), "--json");
            assertThat(gone.path("removed").path("name").asText()).isEqualTo("Website");
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM today_projects").getFirst().get("n")).isEqualTo(0);
        }
    }

    @Test
    void unknownSubcommandIsAnError() {
        CsDriver cs = new CsDriver(tmp);
        Result r = cs.run("today", "foo");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("unknown command 'foo'");
        assertThat(cs.db()).doesNotExist();
    }

    // ---- snapshot -----------------------------------------------------------------------------

    /** A project with a pushed and an unpushed commit, a stash, staged/unstaged/untracked changes, TODOs. */
    private GitFixture uploader() throws Exception {
        Path remote = tmp.resolve("remote.git");
        Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
        GitFixture repo = GitFixture.init(tmp.resolve("uploader"));
        repo.write("src/upload.ts", "export function upload() {\n  return 1; // TODO: cap retries\n}\n")
                .write("README.md", "# TODO list\nSee https://example.com/TODO: nothing\n<!-- FIXME: rewrite intro -->\n")
                .write("notes.txt", "// TODO: not a source file\n")
                .write("obsolete.ts", "export {}\n")
                .write(".gitignore", "dist/\n");
        repo.commitAll("initial");
        repo.git().remoteAdd().setName("origin").setUri(new URIish(remote.toUri().toURL())).call();
        repo.git().push().setRemote("origin").add("main").call();
        StoredConfig cfg = repo.git().getRepository().getConfig();
        cfg.setString("branch", "main", "remote", "origin");
        cfg.setString("branch", "main", "merge", "refs/heads/main");
        cfg.save();
        repo.write("src/retry.ts", "export const retries = 3;\n").commitAll("retry with jitter");
        repo.write("src/upload.ts", "export function upload() {\n  return 2; // stashed idea\n}\n");
        repo.git().stashCreate().setWorkingDirectoryMessage("On {0}: retry idea").call();
        repo.write("src/upload.ts", "export function upload() {\n  return 1; // TODO: cap retries\n  // XXX: log\n}\n");
        repo.write("src/new.ts", "/* FIXME: handle 429 */\n");
        repo.git().add().addFilepattern("src/new.ts").call();
        repo.write("scratch.py", "print(1)  # HACK: quick check\n");
        repo.write("dist/bundle.js", "// TODO: ignored build output\n");
        repo.delete("obsolete.ts");
        return repo;
    }

    @Test
    void jsonSnapshotOfARegisteredProject() throws Exception {
        CsDriver cs = new CsDriver(tmp).env("PATH", pathWithoutGh());
        try (GitFixture repo = uploader()) {
            Path dir = repo.dir().toRealPath();
            // the project's last session: started in a subdirectory, with usage, a note and end notes
            cs.in(repo.dir().resolve("src"));
            cs.json("start", "Add retry to uploader", "--json");
            cs.json("log-ai", "-p", "openai", "-m", "gpt-4.1", "--prompt-tokens", "12000", "--completion-tokens", "3000",
                    "--agent", "Bug Fixer", "--json");
            cs.json("note", "halfway there", "--json");
            cs.json("end", "-n", "tests green", "--json");
            // a later session in the parent directory: the global last session, not this project's
            cs.in(tmp).json("start", "other work", "--json");

            cs.in(tmp.resolve("work"));
            cs.json("today", "add", dir.resolve("src").toString(), "--json");
            Result r = cs.run("today", "--json").assertOk();
            r.assertNoStackTrace();
            JsonNode snap = pretty(r);
            assertThat(r.stdout()).startsWith("{\n  \"schemaVersion\": 1,\n  \"codesessionVersion\": ");
            assertThat(CsDriver.keys(snap)).containsExactly("schemaVersion", "codesessionVersion", "timestamp", "projects",
                    "lastSessionGlobal", "missingProjects");
            assertThat(snap.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

            JsonNode p = snap.path("projects").get(0);
            assertThat(snap.path("projects")).hasSize(1);
            assertThat(CsDriver.keys(p)).containsExactly("path", "name", "isGitRepo", "git", "todos", "pullRequests",
                    "lastSession", "registered", "notes");
            assertThat(p.path("path").asText()).isEqualTo(dir.toString());
            assertThat(p.path("name").asText()).isEqualTo("uploader");
            assertThat(p.path("isGitRepo").asBoolean()).isTrue();
            assertThat(p.path("registered").asBoolean()).isTrue();

            JsonNode git = p.path("git");
            assertThat(git.path("branch").asText()).isEqualTo("main");
            assertThat(files(git.path("uncommittedFiles"))).containsExactly("obsolete.ts deleted", "scratch.py untracked",
                    "src/upload.ts modified");
            assertThat(files(git.path("stagedFiles"))).containsExactly("src/new.ts new file");
            assertThat(git.path("stashes")).hasSize(1);
            assertThat(git.path("stashes").get(0).path("index").asInt()).isZero();
            assertThat(git.path("stashes").get(0).path("message").asText()).isEqualTo("On main: retry idea");
            JsonNode commits = git.path("recentCommits");
            assertThat(commits).extracting(c -> c.path("message").asText()).containsExactly("retry with jitter", "initial");
            assertThat(commits.get(0).path("hash").asText()).hasSize(7);
            assertThat(commits.get(0).path("date").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
            assertThat(commits.get(0).path("relative").asText()).matches("just now|\\d+m ago");
            assertThat(git.path("hasUnpushed").asBoolean()).isTrue();
            assertThat(git.path("unpushedCount").asInt()).isEqualTo(1);
            assertThat(git.path("upstream").asText()).isEqualTo("origin/main");

            List<String> todos = new ArrayList<>();
            p.path("todos").forEach(t -> todos.add(t.path("file").asText() + ":" + t.path("line").asInt() + " "
                    + t.path("type").asText() + " " + t.path("text").asText()));
            assertThat(todos).containsExactlyInAnyOrder("src/upload.ts:2 TODO cap retries", "src/upload.ts:3 XXX log",
                    "src/new.ts:1 FIXME handle 429", "scratch.py:1 HACK quick check", "README.md:3 FIXME rewrite intro");
            assertThat(p.path("todos").get(0).path("modifiedAt").asText()).endsWith("Z");

            assertThat(p.path("pullRequests")).isEmpty();
            assertThat(p.path("notes")).extracting(JsonNode::asText)
                    .containsExactly("pull requests not checked: GitHub CLI (gh) not found on PATH");

            JsonNode last = p.path("lastSession");
            assertThat(CsDriver.keys(last)).containsExactly("id", "name", "startTime", "endTime", "duration", "aiCost",
                    "aiTokens", "filesChanged", "commits", "status", "notes", "aiCalls", "fileChanges", "sessionNotes");
            assertThat(last.path("name").asText()).isEqualTo("Add retry to uploader");
            assertThat(last.path("status").asText()).isEqualTo("completed");
            assertThat(last.path("notes").asText()).isEqualTo("tests green");
            assertThat(last.path("aiTokens").asLong()).isEqualTo(15000);
            JsonNode call = last.path("aiCalls").get(0);
            assertThat(CsDriver.keys(call)).containsExactly("provider", "model", "tokens", "promptTokens",
                    "completionTokens", "cost", "agentName", "timestamp");
            assertThat(call.path("promptTokens").asLong()).isEqualTo(12000);
            assertThat(call.path("agentName").asText()).isEqualTo("Bug Fixer");
            assertThat(last.path("sessionNotes")).extracting(JsonNode::asText).containsExactly("halfway there");

            JsonNode global = snap.path("lastSessionGlobal");
            assertThat(global.path("name").asText()).isEqualTo("other work");
            assertThat(global.path("status").asText()).isEqualTo("active");
            assertThat(global.path("endTime").isNull()).isTrue();
            assertThat(global.path("duration").isNull()).isTrue();

            // human, --ai and --share render the same snapshot
            Result human = cs.run("today").assertOk();
            assertThat(human.stdout()).doesNotContain("Auto-registered")
                    .contains("Last session: ").contains("→ ongoing")
                    .contains("┌─ You were working on ")
                    .contains("main (uploader)")
                    .contains("4 files changed (1 staged, 1 modified, 1 untracked, 1 deleted)")
                    .contains("1 unpushed commit (ahead of origin/main)")
                    .contains("Stash: \"On main: retry idea\"")
                    .contains("Last commit: ")
                    .contains("├─ TODOs from recent files ")
                    .contains("src/upload.ts:2  TODO: cap retries")
                    .contains("Pull requests not checked: GitHub CLI (gh) not found on PATH.")
                    .doesNotContain("├─ Last session"); // the last session is still active
            human.stdout().lines().filter(l -> l.startsWith("  │") || l.startsWith("  ┌") || l.startsWith("  └"))
                    .forEach(l -> assertThat(l.codePointCount(0, l.length())).as(l).isEqualTo(72));

            Result ai = cs.run("today", "--ai").assertOk();
            assertThat(ai.stdout()).startsWith("# Developer Context — ")
                    .contains("## Last Session\n- **Task:** other work\n")
                    .contains("- **Time:** ").contains(" → ongoing\n")
                    .contains("## Project: uploader\n- **Path:** `" + dir + "`\n- **Branch:** `main`\n")
                    .contains("- **Uncommitted changes:**\n  - `obsolete.ts` (deleted)\n  - `scratch.py` (untracked)\n"
                            + "  - `src/upload.ts` (modified)\n")
                    .contains("- **Staged for commit:**\n  - `src/new.ts` (new file)\n")
                    .contains("- **Stashes:**\n  - stash@{0}: On main: retry idea\n")
                    .contains("- **Unpushed commits:** 1 (ahead of `origin/main`)\n")
                    .contains("- **Recent commits:**\n  - `")
                    .contains("- **TODOs in recently modified files:**\n")
                    .contains("  - `src/new.ts:1` — FIXME: handle 429\n")
                    .contains("- **Last codesession:** \"Add retry to uploader\" — completed\n")
                    .contains("- _Pull requests not checked: GitHub CLI (gh) not found on PATH._\n")
                    .contains("codesession-cli");

            Result share = cs.run("today", "--share").assertOk();
            assertThat(share.stdout()).startsWith("**Standup — ")
                    .contains("**In progress:**\n• Worked on: other work\n")
                    .contains("**Today:**\n• Continue work on `main` (uploader) — 4 uncommitted files\n"
                            + "• Apply stash in uploader: \"On main: retry idea\"\n"
                            + "• Push 1 commit on `main` (uploader)\n• 5 TODOs to address\n")
                    .contains("**Blockers:** None");

            // --json with several flags wins (precedence --json > --ai > --share)
            assertThat(pretty(cs.run("today", "--share", "--ai", "--json").assertOk()).path("projects")).hasSize(1);
        }
    }

    @Test
    void reportingNeverRegistersButTheHumanReportDoesOnceWhenNothingIsTracked() throws Exception {
        CsDriver cs = new CsDriver(tmp).env("PATH", pathWithoutGh());
        try (GitFixture repo = uploader()) {
            Path dir = repo.dir().toRealPath();
            cs.in(repo.dir().resolve("src"));
            JsonNode snap = pretty(cs.run("today", "--json").assertOk());
            assertThat(snap.path("projects")).hasSize(1);
            JsonNode p = snap.path("projects").get(0);
            assertThat(p.path("path").asText()).isEqualTo(dir.toString());
            assertThat(p.path("registered").asBoolean()).isFalse();
            assertThat(p.path("git").path("stagedFiles")).hasSize(1);
            assertThat(snap.path("lastSessionGlobal").isNull()).isTrue();
            assertThat(cs.run("today", "--ai").assertOk().stdout()).contains("## Project: uploader");
            assertThat(cs.run("today", "--share").assertOk().stdout()).contains("(uploader)");
            assertThat(cs.sql("SELECT COUNT(*) AS n FROM today_projects").getFirst().get("n")).isEqualTo(0);

            Result human = cs.run("today").assertOk();
            assertThat(human.stdout()).contains("Auto-registered " + dir).contains("cs today add <path>")
                    .contains("main (uploader)");
            assertThat(cs.sql("SELECT path FROM today_projects")).extracting(row -> row.get("path"))
                    .containsExactly(dir.toString());
            assertThat(cs.run("today").assertOk().stdout()).doesNotContain("Auto-registered");
        }
    }

    @Test
    void nonGitProjectsAndMissingDirectories() throws Exception {
        CsDriver cs = new CsDriver(tmp).env("PATH", pathWithoutGh());
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("plan.md"), "<!-- TODO: outline -->\n");
        Files.createDirectories(notes.resolve("node_modules/x"));
        Files.writeString(notes.resolve("node_modules/x/i.js"), "// TODO: dependency\n");
        Path doomed = Files.createDirectories(tmp.resolve("doomed"));
        String doomedPath = doomed.toRealPath().toString();
        cs.json("today", "add", notes.toString(), "--json");
        cs.json("today", "add", doomed.toString(), "--json");
        Files.delete(doomed);

        JsonNode snap = pretty(cs.run("today", "--json").assertOk());
        assertThat(snap.path("projects")).hasSize(1);
        JsonNode p = snap.path("projects").get(0);
        assertThat(p.path("isGitRepo").asBoolean()).isFalse();
        assertThat(p.path("git").isNull()).isTrue();
        assertThat(p.path("todos")).extracting(t -> t.path("file").asText() + " " + t.path("text").asText())
                .containsExactly("plan.md outline");
        assertThat(p.path("notes")).isEmpty(); // no git remote: nothing to ask GitHub, nothing to note
        assertThat(snap.path("missingProjects")).extracting(JsonNode::asText)
                .containsExactly(doomedPath);
        Result human = cs.run("today").assertOk();
        assertThat(human.stdout()).contains("plan.md:1  TODO: outline").contains("Not found, skipped: ");
    }

    // ---- pull requests through gh -------------------------------------------------------------

    @Test
    void openPullRequestsThroughGh() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
        Path gh = bin.resolve("gh");
        Files.writeString(gh, """
                #!/bin/sh
                cat > /dev/null  # stdin must be closed, or this waits until the time limit
                printf '%s\\n' "$@" > "$(dirname "$0")/args.txt"
                pwd > "$(dirname "$0")/cwd.txt"
                cat <<'JSON'
                [{"number":12,"title":"Retry uploads","state":"OPEN","url":"https://github.com/o/r/pull/12",
                  "reviewDecision":"REVIEW_REQUIRED","isDraft":false,
                  "statusCheckRollup":[{"status":"COMPLETED","conclusion":"FAILURE"}],"comments":[],"reviews":[]},
                 {"number":13,"title":"Docs draft","state":"OPEN","url":"https://github.com/o/r/pull/13",
                  "reviewDecision":"","isDraft":true,
                  "statusCheckRollup":[{"status":"IN_PROGRESS","conclusion":""}],"comments":[{"body":"hi"}],"reviews":[]}]
                JSON
                """);
        Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
        CsDriver cs = new CsDriver(tmp).env("PATH", bin + ":" + pathWithoutGh());
        try (GitFixture repo = uploader()) {
            Path dir = repo.dir().toRealPath();
            cs.json("today", "add", dir.toString(), "--json");
            JsonNode snap = pretty(cs.run("today", "--json").assertOk());
            JsonNode p = snap.path("projects").get(0);
            assertThat(p.path("notes")).isEmpty();
            JsonNode prs = p.path("pullRequests");
            assertThat(prs).hasSize(2);
            assertThat(CsDriver.keys(prs.get(0))).containsExactly("number", "title", "state", "url", "reviewComments",
                    "ciStatus", "isDraft", "reviewDecision");
            assertThat(prs).extracting(n -> n.path("number").asInt(), n -> n.path("ciStatus").asText(),
                    n -> n.path("isDraft").asBoolean(), n -> n.path("reviewComments").asInt())
                    .containsExactly(tuple(12, "failing", false, 0), tuple(13, "pending", true, 1));
            assertThat(prs.get(0).path("reviewDecision").asText()).isEqualTo("REVIEW_REQUIRED");
            assertThat(prs.get(1).path("reviewDecision").isNull()).isTrue();

            List<String> args = Files.readAllLines(bin.resolve("args.txt"));
            assertThat(args).startsWith("pr", "list", "--author", "@me", "--state", "open", "--json");
            assertThat(args).contains("--limit", "10");
            assertThat(Path.of(Files.readString(bin.resolve("cwd.txt")).strip())).isEqualTo(dir);

            Result human = cs.run("today").assertOk();
            assertThat(human.stdout()).contains("├─ Open PRs ").contains("#12 Retry uploads ✗ CI")
                    .contains("#13 Docs draft [draft] ◎ CI").doesNotContain("Pull requests not checked");
            assertThat(cs.run("today", "--ai").assertOk().stdout())
                    .contains("- **Open PRs:**\n  - #12: Retry uploads (CI: failing, review: review required)\n"
                            + "  - #13: Docs draft (draft, CI: pending)\n");
            assertThat(cs.run("today", "--share").assertOk().stdout()).contains("• Fix CI on PR #12: Retry uploads\n")
                    .contains("**Blockers:**\n• Waiting for review on PR #12: Retry uploads\n");

            // gh failing (e.g. not logged in): no pull requests and a note saying why
            Files.writeString(gh, "#!/bin/sh\necho 'To get started with GitHub CLI, please run:  gh auth login' >&2\nexit 4\n");
            JsonNode failed = pretty(cs.run("today", "--json").assertOk()).path("projects").get(0);
            assertThat(failed.path("pullRequests")).isEmpty();
            assertThat(failed.path("notes")).extracting(JsonNode::asText).containsExactly(
                    "pull requests not checked: gh failed: To get started with GitHub CLI, please run:  gh auth login");
        }

        // a project without a git remote: gh is not asked at all
        Files.delete(bin.resolve("args.txt"));
        Files.writeString(gh, "#!/bin/sh\ntouch \"$(dirname \"$0\")/args.txt\"\necho '[]'\n");
        try (GitFixture local = GitFixture.init(tmp.resolve("local"))) {
            local.write("a.ts", "// TODO: x\n").commitAll("one");
            cs.json("today", "remove", tmp.resolve("uploader").toString(), "--json");
            cs.json("today", "add", local.dir().toString(), "--json");
            JsonNode p = pretty(cs.run("today", "--json").assertOk()).path("projects").get(0);
            assertThat(p.path("notes")).isEmpty();
            assertThat(bin.resolve("args.txt")).doesNotExist();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static JsonNode pretty(Result r) {
        try {
            return MAPPER.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.stdout() + "\nstderr: " + r.stderr(), e);
        }
    }

    private static List<String> files(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(f -> out.add(f.path("path").asText() + " " + f.path("status").asText()));
        return out;
    }

    /** A PATH with only bash (the launcher's interpreter): certainly no {@code gh}. */
    private String pathWithoutGh() throws IOException {
        Path bin = tmp.resolve("bash-only-bin");
        if (!Files.exists(bin)) {
            Files.createDirectories(bin);
            Path bash = Path.of("/bin/bash").toRealPath();
            Files.createSymbolicLink(bin.resolve("bash"), bash);
            for (String tool : List.of("dirname", "cat", "touch", "pwd")) {
                for (String d : List.of("/usr/bin", "/bin")) {
                    Path p = Path.of(d, tool);
                    if (Files.isExecutable(p) && !Files.exists(bin.resolve(tool))) {
                        Files.createSymbolicLink(bin.resolve(tool), p);
                    }
                }
            }
        }
        return bin.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
