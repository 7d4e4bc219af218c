package dev.relaunch.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.relaunch.it.RelaunchInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The UI of restart on change (issue 17): the Overview's Watching panel with Pause / Resume, and a restart caused by a
 * change in the toast, the Restarts tab and the failure banner.
 *
 * <p>The server, its restarts (successful and failed), their op records and log lines are real. What the server says
 * about watching comes from {@link FakeWatch}, which plays the watch contract ({@code /work/coord/WATCH-CONTRACT.md}:
 * the info answer's {@code watch}, {@code POST api/v1/settings/watch}, and {@code requested_by: watch} with
 * {@code changes} in op records) in the browser's network layer, until the supervisor's watching is merged and can be
 * driven for real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WatchUiIT {
    private static final double RESTART_MS = 90_000;
    private static final List<String> CHANGED = List.of("target/classes/demo/Greeting.class",
            "target/classes/demo/App.class", "target/classes/demo/Notes.class");

    private RelaunchInstance r;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private FakeWatch watch;
    private EnvFileText env;
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = ctx -> {
        if (ctx.getExecutionException().isPresent() && page != null && !page.isClosed()) {
            Path dir = Files.createDirectories(Path.of("target", "browser-failures"));
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                    .setPath(dir.resolve("WatchUiIT-" + ctx.getRequiredTestMethod().getName() + ".png")));
        }
    };

    @BeforeAll
    void startServerAndBrowser() throws IOException {
        if (!BrowserSupport.chromiumPresent()) {
            return; // each test is skipped, with the reason, in newContext()
        }
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        env = EnvFileText.fromExample();
        r = new RelaunchInstance();
        r.writeEnv(env.text());
        r.startSupervised();
        playwright = BrowserSupport.playwright();
        browser = BrowserSupport.launch(playwright);
    }

    @AfterAll
    void stopEverything() throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
            if (playwright != null) {
                playwright.close();
            }
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    @BeforeEach
    void newContext() {
        BrowserSupport.assumeChromium();
        pageErrors.clear();
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(BrowserSupport.WIDTH, BrowserSupport.HEIGHT));
        context.setDefaultTimeout(30_000);
        watch = new FakeWatch();
        watch.install(context);
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
            context = null;
        }
        page = null;
        assertThat(pageErrors).as("uncaught JavaScript errors in the page").isEmpty();
    }

    @Test
    @Order(1)
    void withoutWatchingTheOverviewHasNoWatchingPanel() {
        watch.state = null;
        open("/");
        assertThat(page.locator("#overview-pid")).hasText(Pattern.compile("^\\d+$"));
        assertThat(page.locator("#watch-panel")).isHidden();
    }

    @Test
    @Order(2)
    void theWatchingPanelShowsWhatIsWatchedAndPausesAndResumes() {
        open("/");
        Locator panel = page.locator("#watch-panel");
        assertThat(panel).isVisible();
        assertThat(page.locator("#watch-state")).hasText("on");
        assertThat(page.locator("#watch-summary")).hasText("On: a change restarts the server 300 ms after the last "
                + "file event.");
        assertThat(page.locator("#watch-paths li")).hasText(new String[] {"target/classes", ".env"});
        assertThat(page.locator("#watch-last")).hasText("None since the server started watching.");

        Locator toggle = page.locator("#watch-toggle");
        assertThat(toggle).hasText("Pause watching");
        toggle.click();
        assertThat(page.locator("#watch-state")).hasText("paused");
        assertThat(toggle).hasText("Resume watching");
        assertThat(page.locator("#watch-summary")).containsText("Paused");
        assertThat(page.locator(".toast")).containsText("Watching paused");
        assertThat(watch.posts).containsExactly("{\"paused\":true}");
        assertThat(toggle).isFocused();

        toggle.click();
        assertThat(page.locator("#watch-state")).hasText("on");
        assertThat(toggle).hasText("Pause watching");
        assertThat(watch.posts).containsExactly("{\"paused\":true}", "{\"paused\":false}");

        // the server refuses: it is not watched (any more); the panel says so and stays as it was
        watch.refuse = true;
        toggle.click();
        assertThat(page.locator(".toast-error")).containsText("This server is not watched");
        assertThat(page.locator("#watch-state")).hasText("on");
    }

    @Test
    @Order(3)
    void aPendingChangeAndAFailedBuildAreShownWithTheBuildsLines() {
        watch.state.set("pending", RelaunchInstance.JSON.createObjectNode()
                .<ObjectNode>set("paths", strings(CHANGED)).put("count", 3));
        watch.state.set("build", RelaunchInstance.JSON.createObjectNode().put("phase", "failed")
                .put("at", Instant.now().minusSeconds(4).toString())
                .put("message", "Compilation failure: Greeting.java:[7,9] cannot find symbol")
                .set("log_tail", strings(List.of("[ERROR] Greeting.java:[7,9] cannot find symbol",
                        "[ERROR]   symbol:   variable greting", "[ERROR]   location: class demo.Greeting"))));
        open("/");
        assertThat(page.locator("#watch-summary")).hasText("The last build failed: the old version keeps serving "
                + "until a build succeeds.");
        assertThat(page.locator("#watch-pending")).containsText("3 changes (Greeting.class, App.class, Notes.class)");
        assertThat(page.locator("#watch-pending")).containsText("restarts after the next successful build");
        Locator build = page.locator("#watch-build");
        assertThat(build).containsText("Build failed");
        assertThat(build).containsText("cannot find symbol");
        assertThat(build.locator("pre.log")).containsText("variable greting");
        assertThat(build).containsText("The old version keeps serving");
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "watch-build-failed.png");

        // the next successful build: the failure goes, the change is waiting for its restart
        watch.state.set("build", RelaunchInstance.JSON.createObjectNode().put("phase", "succeeded")
                .put("at", Instant.now().toString()));
        assertThat(build).isHidden();
        assertThat(page.locator("#watch-summary")).hasText("A change is waiting: the server restarts in a moment.");
    }

    @Test
    @Order(4)
    void aRestartAfterAChangeSaysWhichFilesInTheToastTheOverviewAndTheRestartsTab() throws IOException {
        env.put("APP_NAME", "relaunch after a change");
        r.writeEnv(env.text());
        long before = r.healthPid();
        open("/");
        String opId = r.requestRestart(); // plays the supervisor's restart after a change (see FakeWatch)
        watch.lastChange(opId);
        JsonNode op = r.awaitOp(opId);
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
        long after = op.path("pid_after").asLong();
        r.track(after);

        assertThat(page.locator(".toast").filter(new Locator.FilterOptions().setHasText(
                "Restarted after a change in Greeting.class (+2 more): PID " + before + " → " + after)))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        assertThat(page.locator("#footer-pid")).hasText(String.valueOf(after));
        assertThat(page.locator("#last-restart-body")).containsText("by watch");
        assertThat(page.locator("#last-restart-body")).containsText("after a change in Greeting.class (+2 more)");
        assertThat(page.locator("#watch-last")).containsText("Greeting.class (+2 more)");
        assertThat(page.locator("#watch-last a")).hasText(opId);
        page.evaluate("() => document.querySelectorAll('#toast .toast').forEach(t => t.remove())");
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "overview-watching.png");

        page.locator(".nav a[data-tab=restarts]").click();
        Locator row = page.locator("#restarts-table tbody tr[data-op-id='" + opId + "']");
        assertThat(row.locator("td").nth(1)).containsText("watch");
        assertThat(row.locator("td").nth(1)).containsText("after a change in Greeting.class (+2 more)");
        row.locator("button.toggle-details").click();
        Locator details = page.locator("#op-details-" + opId);
        assertThat(details).containsText("Changed files (3)");
        assertThat(details.locator("li")).hasText(CHANGED.toArray(String[]::new));
    }

    @Test
    @Order(5)
    void aBrokenChangeShowsWhichChangeBrokeItThatTheOldVersionServesAndTheNewProcesssLines() throws IOException {
        env.put("PORT", "abc");
        r.writeEnv(env.text());
        long before = r.healthPid();
        open("/");
        String opId = r.requestRestart();
        watch.lastChange(opId);

        Locator failure = page.locator("#failure-banner");
        assertThat(failure).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        assertThat(page.locator("#failure-title")).hasText("The new configuration is invalid");
        assertThat(page.locator("#failure-cause")).hasText("This restart followed a change in Greeting.class "
                + "(+2 more). The old version keeps serving; the next change you save tries again.");
        assertThat(page.locator("#failure-still-serving"))
                .hasText("The old server (PID " + before + ") is still serving.");
        page.locator("#failure-details summary").click();
        assertThat(page.locator("#failure-log")).containsText("PORT=abc");
        assertThat(r.healthPid()).isEqualTo(before);
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "watch-restart-failed.png");

        env.put("PORT", "0");
        r.writeEnv(env.text());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void open(String path) {
        page = context.newPage();
        page.onPageError(pageErrors::add);
        page.navigate(r.url() + path);
        assertThat(page.locator("#footer-pid")).hasText(Pattern.compile("^\\d+$"));
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = RelaunchInstance.JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /**
     * The watch contract's HTTP side, played in the browser's network layer over the real server's answers: the info
     * answer gains {@code watch} (this state), {@code POST api/v1/settings/watch} sets {@code paused} (or answers 409
     * {@code not_watching} when {@link #refuse} is set), and every op record the API requested reads as a restart
     * after a change of {@link #CHANGED} ({@code requested_by: watch} and {@code changes}), as the supervisor writes
     * it.
     */
    private static final class FakeWatch {
        ObjectNode state = RelaunchInstance.JSON.createObjectNode();
        final List<String> posts = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        FakeWatch() {
            state.put("enabled", true).put("paused", false).put("quiet_ms", 300);
            state.set("paths", strings(List.of("target/classes", ".env")));
            state.putNull("pending");
            state.putNull("last_change");
            state.putNull("build");
        }

        void lastChange(String opId) {
            state.set("last_change", RelaunchInstance.JSON.createObjectNode().put("at", Instant.now().toString())
                    .put("count", 3).put("op_id", opId).set("paths", strings(CHANGED)));
            state.putNull("pending");
        }

        void install(BrowserContext context) {
            context.route("**/api/v1/info", route -> rewrite(route, data -> {
                ((ObjectNode) data).set("watch", state == null ? null : state.deepCopy());
                asWatchOp(data.path("last_restart"));
                asWatchOp(data.path("restart_in_progress"));
            }));
            context.route("**/api/v1/settings/restart/status/*", route -> rewrite(route, this::asWatchOp));
            context.route("**/api/v1/settings/restart/ops*", route -> rewrite(route, ops -> ops.forEach(this::asWatchOp)));
            context.route("**/api/v1/settings/watch", this::settings);
        }

        private void settings(Route route) {
            posts.add(route.request().postData());
            if (refuse) {
                route.fulfill(new Route.FulfillOptions().setStatus(409).setContentType("application/json")
                        .setBody("{\"error\":{\"code\":\"not_watching\",\"message\":\"relaunch runs without "
                                + "--watch; start it with relaunch start --watch\"}}"));
                return;
            }
            try {
                state.put("paused", RelaunchInstance.JSON.readTree(route.request().postData()).path("paused")
                        .asBoolean());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("application/json")
                    .setBody("{\"data\":" + state + "}"));
        }

        private void asWatchOp(JsonNode op) {
            if (op instanceof ObjectNode o && o.path("requested_by").asText().equals("api")) {
                o.put("requested_by", "watch");
                o.set("changes", RelaunchInstance.JSON.createObjectNode().<ObjectNode>set("paths", strings(CHANGED))
                        .put("count", 3));
            }
        }

        /** Answers with the real server's answer, its {@code data} changed by {@code edit}. */
        private static void rewrite(Route route, java.util.function.Consumer<JsonNode> edit) {
            APIResponse real;
            try {
                real = route.fetch();
            } catch (PlaywrightException e) {
                route.abort(); // the server did not answer (a hand-over): the page sees a network error, as it would
                return;
            }
            String body = real.text();
            try {
                JsonNode json = RelaunchInstance.JSON.readTree(body);
                if (real.ok() && json.has("data")) {
                    edit.accept(json.get("data"));
                    body = json.toString();
                }
            } catch (IOException e) {
                // not JSON (a reset during the hand-over): passed on as it came
            }
            route.fulfill(new Route.FulfillOptions().setResponse(real).setBody(body));
        }
    }
}
