package io.codesession.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.codesession.common.Timestamps;
import io.codesession.store.ActivityStore;
import io.codesession.store.Database;
import io.codesession.store.SessionStore;
import io.codesession.store.UsageStore;
import io.codesession.usage.BudgetKind;
import io.codesession.usage.BudgetService;
import io.codesession.usage.BudgetService.Change;
import io.codesession.usage.PricingFile;
import io.codesession.usage.PricingService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import io.codesession.dashboard.http.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Alerts page and its API show the budgets of {@code cs budget} with the same spend the CLI checks. */
@QuarkusTest
class AlertsBudgetsTest {

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
    BudgetService budgets;
    @Inject
    TestServers servers;

    static final DashboardConfig config = new DashboardConfig("127.0.0.1", null, false);
    static WebServer web;

    Seed seed;

    @BeforeEach
    void freshStore() throws IOException {
        if (web == null) {
            web = servers.start(config);
        }
        io.restassured.RestAssured.port = web.port();
        Path tmp = Files.createTempDirectory(Path.of("target"), "alerts-budgets-test");
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

    @Test
    void noBudgetsSaysHowToSetOne() {
        given().get("/api/v1/alerts").then().statusCode(200).body("budgets", hasSize(0));
        assertThat(given().get("/alerts").asString()).contains("No budgets configured", "cs budget set");
    }

    @Test
    void budgetsWithTheirSpend() {
        String now = Timestamps.format(Instant.now());
        long a = seed.session("a", now, null, "/proj/a", "/proj/a", null);
        long b = seed.session("b", now, null, "/proj/b", null, null);
        seed.usage(a, "openai", "gpt-4.1", 1000, 100, 0.75, now);
        seed.usage(b, "openai", "gpt-4.1", 1000, 100, 0.5, now);
        budgets.set(null, Map.of(BudgetKind.DAILY, Change.of(1)));
        budgets.set("/proj/a", Map.of(BudgetKind.SESSION, Change.of(5), BudgetKind.MONTHLY, Change.of(0.8)));

        given().get("/api/v1/alerts").then().statusCode(200)
                .body("budgets", hasSize(2))
                .body("budgets[0].global", equalTo(true))
                .body("budgets[0].exceeded", equalTo(true))
                .body("budgets[0].checks[0].kind", equalTo("daily"))
                .body("budgets[0].checks[0].spent", equalTo(1.25f))
                .body("budgets[1].scope", equalTo("/proj/a"))
                .body("budgets[1].exceeded", equalTo(false))
                .body("budgets[1].checks[0].kind", equalTo("session"))
                .body("budgets[1].checks[0].sessionId", equalTo((int) a))
                .body("budgets[1].checks[1].spent", equalTo(0.75f))
                .body("budgets[1].checks[1].remaining", equalTo(0.05f));
        String html = given().get("/alerts").asString();
        assertThat(html).contains("id=\"budgets\"", "1 exceeded", "/proj/a", "EXCEEDED", "$1.25", "session " + a);
    }
}
