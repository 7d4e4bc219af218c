package dev.relaunch.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.BoundingBox;
import dev.relaunch.it.RelaunchInstance;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser UI against the real server (issue 2: Overview and Settings; issue 4: the Restart Server button,
 * Restarts and Logs tabs), in headless Chromium. One supervised instance serves every test, in order, so the suite
 * pays for one start-up; each test sets the {@code .env} it needs and opens a fresh browser context.
 * Screenshots of the manual checklist steps are written along the way (see {@link BrowserSupport#screenshotDir()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RestartUiIT {
    /** Long enough for a restart on a loaded 2-core machine; assertions return as soon as they hold. */
    private static final double RESTART_MS = 90_000;
    private static final Pattern SUCCESS_TOAST = Pattern.compile("Restarted: PID (\\d+) → (\\d+) in \\d+\\.\\d s");
    private static final String REAL_API_KEY = "demo-api-key-0123456789";
    private static final String DB_URL = "postgres://app:%s@localhost:5432/app";
    private static final String REAL_DB_PASSWORD = "change-me-db-password";

    @RegisterExtension
    final BrowserFixture browser = new BrowserFixture();
    private RelaunchInstance r;
    private Page page;
    /** The .env as a fresh clone has it ({@code .env.example}, comments kept), with the values tests change. */
    private EnvFileText env;

    @BeforeAll
    void startServer() throws IOException {
        if (!BrowserSupport.chromiumPresent()) {
            return; // each test is skipped, with the reason, by the fixture
        }
        env = EnvFileText.fromExample();
        r = new RelaunchInstance();
        writeEnv();
        r.startSupervised();
    }

    @AfterAll
    void stopServer() throws IOException {
        if (r != null) {
            r.close();
        }
    }

    @BeforeEach
    void allowTheClipboard() {
        browser.context().grantPermissions(List.of("clipboard-read", "clipboard-write"),
                new BrowserContext.GrantPermissionsOptions().setOrigin(r.url()));
    }

    // ---- tests ------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void overviewShowsTheServerThisPageTalksTo() {
        JsonNode info = r.get("/api/v1/info").json().path("data");
        open("/");
        assertThat(page).hasTitle("Overview · relaunch");
        assertThat(page.locator("#overview-pid")).hasText(info.path("pid").asText());
        assertThat(page.locator("#footer-pid")).hasText(info.path("pid").asText());
        assertThat(page.locator("#health-dot")).hasAttribute("data-state", "ok");
        assertThat(page.locator("#overview-version")).hasText(info.path("version").asText());
        assertThat(page.locator("#overview-java")).hasText(info.path("java_version").asText());
        assertThat(page.locator("#overview-url")).hasText("127.0.0.1:" + r.port());
        assertThat(page.locator("#overview-env")).hasText("testing");
        assertThat(page.locator("#overview-mode")).hasText("supervised");
        assertThat(page.locator("#overview-started")).not().hasText("–");
        assertThat(page.locator("#overview-log-file")).hasText(info.path("log_file").asText());
        String uptime = page.locator("#overview-uptime").textContent();
        assertThat(page.locator("#overview-uptime")).not().hasText(uptime); // ticks every second
        assertThat(page.locator("#last-restart")).hasAttribute("data-status", "none");
        assertThat(page.locator("#last-restart-body")).containsText("No restart yet");
        assertThat(page.locator("#watch-panel")).isHidden(); // started without --watch
    }

    @Test
    @Order(2)
    void settingsListsKeysInFileOrderFiltersRevealsCopiesAndFlagsChangedKeys() throws IOException {
        open("/settings");
        Locator rows = page.locator("#env-table tbody tr");
        Locator count = page.locator("#filter-count");
        Locator filter = page.locator("#filter");

        // every .env key, in file order, before the defaults
        assertThat(rows.first()).hasAttribute("data-key", "HOST");
        List<String> keys = rowKeys(rows);
        assertThat(keys.subList(0, env.keys().size())).containsExactlyElementsOf(env.keys());
        int total = keys.size();
        assertThat(count).hasText(total + " of " + total);

        // masked as the server masks them: the URL keeps its shape, a key shows no character of the secret
        assertThat(valueOf("DATABASE_URL")).hasText(DB_URL.formatted("******"));
        assertThat(valueOf("API_KEY")).hasText("********");
        assertThat(valueOf("SESSION_SECRET")).hasText("********");
        assertThat(row("SESSION_SECRET").locator("th.key .badge")).hasText("secret");
        assertThat(row("APP_NAME").locator("th.key .badge")).hasCount(0);
        assertThat(row("INSTANCE_DIR").locator(".badge-source")).hasText("default");
        assertThat(page.locator("#env-table")).not().containsText(REAL_API_KEY);
        assertThat(page.locator("#env-table")).not().containsText(REAL_DB_PASSWORD);

        // filter: instant, by key or value, with the count
        filter.fill("smtp");
        assertThat(page.locator("#env-table tbody tr:visible")).hasCount(2);
        assertThat(rowKeys(page.locator("#env-table tbody tr:visible")))
                .containsExactly("SMTP_HOST", "SMTP_PASSWORD");
        assertThat(count).hasText("2 of " + total);
        filter.fill("export"); // a value
        assertThat(rowKeys(page.locator("#env-table tbody tr:visible"))).containsExactly("FEATURE_FLAGS");
        assertThat(count).hasText("1 of " + total);
        filter.fill("no-such-thing");
        assertThat(count).hasText("0 of " + total);
        assertThat(page.locator("#settings-no-match")).isVisible();
        filter.press("Escape");
        assertThat(filter).hasValue("");
        assertThat(count).hasText(total + " of " + total);
        page.locator("#settings-title").click();
        page.keyboard().press("/");
        assertThat(filter).isFocused();
        filter.press("Escape");

        // reveal: the real value, then masked again
        Locator reveal = row("API_KEY").locator("button.reveal");
        reveal.click();
        assertThat(valueOf("API_KEY")).hasText(REAL_API_KEY);
        assertThat(reveal).hasAttribute("aria-pressed", "true");
        reveal.click();
        assertThat(valueOf("API_KEY")).hasText("********");
        assertThat(reveal).hasAttribute("aria-pressed", "false");

        // copy: the clipboard holds the real value, a toast confirms
        row("API_KEY").locator("button.copy").click();
        assertThat(page.locator(".toast").filter(new Locator.FilterOptions().setHasText("Copied API_KEY")))
                .isVisible();
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(REAL_API_KEY);
        assertThat(valueOf("API_KEY")).hasText("********"); // copying does not reveal

        // a key edited in .env after start: badge and notice after a reload
        assertThat(page.locator("#env-table .badge.changed")).hasCount(0);
        assertThat(page.locator("#settings-notice")).isHidden();
        env.put("APP_NAME", "relaunch demo 2");
        writeEnv();
        page.reload();
        assertThat(row("APP_NAME").locator(".badge.changed")).isVisible();
        assertThat(page.locator("#env-table .badge.changed")).hasCount(1);
        assertThat(page.locator("#settings-notice")).isVisible();
        assertThat(page.locator("#settings-notice")).containsText("APP_NAME");
        assertThat(valueOf("APP_NAME")).hasText("relaunch demo"); // the running value until a restart

        // documentation: populated, one value revealed, filter empty
        row("DATABASE_URL").locator("button.reveal").click();
        assertThat(valueOf("DATABASE_URL")).hasText(DB_URL.formatted(REAL_DB_PASSWORD));
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "settings.png");
    }

    @Test
    @Order(3)
    void restartSuccessShowsTheBannerThenReloadsWithTheNewPid() throws IOException {
        env.put("APP_NAME", "relaunch demo 3");
        writeEnv();
        long before = r.healthPid();
        int opsBefore = opCount();
        open("/settings");
        Locator button = page.locator("#restart-button");
        Locator dialog = page.locator("#restart-dialog");

        // the dialog lists the changed key; Escape cancels
        button.click();
        assertThat(dialog).isVisible();
        assertThat(page.locator("#restart-dialog-changes")).containsText("These changes will be applied");
        assertThat(page.locator("#restart-dialog-keys")).containsText("APP_NAME");
        page.keyboard().press("Escape");
        assertThat(dialog).isHidden();
        assertThat(button).isEnabled();
        assertThat(page.locator("#restart-banner")).isHidden();

        // confirm: banner with the phase, the button disabled
        button.click();
        assertThat(page.locator("#restart-dialog-keys")).containsText("APP_NAME");
        int loads = loadCount();
        page.locator("#restart-confirm").click();
        assertThat(page.locator("#restart-banner")).isVisible();
        assertThat(page.locator("#restart-banner .banner-title")).hasText("Restarting…");
        assertThat(page.locator("#restart-phase")).hasText(Pattern.compile("\\S"));
        assertThat(button).isDisabled();
        assertThat(page.locator("#health-dot")).hasAttribute("data-state", "restarting");
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "restart-in-progress.png");

        // the page reloads itself and tells the new PID
        awaitReload(loads);
        Locator toast = page.locator(".toast-success").filter(new Locator.FilterOptions().setHasText(SUCCESS_TOAST));
        assertThat(toast).isVisible();
        long after = r.healthPid();
        r.track(after);
        Matcher m = SUCCESS_TOAST.matcher(toast.textContent());
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(before);
        assertThat(Long.parseLong(m.group(2))).isEqualTo(after).isNotEqualTo(before);
        assertThat(page.locator("#restart-banner")).isHidden();
        BrowserSupport.screenshot(page, "restart-success.png");
        assertThat(page.locator("#footer-pid")).hasText(String.valueOf(after));
        assertThat(page.locator("#restart-button")).isEnabled();
        assertThat(valueOf("APP_NAME")).hasText("relaunch demo 3"); // applied
        assertThat(page.locator("#env-table .badge.changed")).hasCount(0);
        assertThat(page.locator("#settings-notice")).isHidden();

        // Overview: new PID and the last restart
        page.locator(".nav a[data-tab=overview]").click();
        assertThat(page.locator("#overview-pid")).hasText(String.valueOf(after));
        assertThat(page.locator("#last-restart")).hasAttribute("data-status", "restarted");
        assertThat(page.locator("#last-restart-body .badge")).hasText("restarted");
        assertThat(page.locator("#last-restart-body")).containsText(before + " → " + after);
        assertThat(page.locator("#last-restart-body")).containsText("by UI");

        // exactly one operation: Escape did not start one
        assertThat(opCount()).isEqualTo(opsBefore + 1);
        JsonNode op = latestOp();
        assertThat(op.path("requested_by").asText()).isEqualTo("ui");
        assertThat(op.path("status").asText()).isEqualTo("restarted");
        dismissToasts();
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "overview.png");
    }

    @Test
    @Order(4)
    void failedRestartShowsTheReasonWhileTheOldServerKeepsServingAndTryAgainSucceeds() throws IOException {
        env.put("PORT", "abc");
        writeEnv();
        long before = r.healthPid();
        int opsBefore = opCount();
        open("/settings");

        page.locator("#restart-button").click();
        assertThat(page.locator("#restart-dialog-keys")).containsText("PORT");
        page.locator("#restart-confirm").click();

        Locator failure = page.locator("#failure-banner");
        assertThat(failure).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        assertThat(failure).hasAttribute("data-code", "config_invalid");
        assertThat(page.locator("#failure-title")).hasText("The new configuration is invalid");
        assertThat(page.locator("#failure-reason")).containsText("PORT=abc is not a number");
        assertThat(page.locator("#failure-still-serving"))
                .hasText("The old server (PID " + before + ") is still serving.");
        assertThat(r.healthPid()).isEqualTo(before);
        assertThat(page.locator("#restart-banner")).isHidden();
        assertThat(page.locator("#restart-button")).isEnabled();
        assertThat(page.locator("#footer-pid")).hasText(String.valueOf(before));
        assertThat(page.locator("#failure-log-file")).hasText(Pattern.compile("\\.log$"));

        // the new server's last log lines, collapsed until asked for
        Locator log = page.locator("#failure-log");
        assertThat(log).isHidden();
        page.locator("#failure-details summary").click();
        assertThat(log).isVisible();
        assertThat(log).containsText("PORT=abc");
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "restart-failure.png");

        // the page keeps working against the old server
        page.locator("#filter").fill("smtp");
        assertThat(page.locator("#env-table tbody tr:visible")).hasCount(2);
        page.locator("#filter").fill("");

        // fix .env, "Try again"
        env.put("PORT", "0");
        writeEnv();
        int loads = loadCount();
        page.locator("#try-again").click();
        assertThat(failure).isHidden();
        awaitReload(loads);
        Locator toast = page.locator(".toast-success").filter(new Locator.FilterOptions().setHasText(SUCCESS_TOAST));
        assertThat(toast).isVisible();
        long after = r.healthPid();
        r.track(after);
        assertThat(after).isNotEqualTo(before);
        assertThat(toast).containsText("PID " + before + " → " + after);
        assertThat(page.locator("#failure-banner")).isHidden();

        JsonNode ops = ops();
        assertThat(ops.size()).isEqualTo(opsBefore + 2);
        assertThat(ops.get(0).path("status").asText()).isEqualTo("restarted");
        assertThat(ops.get(1).path("status").asText()).isEqualTo("failed");
        assertThat(ops.get(1).path("error").path("code").asText()).isEqualTo("config_invalid");
        assertThat(ops.get(1).path("pid_before").asLong()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void doubleClicksAndRapidClicksStartExactlyOneOperation() {
        long before = r.healthPid();
        int opsBefore = opCount();
        open("/settings");
        Locator button = page.locator("#restart-button");
        Locator dialog = page.locator("#restart-dialog");

        // a double click opens the dialog once and must not close it again (the 2nd click lands on the backdrop)
        button.dblclick();
        assertThat(dialog).isVisible();
        page.keyboard().press("Escape");
        assertThat(dialog).isHidden();
        // four rapid clicks: one dialog, still open
        button.click(new Locator.ClickOptions().setClickCount(4));
        assertThat(dialog).isVisible();
        assertThat(page.locator("#restart-dialog-keys")).isHidden(); // nothing changed in .env
        assertThat(page.locator("#restart-dialog-changes")).containsText("No changes in .env");

        BoundingBox box = button.boundingBox();
        int loads = loadCount();
        page.locator("#restart-confirm").dblclick();
        assertThat(page.locator("#restart-banner")).isVisible();
        assertThat(button).isDisabled();
        // more clicks on the (disabled) button while restarting
        for (int i = 0; i < 3; i++) {
            page.mouse().click(box.x + box.width / 2, box.y + box.height / 2,
                    new com.microsoft.playwright.Mouse.ClickOptions().setClickCount(2));
        }
        assertThat(dialog).isHidden();
        awaitReload(loads);
        long after = r.healthPid();
        r.track(after);
        assertThat(after).isNotEqualTo(before);
        assertThat(page.locator(".toast-success")).containsText("PID " + before + " → " + after);

        assertThat(opCount()).as("operations after a double click").isEqualTo(opsBefore + 1);
        assertThat(latestOp().path("requested_by").asText()).isEqualTo("ui");
    }

    @Test
    @Order(6)
    void restartsTabListsOperationsNewestFirstAndAFailedOneExpands() throws IOException {
        ensureOneFailedAndOneSuccessfulOp();
        JsonNode ops = ops();
        List<String> ids = StreamSupport.stream(ops.spliterator(), false).map(o -> o.path("op_id").asText())
                .toList();
        List<String> times = StreamSupport.stream(ops.spliterator(), false)
                .map(o -> o.path("requested_at").asText()).toList();
        assertThat(times.stream().map(java.time.Instant::parse).toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());

        open("/restarts");
        Locator rows = page.locator("#restarts-table tbody tr[data-op-id]");
        assertThat(rows).hasCount(ids.size());
        assertThat(rows.evaluateAll("rs => rs.map(r => r.dataset.opId)")).isEqualTo(ids);
        assertThat(page.locator("#restarts-empty")).isHidden();

        // a successful row: who, status, PIDs, duration, phase timings
        JsonNode ok = find(ops, "restarted");
        Locator okRow = page.locator("#restarts-table tbody tr[data-op-id='" + ok.path("op_id").asText() + "']");
        assertThat(okRow).containsText("UI");
        assertThat(okRow.locator(".badge")).hasText("restarted");
        assertThat(okRow).containsText(ok.path("pid_before").asText() + " → " + ok.path("pid_after").asText());
        assertThat(okRow.locator("td.phases")).containsText("starting +");
        assertThat(okRow.locator("td.phases")).containsText("ready +");
        assertThat(okRow.locator("td.phases")).containsText("draining +");

        // the failed row expands to its error and log tail
        JsonNode failed = find(ops, "failed");
        String failedId = failed.path("op_id").asText();
        Locator failedRow = page.locator("#restarts-table tbody tr[data-op-id='" + failedId + "']");
        assertThat(failedRow.locator(".badge")).hasText("failed");
        Locator details = page.locator("#op-details-" + failedId);
        assertThat(details).isHidden();
        failedRow.locator("button.toggle-details").click();
        assertThat(details).isVisible();
        assertThat(details).containsText("config_invalid");
        assertThat(details.locator("pre.log")).containsText("PORT=abc");
        assertThat(failedRow.locator("button.toggle-details")).hasAttribute("aria-expanded", "true");
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "restarts.png");
        failedRow.locator("button.toggle-details").click();
        assertThat(details).isHidden();
    }

    @Test
    @Order(7)
    void logsTabShowsNewLinesAsTheyAreWrittenWithoutReloading() throws Exception {
        long before = r.healthPid();
        open("/logs");
        Locator view = page.locator("#log-view");
        assertThat(view).containsText("(PID " + before + ",");
        assertThat(page.locator("#log-state")).hasText("Live");
        assertThat(page.locator("#log-file")).hasText(Pattern.compile("server\\.log$"));
        page.evaluate("() => { window.__sameDocument = true; }");
        int loadsBefore = loadCount();

        // A restart from elsewhere (API, as `relaunch restart` does) writes to server.log: the lines appear here, and
        // the page follows the restart without reloading (which would drop the followed log). The new server takes
        // a few seconds to start, so the page sees the restart in progress whatever the speed; a slow request is in
        // flight on the old server meanwhile.
        env.put("TEST_STARTUP_DELAY_MS", "5000");
        writeEnv();
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(r.url() + "/api/v1/test/sleep?ms=6000")).build(),
                HttpResponse.BodyHandlers.ofString());
        String opId = r.requestRestart();
        assertThat(page.locator("#restart-banner")).isVisible(new LocatorAssertions.IsVisibleOptions()
                .setTimeout(RESTART_MS));
        JsonNode op = r.awaitOp(opId);
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
        long after = op.path("pid_after").asLong();
        r.track(after);
        assertThat(page.locator(".toast-success").filter(new Locator.FilterOptions()
                .setHasText(SUCCESS_TOAST))).containsText("PID " + before + " → " + after);
        assertThat(view).containsText("(PID " + after + ",",
                new LocatorAssertions.ContainsTextOptions().setTimeout(RESTART_MS));
        assertThat(page.locator("#health-dot")).hasAttribute("data-state", "ok");
        assertThat(page.locator("#restart-banner")).isHidden();
        assertThat(page.locator("#footer-pid")).hasText(String.valueOf(after));
        assertThat(loadCount()).as("page loads").isEqualTo(loadsBefore);
        assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
        assertThat(page.locator("#log-state")).hasText("Live");
        HttpResponse<String> drained = slow.get(60, TimeUnit.SECONDS);
        assertThat(drained.statusCode()).as("the request in flight during the restart").isEqualTo(200);
        env.put("TEST_STARTUP_DELAY_MS", "0");
        writeEnv();

        // filter and pause
        page.locator("#log-filter").fill("PID " + after + ",");
        assertThat(view.locator(".log-line:visible")).hasCount(1);
        assertThat(page.locator("#log-count")).hasText(Pattern.compile("^1 of \\d+ lines$"));
        page.locator("#log-filter").fill("");
        page.locator("#log-pause").click();
        assertThat(page.locator("#log-state")).hasText("Paused");
        page.locator("#log-pause").click();
        assertThat(page.locator("#log-state")).hasText("Live");
        assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "logs.png");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void writeEnv() throws IOException {
        r.writeEnv(env.text());
    }

    /** Opens a tab of the UI in a new page and waits until it has talked to the server. */
    private Page open(String path) {
        page = browser.context().newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                System.out.println("[browser console] " + m.text());
            }
        });
        AtomicInteger loads = new AtomicInteger();
        page.onLoad(p -> loads.incrementAndGet());
        this.loads = loads;
        page.navigate(r.url() + path);
        assertThat(page.locator("#footer-pid")).hasText(Pattern.compile("^\\d+$"));
        if (path.equals("/settings")) {
            assertThat(page.locator("#env-table tbody tr").first()).isVisible();
        }
        return page;
    }

    private AtomicInteger loads;

    private int loadCount() {
        return loads.get();
    }

    /** Waits for the page to reload itself (after a successful restart) and to show the new server's data. */
    private void awaitReload(int loadsBefore) {
        page.waitForCondition(() -> loads.get() > loadsBefore,
                new Page.WaitForConditionOptions().setTimeout(RESTART_MS));
        assertThat(page.locator("#footer-pid")).hasText(Pattern.compile("^\\d+$"));
    }

    /** Clears toasts before a documentation screenshot whose subject is not a toast. */
    private void dismissToasts() {
        page.evaluate("() => document.querySelectorAll('#toast .toast').forEach(t => t.remove())");
    }

    private Locator row(String key) {
        return page.locator("#env-table tbody tr[data-key='" + key + "']");
    }

    private Locator valueOf(String key) {
        return row(key).locator(".value");
    }

    @SuppressWarnings("unchecked")
    private static List<String> rowKeys(Locator rows) {
        return new ArrayList<>((List<String>) rows.evaluateAll("rs => rs.map(r => r.dataset.key)"));
    }

    private JsonNode ops() {
        return r.get("/api/v1/settings/restart/ops?limit=100").json().path("data");
    }

    private int opCount() {
        return ops().size();
    }

    private JsonNode latestOp() {
        return ops().get(0);
    }

    private static JsonNode find(JsonNode ops, String status) {
        for (JsonNode op : ops) {
            if (op.path("status").asText().equals(status)) {
                return op;
            }
        }
        throw new AssertionError("no " + status + " operation in " + ops);
    }

    /** When this test runs alone: make the operations the Restarts tab is checked with, through the API. */
    private void ensureOneFailedAndOneSuccessfulOp() throws IOException {
        boolean failed = false;
        boolean ok = false;
        for (JsonNode op : ops()) {
            failed |= op.path("status").asText().equals("failed");
            ok |= op.path("status").asText().equals("restarted");
        }
        if (!ok) {
            JsonNode op = r.awaitOp(r.requestRestart());
            r.track(op.path("pid_after").asLong());
        }
        if (!failed) {
            env.put("PORT", "abc");
            writeEnv();
            r.awaitOp(r.requestRestart());
            env.put("PORT", "0");
            writeEnv();
        }
    }
}
