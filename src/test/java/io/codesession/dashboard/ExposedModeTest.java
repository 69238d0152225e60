package io.codesession.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.codesession.dashboard.http.WebServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dashboard bound to a network address (configured as {@code 0.0.0.0}, listening on loopback
 * for the test): the token guards every request and never appears in a page.
 */
@QuarkusTest
class ExposedModeTest {

    static final String TOKEN = "q3V0b2tlbi1leGFtcGxlLW5vdC1yZWFsXyzAB";
    static WebServer web;

    @Inject
    TestServers servers;

    @BeforeEach
    void start() throws IOException {
        if (web == null) {
            web = servers.start(new DashboardConfig("0.0.0.0", TOKEN, false));
        }
        RestAssured.port = web.port();
    }

    @AfterAll
    static void stopServer() {
        if (web != null) {
            web.stop();
            web = null;
        }
    }

    @Test
    void apiNeedsTheToken() {
        given().get("/api/v1/stats").then().statusCode(401).contentType("application/json")
                .body("error", containsString("Unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/api/v1/stats").then().statusCode(401);
        given().get("/api/v1/stats?token=" + TOKEN.substring(1)).then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).get("/api/v1/stats").then().statusCode(200);
        given().header("authorization", "bearer   " + TOKEN).get("/api/stats").then().statusCode(200);
        given().header(SecurityFilter.TOKEN_HEADER, TOKEN).get("/api/v1/version").then().statusCode(200);
        given().get("/api/v1/stats?token=" + TOKEN).then().statusCode(200);
    }

    @Test
    void pagesNeedTheTokenAndNeverContainIt() {
        for (String p : List.of("/", "/sessions", "/models", "/insights", "/pricing", "/alerts", "/help", "/changelog", "/index.html")) {
            Response r = given().redirects().follow(false).get(p);
            assertThat(r.statusCode()).as(p).isEqualTo(401);
            assertThat(r.asString()).as(p).doesNotContain(TOKEN).doesNotContain("cs-token");
        }
        // the stylesheet of the sign-in page is public
        given().get("/assets/app.css").then().statusCode(200);
    }

    @Test
    void tokenLoginSetsAnHttpOnlyCookieAndDropsTheTokenFromTheUrl() {
        Response login = given().redirects().follow(false).get("/sessions?status=active&token=" + TOKEN);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/sessions?status=active");
        String cookie = login.header("Set-Cookie");
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(TOKEN);
        String value = login.getCookie(SecurityFilter.COOKIE);
        String page = given().cookie(SecurityFilter.COOKIE, value).get("/sessions").then().statusCode(200).extract().asString();
        assertThat(page).doesNotContain(TOKEN);
        given().cookie(SecurityFilter.COOKIE, value).get("/api/v1/stats").then().statusCode(200);
        given().cookie(SecurityFilter.COOKIE, "forged").get("/api/v1/stats").then().statusCode(401);
    }

    @Test
    void theCspIsSentAndHostRulesStillApply() {
        given().header("Authorization", "Bearer " + TOKEN).header("Host", "rebind.example:" + RestAssured.port)
                .get("/api/v1/stats").then().statusCode(403);
        given().header("Authorization", "Bearer " + TOKEN).get("/api/v1/stats").then()
                .header("Content-Security-Policy", containsString("default-src 'self'"));
        // even with the token, a cross-origin mutation is refused
        given().header("Authorization", "Bearer " + TOKEN).header("Origin", "http://evil.example")
                .post("/api/v1/reset?confirm=true").then().statusCode(403).body("error", equalTo(
                        "Forbidden: cross-origin or Origin-less POST request (expected Origin: http://localhost:"
                                + RestAssured.port + ")"));
    }
}
