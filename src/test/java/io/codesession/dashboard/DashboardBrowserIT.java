package io.codesession.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages in a real browser: Debian's Chromium driven by Playwright (never a downloaded
 * browser), against {@code target/cs dashboard --demo}. Screenshots go to target/screenshots/.
 */
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of(System.getProperty("cs.chromium", "/usr/bin/chromium"));
    static final Path SHOTS = Path.of("target", "screenshots");
    static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    static Path root;
    static DashboardProcess dashboard;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("Debian chromium (apt-get install chromium); .ci/run installs it").isExecutable();
        Files.createDirectories(SHOTS);
        root = Files.createTempDirectory("cs-browser-it");
        dashboard = DashboardProcess.start(root, "dashboard", "--demo", "--json", "--no-open", "--port",
                Integer.toString(DashboardProcess.freePort()));
        assertThat(dashboard.startup).as(dashboard.stderr()).isNotNull();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(ARGS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (dashboard != null) {
            dashboard.stop();
        }
    }

    /** A page that records console errors, uncaught exceptions and failed requests. */
    record Watched(Page page, List<String> problems) {
    }

    Watched open(BrowserContext ctx, String path) {
        Page page = ctx.newPage();
        page.setViewportSize(1440, 900);
        List<String> problems = new ArrayList<>();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error") || m.type().equals("warning")) {
                problems.add("console " + m.type() + ": " + m.text());
            }
        });
        page.onPageError(e -> problems.add("page error: " + e));
        page.onRequestFailed(r -> problems.add("request failed: " + r.url() + " " + r.failure()));
        page.onResponse(r -> {
            if (r.status() >= 400) {
                problems.add("HTTP " + r.status() + " " + r.url());
            }
        });
        page.navigate(dashboard.url() + path);
        page.waitForLoadState();
        return new Watched(page, problems);
    }

    void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Test
    void everyPageLoadsWithoutConsoleErrors() {
        try (BrowserContext ctx = browser.newContext()) {
            for (String[] p : new String[][] {{"/", "overview"}, {"/sessions", "sessions"}, {"/models", "models"},
                {"/insights", "insights"}, {"/insights?tab=activity", "insights-activity"},
                {"/insights?tab=projects", "insights-projects"}, {"/pricing", "pricing"}, {"/alerts", "alerts"},
                {"/help", "help"}, {"/changelog", "changelog"}, {"/reset", "reset"}}) {
                Watched w = open(ctx, p[0]);
                w.page().waitForTimeout(300);
                shot(w.page(), p[1]);
                assertThat(w.problems()).as(p[0]).isEmpty();
                assertThat(w.page().locator("main h1").first().textContent()).as(p[0]).isNotBlank();
                w.page().close();
            }
        }
    }

    @Test
    void overviewChartsAreDrawn() {
        try (BrowserContext ctx = browser.newContext()) {
            Watched w = open(ctx, "/");
            Locator canvas = w.page().locator("canvas#chart-daily-cost[data-drawn=true]");
            canvas.waitFor();
            // Chart.js painted something: the canvas has non-transparent pixels.
            Object painted = w.page().evaluate("() => { const c = document.getElementById('chart-daily-cost');"
                    + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
            assertThat(((Number) painted).intValue()).isGreaterThan(500);
            assertThat(w.page().locator("canvas[data-drawn=true]").count()).isGreaterThanOrEqualTo(4);
            assertThat(w.problems()).isEmpty();
        }
    }

    @Test
    void searchFiltersTheSessionList() {
        try (BrowserContext ctx = browser.newContext()) {
            Watched w = open(ctx, "/sessions");
            Page page = w.page();
            String before = page.locator("#session-count").textContent();
            int rowsBefore = page.locator("#sessions-table tbody tr").count();
            assertThat(rowsBefore).isEqualTo(25);
            page.locator("#search").fill("retry");
            page.waitForFunction("() => document.querySelector('#session-count').textContent.includes('retry')");
            Locator names = page.locator("#sessions-table tbody td.name");
            assertThat(names.count()).isPositive();
            for (String n : names.allTextContents()) {
                assertThat(n.toLowerCase()).contains("retry");
            }
            assertThat(page.locator("#session-count").textContent()).isNotEqualTo(before);
            assertThat(page.url()).contains("search=retry");
            shot(page, "sessions-search");
            page.locator("#search").fill("no such session at all");
            page.waitForFunction("() => document.querySelector('#session-count').textContent.startsWith('0 ')");
            assertThat(page.locator("text=No sessions found").isVisible()).isTrue();
            assertThat(w.problems()).isEmpty();
        }
    }

    @Test
    void aSessionDiffRenders() throws Exception {
        JsonNode list = DashboardProcess.MAPPER.readTree(
                dashboard.get("/api/v1/sessions?status=completed&sort=commits&limit=1").body());
        long id = list.get("sessions").get(0).get("id").asLong();
        try (BrowserContext ctx = browser.newContext()) {
            Watched w = open(ctx, "/sessions/" + id);
            Page page = w.page();
            shot(page, "session-timeline");
            page.locator(".tabs a[data-tab=files]").click();
            Locator first = page.locator("[data-panel=files] details.diff-item summary").first();
            first.click();
            page.locator("[data-panel=files] details.diff-item .diff-view .dl.add").first().waitFor();
            assertThat(page.locator("[data-panel=files] .diff-view .dl.hunk").count()).isPositive();
            shot(page, "session-files-diff");
            page.locator(".tabs a[data-tab=commits]").click();
            page.locator("[data-panel=commits] details.diff-item summary").first().click();
            page.locator("[data-panel=commits] .diff-view .dl.add").first().waitFor();
            shot(page, "session-commit-diff");
            assertThat(w.problems()).isEmpty();
        }
    }

    @Test
    void pagesAreUsefulWithJavaScriptOff() {
        try (BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false))) {
            Watched w = open(ctx, "/");
            assertThat(w.page().locator(".kpi").count()).isGreaterThanOrEqualTo(7);
            shot(w.page(), "overview-nojs");
            Watched s = open(ctx, "/sessions");
            s.page().locator("#search").fill("retry");
            s.page().locator("#session-filters button[type=submit]").click();
            for (int i = 0; i < 100 && !s.page().url().contains("search=retry"); i++) {
                s.page().waitForTimeout(100);
            }
            s.page().waitForLoadState();
            assertThat(s.page().url()).contains("search=retry");
            for (String n : s.page().locator("#sessions-table tbody td.name").allTextContents()) {
                assertThat(n.toLowerCase()).contains("retry");
            }
            shot(s.page(), "sessions-nojs");
        }
    }
}
