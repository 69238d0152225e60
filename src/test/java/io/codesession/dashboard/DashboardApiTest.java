package io.codesession.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.codesession.common.Timestamps;
import io.codesession.dashboard.http.WebServer;
import io.codesession.store.ActivityStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import io.codesession.testing.GitFixture;
import io.codesession.usage.PricingFile;
import io.codesession.usage.PricingService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every API endpoint and the security rules, against a fresh store per test: the real server
 * (JDK HTTP server, security filter, routes) on an ephemeral loopback port, in this process.
 */
@QuarkusTest
class DashboardApiTest {

    static final DashboardConfig config = new DashboardConfig("127.0.0.1", null, false);
    static WebServer web;

    @Inject
    Database db;
    @Inject
    SessionStore sessions;
    @Inject
    ActivityStore activity;
    @Inject
    UsageStore usage;
    @Inject
    PricingService pricing;
    @Inject
    TestServers servers;
    @Inject
    io.codesession.session.SessionService sessionService;

    Seed seed;
    Path tmp;

    static final String NOW = Timestamps.format(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(7200));
    static final String LATER = Timestamps.format(Instant.parse(NOW).plusSeconds(3600));

    @BeforeEach
    void freshStore() throws IOException {
        if (web == null) {
            web = servers.start(config);
        }
        RestAssured.port = web.port();
        tmp = Files.createTempDirectory(Path.of("target"), "api-test");
        db.usePath(tmp.resolve("sessions.db"));
        pricing.useFile(new PricingFile(tmp.resolve("pricing.json")));
        seed = new Seed(db, sessions, activity, usage);
    }

    @AfterAll
    static void stopServer() {
        if (web != null) {
            web.stop();
            web = null;
        }
    }

    String origin() {
        return "http://localhost:" + RestAssured.port;
    }

    // ---- read endpoints ------------------------------------------------------------------------

    @Test
    void emptyStoreAnswersZerosAndEmptyLists() {
        given().get("/api/v1/stats").then().statusCode(200)
                .header("X-Codesession-Api-Version", "1")
                .contentType("application/json")
                .body(equalTo("{\"totalSessions\":0,\"totalTime\":0,\"totalFiles\":0,\"totalCommits\":0,"
                        + "\"totalAICost\":0,\"avgSessionTime\":0,\"activeSessions\":0}"));
        for (String p : List.of("daily-costs", "daily-tokens", "model-breakdown", "provider-breakdown", "top-sessions",
                "file-hotspots", "activity-heatmap", "cost-velocity", "projects", "token-ratios")) {
            given().get("/api/v1/" + p).then().statusCode(200).body(equalTo("[]"));
        }
        given().get("/api/v1/sessions").then().statusCode(200).body("total", equalTo(0)).body("sessions", hasSize(0));
    }

    @Test
    void statsCountCompletedAndActiveSessions() {
        long a = seed.session("done", NOW, LATER, "/p/a", null, null);
        seed.usage(a, "openai", "gpt-4.1", 12000, 3000, 0.048, NOW);
        seed.usage(a, "openai", "gpt-4.1", 1, 1, 0.0000001, NOW);
        seed.session("running", LATER, null, "/p/a", null, null);
        given().get("/api/v1/stats").then().statusCode(200)
                .body("totalSessions", equalTo(1)).body("totalTime", equalTo(3600)).body("activeSessions", equalTo(1))
                .body("totalAICost", equalTo(0.0480001f));
    }

