package dev.relaunch.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.it.RelaunchInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The UI of restart on change (issue 17) against a real supervisor started with {@code --watch}: the Overview's
 * Watching panel and its Pause / Resume button, a restart after a change in the toast, the Overview and the Restarts
 * tab, a build tool's failure report (sent on the control socket as {@code mvn relaunch:run} does), and a broken
 * change in the failure banner while the old server keeps serving. The built-in server watches its jar, {@code .env}
 * and, here, a {@code templates} folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WatchUiIT {
    private static final double RESTART_MS = 90_000;
    private static final Pattern ANY_PID = Pattern.compile("^\\d+$");

    @RegisterExtension
    final BrowserFixture browser = new BrowserFixture();
    private RelaunchInstance r;
    private Page page;
    private EnvFileText env;

    @BeforeAll
    void startWatchedServer() throws IOException {
        if (!BrowserSupport.chromiumPresent()) {
            return; // each test is skipped, with the reason, by the fixture
        }
        env = EnvFileText.fromExample();
        r = new RelaunchInstance();
        r.writeEnv(env.text());
        Files.createDirectories(r.dir().resolve("templates"));
        r.startSupervised("--watch", "--watch-quiet-ms", "200", "--watch-path", "templates");
    }

    @AfterAll
    void stopServer() throws IOException {
        if (r != null) {
            r.close();
        }
    }

    @Test
    @Order(1)
    void pauseHoldsAChangeUntilResumeThenTheRestartSaysWhichFileChanged() throws IOException {
        long before = r.healthPid();
        open("/");
        assertThat(page.locator("#watch-panel")).isVisible();
        assertThat(page.locator("#watch-state")).hasText("on");
        assertThat(page.locator("#watch-summary")).hasText("On: a change restarts the server 200 ms after the last "
                + "file event.");
        assertThat(page.locator("#watch-paths")).containsText(".env");
        assertThat(page.locator("#watch-paths")).containsText("templates");
        assertThat(page.locator("#watch-paths")).containsText("relaunch.jar");
        assertThat(page.locator("#watch-last")).hasText("None since the server started watching.");

        Locator toggle = page.locator("#watch-toggle");
        toggle.click();
        assertThat(page.locator("#watch-state")).hasText("paused");
        assertThat(toggle).hasText("Resume watching");
        assertThat(toggle).isFocused();
        assertThat(page.locator("#watch-summary")).containsText("Paused");
        assertThat(page.locator(".toast")).containsText("Watching paused");

        env.put("APP_NAME", "changed while paused");
        r.writeEnv(env.text());
        assertThat(page.locator("#watch-pending")).hasText("1 change (.env) — restarts when you resume");
        assertThat(r.healthPid()).isEqualTo(before);

        toggle.click();
        assertThat(toggle).hasText("Pause watching");
        Locator toast = page.locator(".toast").filter(new Locator.FilterOptions().setHasText(
                Pattern.compile("Restarted after a change in \\.env: PID " + before + " → \\d+ in \\d+\\.\\d s")));
        assertThat(toast).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        JsonNode op = latestOp();
        assertThat(op.path("requested_by").asText()).isEqualTo("watch");
        long after = op.path("pid_after").asLong();
        r.track(after);
        assertThat(toast).containsText("PID " + before + " → " + after);
        assertThat(page.locator("#footer-pid")).hasText(String.valueOf(after));
        assertThat(page.locator("#last-restart-body")).containsText("by watch");
        assertThat(page.locator("#last-restart-body")).containsText("after a change in .env");
        assertThat(page.locator("#watch-last")).containsText(".env");
        assertThat(page.locator("#watch-last a")).hasText(op.path("op_id").asText());
        assertThat(page.locator("#watch-pending")).hasCount(0);
    }

    @Test
    @Order(2)
    void aBurstOfChangesIsOneRestartListedWithItsFilesInTheRestartsTab() throws IOException {
        long before = r.healthPid();
        int ops = ops().size();
        open("/");
        for (String name : List.of("a.html", "b.html", "c.html")) {
            Files.writeString(r.dir().resolve("templates").resolve(name), "<p>" + name + "</p>\n");
        }
        Locator toast = page.locator(".toast").filter(new Locator.FilterOptions().setHasText(
                Pattern.compile("Restarted after a change in [abc]\\.html \\(\\+2 more\\): PID " + before + " → ")));
        assertThat(toast).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        JsonNode op = latestOp();
        assertThat(ops().size()).as("one restart for the burst").isEqualTo(ops + 1);
        r.track(op.path("pid_after").asLong());
        assertThat(page.locator("#overview-pid")).hasText(op.path("pid_after").asText());
        assertThat(page.locator("#last-restart-body")).containsText("(+2 more)");
        page.evaluate("() => document.querySelectorAll('#toast .toast').forEach(t => t.remove())");
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "overview-watching.png");

        page.locator(".nav a[data-tab=restarts]").click();
        String opId = op.path("op_id").asText();
        Locator row = page.locator("#restarts-table tbody tr[data-op-id='" + opId + "']");
        assertThat(row.locator("td").nth(1)).containsText("watch");
        assertThat(row.locator("td").nth(1)).containsText("(+2 more)");
        row.locator("button.toggle-details").click();
        Locator details = page.locator("#op-details-" + opId);
        assertThat(details).containsText("Changed files (3)");
        assertThat(details.locator("li")).hasText(new Pattern[] {Pattern.compile("templates/[abc]\\.html"),
            Pattern.compile("templates/[abc]\\.html"), Pattern.compile("templates/[abc]\\.html")});
    }

    @Test
    @Order(3)
    void aFailedBuildIsShownWithItsLinesUntilTheNextBuildSucceeds() throws Exception {
        open("/");
        build(Map.of("cmd", "build", "phase", "started"));
        assertThat(page.locator("#watch-summary")).hasText("Building: a restart waits until the build has finished.");
        build(Map.of("cmd", "build", "phase", "failed",
                "message", "Compilation failure: Greeting.java:[7,9] cannot find symbol",
                "log_tail", List.of("[ERROR] Greeting.java:[7,9] cannot find symbol",
                        "[ERROR]   symbol:   variable greting", "[ERROR]   location: class demo.Greeting")));
        assertThat(page.locator("#watch-summary")).hasText("The last build failed: the old version keeps serving "
                + "until a build succeeds.");
        Locator failed = page.locator("#watch-build");
        assertThat(failed).containsText("Build failed");
        assertThat(failed).containsText("Compilation failure: Greeting.java:[7,9] cannot find symbol");
        assertThat(failed.locator("pre.log")).containsText("variable greting");
        assertThat(failed).containsText("The old version keeps serving");
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "watch-build-failed.png");

        build(Map.of("cmd", "build", "phase", "succeeded"));
        assertThat(failed).hasCount(0);
        assertThat(page.locator("#watch-summary")).hasText("On: a change restarts the server 200 ms after the last "
                + "file event.");
    }

    @Test
    @Order(4)
    void aBrokenChangeSaysWhichChangeBrokeItWhileTheOldServerServesAndTheNextChangeRestarts() throws IOException {
        long before = r.healthPid();
        open("/");
        env.put("PORT", "abc");
        r.writeEnv(env.text());

        Locator failure = page.locator("#failure-banner");
        assertThat(failure).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        assertThat(failure).hasAttribute("data-code", "config_invalid");
        assertThat(page.locator("#failure-title")).hasText("The new configuration is invalid");
        assertThat(page.locator("#failure-cause")).hasText("This restart followed a change in .env. The old version "
                + "keeps serving; the next change you save tries again.");
        assertThat(page.locator("#failure-still-serving"))
                .hasText("The old server (PID " + before + ") is still serving.");
        page.locator("#failure-details summary").click();
        assertThat(page.locator("#failure-log")).containsText("PORT=abc");
        assertThat(r.healthPid()).isEqualTo(before);
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "watch-restart-failed.png");

        // the fix, saved: the next change restarts by itself and the banner goes
        env.put("PORT", "0");
        r.writeEnv(env.text());
        assertThat(page.locator(".toast").filter(new Locator.FilterOptions().setHasText(
                "Restarted after a change in .env: PID " + before + " → ")))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        assertThat(failure).isHidden();
        r.track(latestOp().path("pid_after").asLong());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> r.healthPid() != before);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void open(String path) {
        page = browser.context().newPage();
        page.navigate(r.url() + path);
        assertThat(page.locator("#footer-pid")).hasText(ANY_PID);
    }

    /** A build tool's report on the control socket, as {@code mvn relaunch:run} sends it. */
    private void build(Map<String, ?> request) throws Exception {
        ControlClient.call(SocketPaths.forInstance(r.dir().resolve("instance")), request, Duration.ofSeconds(10));
    }

    private JsonNode ops() {
        return r.get("/api/v1/settings/restart/ops?limit=100").json().path("data");
    }

    private JsonNode latestOp() {
        return ops().get(0);
    }
}