    @Test
    void sessionListPaginatesSearchesFiltersAndSortsAcrossPages() {
        for (int i = 0; i < 30; i++) {
            String start = Timestamps.format(Instant.parse(NOW).minusSeconds(3600L * i));
            long id = seed.session((i % 2 == 0 ? "Fix " : "Add ") + "task " + i, start,
                    i == 0 ? null : Timestamps.format(Instant.parse(start).plusSeconds(60)), "/p", null, null);
            seed.usage(id, "openai", "gpt-4.1", 100, 100, i / 100.0, start);
        }
        seed.session("100% literal_name", NOW, null, "/p", null, null);
        given().get("/api/v1/sessions?limit=10&offset=5").then().statusCode(200)
                .body("total", equalTo(31)).body("sessions", hasSize(10));
        given().get("/api/v1/sessions?search=fix&limit=1000").then().body("total", equalTo(15));
        given().get("/api/v1/sessions?status=active").then().body("total", equalTo(2));
        given().get("/api/v1/sessions?status=completed").then().body("total", equalTo(29));
        // % and _ match literally, not as wildcards
        given().queryParam("search", "100%").get("/api/v1/sessions").then().body("total", equalTo(1));
        given().queryParam("search", "Fix_task").get("/api/v1/sessions").then().body("total", equalTo(0));
        // sorting covers every session, not just the current page
        given().get("/api/v1/sessions?sort=aiCost&order=desc&limit=1").then()
                .body("sessions[0].name", equalTo("Add task 29"));
        given().get("/api/v1/sessions?sort=aiCost&order=asc&limit=1&status=completed").then()
                .body("sessions[0].name", equalTo("Add task 1"));
        given().get("/api/v1/sessions?sort=name&limit=1").then().body("sessions[0].name", equalTo("100% literal_name"));
        // SessionRecord shape: absent values omitted
        Response r = given().get("/api/v1/sessions?status=active&sort=name");
        assertThat(r.asString()).contains("\"status\":\"active\"").doesNotContain("endTime").doesNotContain("\"duration\"");
    }

    @Test
    void badListParametersAreJson400s() {
        for (String q : List.of("limit=abc", "limit=0", "limit=1001", "offset=-1", "status=paused", "sort=evil", "order=up",
                "limit=12abc")) {
            given().get("/api/v1/sessions?" + q).then().statusCode(400).contentType("application/json")
                    .body("error", not(equalTo(null)));
        }
        given().get("/api/v1/daily-costs?days=0").then().statusCode(400).body("error", containsString("days"));
        given().get("/api/v1/daily-costs?days=366").then().statusCode(400);
        given().get("/api/v1/top-sessions?limit=x").then().statusCode(400);
        given().get("/api/v1/file-hotspots?limit=-3").then().statusCode(400);
        given().get("/api/v1/cost-velocity?limit=5000").then().statusCode(400);
    }

    @Test
    void sessionDetailHasChildrenAndClearErrors() {
        long id = seed.session("detail", NOW, LATER, "/p", null, null);
        seed.usage(id, "anthropic", "claude-sonnet-4", 1000, 200, 0.006, NOW);
        seed.file(id, "src/a.ts", "modified", NOW);
        seed.commit(id, "abcdef1", "First", NOW);
        seed.note(id, "a note", NOW);
        given().get("/api/v1/sessions/" + id).then().statusCode(200)
                .body("session.name", equalTo("detail")).body("aiUsage", hasSize(1)).body("files[0].filePath", equalTo("src/a.ts"))
                .body("commits[0].hash", equalTo("abcdef1")).body("notes[0].message", equalTo("a note"));
        given().get("/api/v1/sessions/999").then().statusCode(404).body("error", equalTo("Session not found"));
        given().get("/api/v1/sessions/12abc").then().statusCode(400).body("error", containsString("Invalid session ID"));
        given().get("/api/v1/sessions/0").then().statusCode(400);
    }

    @Test
    void usageAnalyticsAreUnroundedAndPerModel() {
        String today = Timestamps.format(Instant.now().minusSeconds(60));
        long id = seed.session("s", today, null, "/p", null, null);
        seed.usage(id, "openai", "gpt-4.1", 12000, 3000, 0.048, today);
        seed.usage(id, "openai", "gpt-4.1", 1000, 500, 0.006, today);
        seed.usage(id, "anthropic", "claude-sonnet-4", 1000, 100, 0.0045, today);
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        given().get("/api/v1/daily-costs?days=7").then().statusCode(200)
                .body("[0].day", equalTo(day)).body("[0].cost", equalTo(0.0585f)).body("[0].sessions", equalTo(1))
                .body("[0].tokens", equalTo(17600));
        given().get("/api/v1/daily-tokens").then().body("[0].promptTokens", equalTo(14000))
                .body("[0].completionTokens", equalTo(3600)).body("[0].totalTokens", equalTo(17600));
        given().get("/api/v1/model-breakdown").then().body("[0].model", equalTo("gpt-4.1")).body("[0].calls", equalTo(2))
                .body("[0].totalCost", equalTo(0.054f)).body("[1].totalCost", equalTo(0.0045f));
        given().get("/api/v1/provider-breakdown").then().body("[0].provider", equalTo("openai")).body("[0].models", equalTo(1))
                .body("[1].totalCost", equalTo(0.0045f));
        given().get("/api/v1/token-ratios").then().body("[0].model", equalTo("gpt-4.1")).body("[0].ratio", equalTo(3.71f))
                .body("[0].calls", equalTo(2));
        // the alias answers the same
        assertThat(given().get("/api/model-breakdown").asString()).isEqualTo(given().get("/api/v1/model-breakdown").asString());
        // deleting usage rows keeps the daily summary in step (trigger)
        db.write(c -> c.createStatement().executeUpdate("DELETE FROM ai_usage WHERE model = 'claude-sonnet-4'"));
        given().get("/api/v1/model-breakdown").then().body("", hasSize(1));
    }

    @Test
    void sessionAnalytics() {
        String t1 = "2026-03-05T09:14:02.417Z"; // a Thursday
        long a = seed.session("expensive", t1, "2026-03-05T10:14:02.417Z", "/p/one", "/p/one", null);
        seed.usage(a, "openai", "gpt-4.1", 1000, 1000, 1.2, t1);
        long b = seed.session("cheap", "2026-03-05T09:40:00.000Z", "2026-03-05T10:10:00.000Z", "/p/two", null, null);
        seed.usage(b, "openai", "gpt-4.1", 10, 10, 0.1, t1);
        seed.file(a, "src/index.ts", "created", t1);
        seed.file(b, "src/index.ts", "modified", t1);
        seed.file(a, "src/index.ts", "modified", "2026-03-05T09:50:00.000Z");
        given().get("/api/v1/top-sessions?limit=1").then().body("", hasSize(1)).body("[0].name", equalTo("expensive"));
        given().get("/api/v1/activity-heatmap").then().body("[0].dayOfWeek", equalTo(4)).body("[0].hour", equalTo(9))
                .body("[0].sessions", equalTo(2)).body("[0].cost", equalTo(1.3f));
        given().get("/api/v1/cost-velocity").then().body("[0].name", equalTo("cheap")).body("[0].costPerHour", equalTo(0.2f))
                .body("[1].costPerHour", equalTo(1.2f));
        given().get("/api/v1/projects").then().body("[0].project", equalTo("/p/one")).body("[0].totalCost", equalTo(1.2f))
                .body("[1].project", equalTo("/p/two"));
        // hotspots are per project: two projects' src/index.ts stay apart
        given().get("/api/v1/file-hotspots").then().body("", hasSize(2)).body("[0].filePath", equalTo("src/index.ts"))
                .body("[0].project", equalTo("/p/one")).body("[0].changeCount", equalTo(2)).body("[0].sessionCount", equalTo(1))
                .body("[0].creates", equalTo(1)).body("[0].modifies", equalTo(1))
                .body("[0].lastChanged", equalTo("2026-03-05T09:50:00.000Z"))
                .body("[1].project", equalTo("/p/two")).body("[1].changeCount", equalTo(1));
        // the summary follows deletions too
        db.write(c -> c.createStatement().executeUpdate("DELETE FROM file_changes WHERE session_id = " + b));
        given().get("/api/v1/file-hotspots").then().body("", hasSize(1));
    }

    // ---- diffs (JGit) ------------------------------------------------------------------------

    @Test
    void completedSessionDiffCoversAllItsCommitsAndCommitDiffsAreScoped() throws IOException {
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
            repo.write("a.txt", "one\n");
            RevCommit base = repo.commitAll("base");
            repo.write("outside.txt", "not in the session\n");
            RevCommit foreign = repo.commitAll("before the session");
            String root = repo.dir().toRealPath().toString();
            long id = seed.session("two commits", NOW, LATER, root, root, foreign.name());
            repo.write("a.txt", "one\ntwo\n");
            RevCommit c4 = repo.commitAll("c4");
            repo.write("b.txt", "bee\n");
            RevCommit c5 = repo.commitAll("c5");
            // the end scan records newest first with tied timestamps (TRK-25)
            seed.commit(id, c5.name().substring(0, 7), "c5", NOW);
            seed.commit(id, c4.name().substring(0, 7), "c4", NOW);
            String diff = given().get("/api/v1/sessions/" + id + "/diff").then().statusCode(200)
                    .contentType(containsString("text/plain")).extract().asString();
            assertThat(diff).contains("+two").contains("+bee").doesNotContain("not in the session");
            given().get("/api/v1/sessions/" + id + "/diff?file=b.txt").then().body(containsString("+bee"))
                    .body(not(containsString("+two")));
            given().get("/api/v1/sessions/" + id + "/diff-stats").then().statusCode(200).body("", hasSize(2))
                    .body("find { it.filePath == 'a.txt' }.additions", equalTo(1));
            given().get("/api/v1/sessions/" + id + "/commits/" + c4.name().substring(0, 7) + "/diff").then().statusCode(200)
                    .body(containsString("+two")).body(not(containsString("+bee")));
            // SEC-4: a commit of the repository that is not the session's is refused
            given().get("/api/v1/sessions/" + id + "/commits/" + foreign.name() + "/diff").then().statusCode(404)
                    .body("error", containsString("not part of session"));
            given().get("/api/v1/sessions/" + id + "/commits/" + base.name().substring(0, 8) + "/diff").then().statusCode(404);
            given().get("/api/v1/sessions/" + id + "/commits/xyz/diff").then().statusCode(400)
                    .body("error", containsString("Invalid commit hash"));
            given().get("/api/v1/sessions/" + id + "/diff?file=../etc/passwd").then().statusCode(400);
        }
    }

    @Test
    void activeSessionDiffIncludesUncommittedWork() throws IOException {
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo2"))) {
            repo.write("a.txt", "one\n");
            RevCommit start = repo.commitAll("base");
            String root = repo.dir().toRealPath().toString();
            long id = seed.session("active", NOW, null, root, root, start.name());
            repo.write("a.txt", "one\nuncommitted line\n");
            given().get("/api/v1/sessions/" + id + "/diff").then().statusCode(200).body(containsString("+uncommitted line"));
        }
    }

    @Test
    void activeSessionDiffLeavesOutWhatTheWorkTreeHeldAtTheStart() throws IOException {
        try (GitFixture repo = GitFixture.init(tmp.resolve("repo3"))) {
            repo.write("a.txt", "one\n").write("b.txt", "bee\n");
            repo.commitAll("base");
            repo.write("a.txt", "one\nedited before the session\n").write("draft.txt", "yesterday's draft\n");
            long id = sessionService.start(repo.dir().toRealPath(), "dirty start", false,
                    io.codesession.session.SessionService.CloseMode.NONE).session().id();
            repo.write("b.txt", "bee\nsession line\n");

            String diff = given().get("/api/v1/sessions/" + id + "/diff").then().statusCode(200).extract().asString();
            assertThat(diff).contains("+session line").doesNotContain("edited before the session")
                    .doesNotContain("yesterday's draft");
            given().get("/api/v1/sessions/" + id + "/diff-stats").then().statusCode(200).body("", hasSize(1))
                    .body("[0].filePath", equalTo("b.txt"));
            given().get("/api/v1/sessions/" + id + "/diff?file=a.txt").then().statusCode(200)
                    .body(not(containsString("edited before the session")));

            // Changed again during the session: a.txt is the session's too now (shown against HEAD).
            repo.write("a.txt", "one\nedited before the session\nand in it\n");
            given().get("/api/v1/sessions/" + id + "/diff-stats").then().statusCode(200).body("", hasSize(2));
            given().get("/api/v1/sessions/" + id + "/diff?file=a.txt").then().body(containsString("+and in it"));
        }
    }

    @Test
    void diffErrors() {
        long noGit = seed.session("no git", NOW, LATER, "/p", null, null);
        given().get("/api/v1/sessions/" + noGit + "/diff").then().statusCode(400)
                .body("error", containsString("has no git repository"));
        given().get("/api/v1/sessions/" + noGit + "/diff-stats").then().statusCode(200).body(equalTo("[]"));
        long noHead = seed.session("no head", NOW, LATER, "/p", "/p", null);
        given().get("/api/v1/sessions/" + noHead + "/diff").then().statusCode(400)
                .body("error", containsString("no start git HEAD"));
        given().get("/api/v1/sessions/4242/diff").then().statusCode(404).body("error", equalTo("Session 4242 not found"));
    }

    // ---- pricing, export, misc -----------------------------------------------------------------

    @Test
    void pricingCanBeReadSetAndDeleted() {
        given().get("/api/v1/pricing").then().statusCode(200).body("'gpt-4o'.input", equalTo(2.5f));
        mutate().contentType(ContentType.JSON).body("{\"model\":\"my-llm\",\"input\":0.2,\"output\":0.6}")
                .post("/api/v1/pricing").then().statusCode(200)
                .body(equalTo("{\"ok\":true,\"model\":\"my-llm\",\"input\":0.2,\"output\":0.6}"));
        assertThat(tmp.resolve("pricing.json")).content().contains("\"my-llm\"");
        mutate().contentType(ContentType.JSON).body("{\"model\":\"gpt-4o\",\"provider\":\"azure\",\"input\":1,\"output\":2}")
                .post("/api/v1/pricing").then().statusCode(200).body("model", equalTo("azure/gpt-4o"));
        given().get("/api/v1/pricing").then().body("'my-llm'.output", equalTo(0.6f)).body("'azure/gpt-4o'.input", equalTo(1));
        mutate().delete("/api/v1/pricing/azure/gpt-4o").then().statusCode(200).body("removed", equalTo(true));
        mutate().delete("/api/v1/pricing/my-llm").then().statusCode(200).body("ok", equalTo(true));
        given().get("/api/v1/pricing").then().body("'my-llm'", equalTo(null));
        mutate().delete("/api/v1/pricing/never-there").then().statusCode(200).body("removed", equalTo(false));
    }

    @Test
    void badPricingBodiesAreJsonErrorsNotStackTraces() throws Exception {
        for (String body : List.of("{\"model\":\"\",\"input\":1,\"output\":1}", "{\"model\":\"m\",\"input\":\"1\",\"output\":1}",
                "{\"model\":\"m\",\"input\":-1,\"output\":1}", "{\"model\":42,\"input\":1,\"output\":1}", "[1,2]", "{not json")) {
            mutate().contentType(ContentType.JSON).body(body).post("/api/v1/pricing").then().statusCode(400)
                    .contentType("application/json").body("error", not(equalTo(null)));
        }
        mutate().contentType(ContentType.TEXT).body("model=x").post("/api/v1/pricing").then().statusCode(415)
                .contentType("application/json");
        String big = "{\"model\":\"" + "x".repeat(5000) + "\",\"input\":1,\"output\":1}";
        mutate().contentType(ContentType.JSON).body(big).post("/api/v1/pricing").then().statusCode(413)
                .contentType("application/json").body("error", containsString("too large"));
        // a streamed (chunked) body of unknown length is refused before it is read
        var chunked = java.net.http.HttpRequest.newBuilder(java.net.URI.create(origin() + "/api/v1/pricing"))
                .header("Origin", origin()).header(SecurityFilter.CSRF_HEADER, config.csrfToken())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        var answer = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(chunked, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(411);
        assertThat(answer.body()).contains("Content-Length");
    }

    @Test
    void exportStreamsJsonAndCsv() {
        long id = seed.session("exported, \"quoted\"", NOW, LATER, "/p", null, null);
        seed.usage(id, "openai", "gpt-4.1", 10, 10, 0.5, NOW);
        given().get("/api/v1/export").then().statusCode(200).contentType(containsString("application/json"))
                .header("Content-Disposition", "attachment; filename=\"codesession-export.json\"")
                .body("[0].name", equalTo("exported, \"quoted\"")).body("[0].aiUsage", hasSize(1));
        String csv = given().get("/api/v1/export?format=csv").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        assertThat(csv).startsWith("id,name,status").contains("\"exported, \"\"quoted\"\"\"");
        given().get("/api/v1/export?format=CSV").then().statusCode(400);
        given().get("/api/v1/export?limit=abc").then().statusCode(400);
    }

    @Test
    void versionChangelogAndUnknownPaths() {
        given().get("/api/v1/version").then().statusCode(200).body("apiVersion", equalTo(1)).body("version", not(equalTo(null)));
        given().get("/api/v1/changelog").then().statusCode(200).contentType(containsString("text/plain"))
                .body(containsString("## [3.0.0]"));
        given().get("/api/v1/nonexistent").then().statusCode(404).contentType("application/json")
                .header("X-Codesession-Api-Version", "1").body("error", containsString("Unknown API endpoint"));
        given().get("/api/nonexistent/deeper").then().statusCode(404).contentType("application/json");
        mutate().post("/api/v1/stats").then().statusCode(405).contentType("application/json");
        given().put("/api/v1/stats").then().statusCode(405).contentType("application/json");
    }

    @Test
    void resetNeedsConfirmationAndClearsEverythingButTheProjectRegistry() {
        long id = seed.session("to delete", NOW, LATER, "/p", null, null);
        seed.usage(id, "openai", "gpt-4.1", 10, 10, 0.5, NOW);
        db.write(c -> c.createStatement().executeUpdate(
                "INSERT INTO today_projects (path, name, added_at) VALUES ('/x', 'x', '" + NOW + "')"));
        mutate().post("/api/v1/reset").then().statusCode(400).body("error", containsString("confirm=true"));
        mutate().post("/api/v1/reset?confirm=true").then().statusCode(200).body("ok", equalTo(true))
                .body("message", equalTo("All session data cleared"));
        given().get("/api/v1/stats").then().body("totalSessions", equalTo(0));
        given().get("/api/v1/model-breakdown").then().body(equalTo("[]"));
        int projects = db.read(c -> {
            var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM today_projects");
            rs.next();
            return rs.getInt(1);
        });
        assertThat(projects).isEqualTo(1);
        // and the summary keeps working after the bulk delete
        long again = seed.session("again", NOW, null, "/p", null, null);
        seed.usage(again, "openai", "gpt-4.1", 10, 10, 0.25, NOW);
        given().get("/api/v1/model-breakdown").then().body("[0].totalCost", equalTo(0.25f));
    }

    // ---- security ------------------------------------------------------------------------------

    io.restassured.specification.RequestSpecification mutate() {
        return given().header("Origin", origin()).header(SecurityFilter.CSRF_HEADER, config.csrfToken());
    }

    @Test
    void foreignHostHeadersAreRefused() {
        given().header("Host", "evil.example:" + RestAssured.port).get("/api/v1/stats").then().statusCode(403)
                .contentType("application/json").body("error", containsString("Host"));
        given().header("Host", "evil.example").get("/").then().statusCode(403);
        given().header("Host", "127.0.0.1:" + RestAssured.port).get("/api/v1/stats").then().statusCode(200);
        given().header("Host", "localhost:1").get("/api/v1/stats").then().statusCode(403);
    }

    @Test
    void mutationsNeedSameOriginAndCsrfToken() {
        seed.session("keep me", NOW, LATER, "/p", null, null);
        given().post("/api/v1/reset?confirm=true").then().statusCode(403).body("error", containsString("Origin"));
        given().header("Origin", "http://evil.example").header(SecurityFilter.CSRF_HEADER, config.csrfToken())
                .post("/api/v1/reset?confirm=true").then().statusCode(403);
        given().header("Origin", origin()).post("/api/v1/reset?confirm=true").then().statusCode(403)
                .body("error", containsString("CSRF"));
        given().header("Origin", origin()).header(SecurityFilter.CSRF_HEADER, "wrong").post("/api/v1/reset?confirm=true")
                .then().statusCode(403);
        // a cross-site form post of the page form is refused too
        given().header("Origin", "http://evil.example").formParam("_csrf", config.csrfToken()).formParam("confirm", "true")
                .post("/reset").then().statusCode(403);
        given().header("Origin", origin()).formParam("_csrf", "forged").formParam("confirm", "true").post("/reset").then()
                .statusCode(403);
        given().get("/api/v1/stats").then().body("totalSessions", equalTo(1));
        given().get("/api/v1/csrf").then().statusCode(200).body("csrfToken", equalTo(config.csrfToken()));
    }

    @Test
    void securityHeadersOnEveryResponse() {
        for (String p : List.of("/", "/sessions", "/api/v1/stats", "/nope", "/assets/app.js")) {
            Response r = given().get(p);
            assertThat(r.header("Content-Security-Policy")).as(p).contains("script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Powered-By")).isNull();
        }
    }

    @Test
    void userTextIsEscapedInPages() {
        String evil = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        long id = seed.session(evil, NOW, LATER, "/p/<b>dir</b>", null, null);
        seed.note(id, "<iframe src=javascript:alert(1)>", NOW);
        seed.commit(id, "abcdef1", "<svg onload=alert(1)>", NOW);
        seed.file(id, "src/<x>.ts", "modified", NOW);
        for (String p : List.of("/", "/sessions", "/sessions/" + id, "/sessions/" + id + "?tab=notes", "/insights?tab=projects",
                "/sessions?search=<script>")) {
            String html = given().get(p).then().statusCode(200).contentType(containsString("text/html")).extract().asString();
            assertThat(html).as(p).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<iframe")
                    .doesNotContain("<svg onload").doesNotContain("<b>dir</b>");
        }
        assertThat(given().get("/sessions/" + id).asString()).contains("&lt;script&gt;alert(")
                .contains("&lt;iframe src=javascript:alert(1)&gt;");
        // no inline scripts anywhere: every <script> has a src
        String html = given().get("/sessions/" + id).asString();
        assertThat(html.split("<script").length - 1).isEqualTo(html.split("<script src=\"/assets/").length - 1);
    }

    @Test
    void pagesRenderWithDataAndWhenEmpty() {
        for (String p : List.of("/", "/sessions", "/models", "/insights", "/pricing", "/alerts", "/help", "/changelog", "/reset")) {
            given().get(p).then().statusCode(200).contentType(containsString("text/html")).body(containsString("</html>"));
        }
        assertThat(given().get("/").asString()).contains("No sessions yet");
        long id = seed.session("page test", NOW, LATER, "/p", null, null);
        seed.usage(id, "openai", "gpt-4.1", 1000, 100, 0.25, Timestamps.format(Instant.now()));
        for (String p : List.of("/", "/sessions", "/sessions/" + id, "/models", "/insights", "/insights?tab=activity", "/alerts")) {
            given().get(p).then().statusCode(200).body(containsString("</html>"));
        }
        assertThat(given().get("/sessions?search=page").asString()).contains("page test");
        assertThat(given().get("/sessions?search=nomatch").asString()).contains("No sessions found");
        given().get("/sessions/999").then().statusCode(404).contentType(containsString("text/html"));
        given().get("/sessions/abc").then().statusCode(400);
        given().get("/no/such/page").then().statusCode(404).body(containsString("Page not found"));
    }

    @Test
    void pageFormsChangePricingAndAlerts() {
        given().header("Origin", origin()).formParam("_csrf", config.csrfToken()).formParam("action", "set")
                .formParam("model", "form-model").formParam("input", "1.5").formParam("output", "3").redirects().follow(false)
                .post("/pricing").then().statusCode(303);
        given().get("/api/v1/pricing").then().body("'form-model'.input", equalTo(1.5f));
        given().header("Origin", origin()).formParam("_csrf", config.csrfToken()).formParam("action", "set")
                .formParam("model", "bad").formParam("input", "abc").formParam("output", "3").post("/pricing").then()
                .statusCode(400).body(containsString("Invalid input price"));
        given().header("Origin", origin()).formParam("_csrf", config.csrfToken()).formParam("rule", "sessionCost")
                .formParam("limit", "0.1").formParam("alarm", "on").redirects().follow(false).post("/alerts").then()
                .statusCode(303);
        long id = seed.session("pricey", NOW, LATER, "/p", null, null);
        seed.usage(id, "openai", "gpt-4.1", 1000, 100, 0.25, NOW);
        given().get("/api/v1/alerts").then().statusCode(200).body("rules.sessionCost.limit", equalTo(0.1f))
                .body("alerts.find { it.rule == 'sessionCost' }.triggered", equalTo(true))
                .body("alerts.find { it.rule == 'sessionCost' }.level", equalTo("danger"))
                .body("sessionsOverLimit[0].name", equalTo("pricey"));
        mutate().contentType(ContentType.JSON).body("{\"rule\":\"sessionCost\",\"limit\":0}").post("/api/v1/alerts").then()
                .statusCode(200).body("alerts.find { it.rule == 'sessionCost' }.triggered", equalTo(false));
        mutate().contentType(ContentType.JSON).body("{\"rule\":\"nope\",\"limit\":1}").post("/api/v1/alerts").then()
                .statusCode(400);
        assertThat(given().get("/alerts").asString()).contains("Per-Session Limit");
    }

    @Test
    void assetsAreServedLocally() {
        given().get("/assets/chart.umd.min.js").then().statusCode(200).contentType(containsString("javascript"))
                .header("Cache-Control", containsString("immutable")).body(containsString("Chart"));
        given().get("/assets/app.css").then().statusCode(200).contentType(containsString("text/css"));
        given().get("/assets/../application.properties").then().statusCode(org.hamcrest.Matchers.not(200));
        given().get("/assets/nope.js").then().statusCode(404);
    }

}
