package dev.relaunch.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.relaunch.it.RelaunchInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the notes example apps (Javalin plugin or Spring Boot starter, the same app twice), run by the supervisor
 * from its own jar with relaunch's UI at {@code /admin/relaunch}: the Settings tab lists the app's keys (not
 * relaunch's) with secrets masked, and Restart Server ends with the new PID serving the new {@code .env} value.
 */
final class NotesAppInBrowser {
    private static final String BASE = "/admin/relaunch";
    private static final Pattern SUCCESS_TOAST = Pattern.compile("Restarted: PID (\\d+) → (\\d+) in \\d+\\.\\d s");

    private NotesAppInBrowser() {}

    /**
     * @param checkOverview    also check that the Overview tab shows where the app listens
     * @param screenshotPrefix names the screenshots taken with {@code -Drelaunch.screenshots=true}
     * @param extraEnv         lines added to the app's {@code .env}
     */
    static void restartFromTheSettingsTab(Path jar, boolean checkOverview, String screenshotPrefix,
                                          String... extraEnv) throws IOException {
        BrowserSupport.assumeChromium();
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        List<String> pageErrors = new CopyOnWriteArrayList<>();
        List<String> env = new ArrayList<>(List.of("GREETING=Hello from the browser test",
                "DATABASE_PASSWORD=notes-secret-0815"));
        env.addAll(List.of(extraEnv));
        try (RelaunchInstance r = new RelaunchInstance(env.toArray(String[]::new)).withApiBase(BASE);
             Playwright playwright = BrowserSupport.playwright();
             Browser browser = BrowserSupport.launch(playwright)) {
            r.startSupervisedCommand(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
            long before = r.healthPid();
            r.track(before);
            BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(BrowserSupport.WIDTH, BrowserSupport.HEIGHT));
            Page page = context.newPage();
            page.onPageError(pageErrors::add);

            if (checkOverview) {
                page.navigate(r.url() + BASE + "/");
                assertThat(page.locator("#main")).containsText("127.0.0.1:" + r.port());
            }
            page.navigate(r.url() + BASE + "/settings");
            Locator table = page.locator("#env-table");
            assertThat(table.locator("tbody tr")).not().hasCount(0);
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) table.locator("tbody tr").evaluateAll("rs => rs.map(r => r.dataset.key)");
            assertThat(keys).as("the app's .env").contains("GREETING", "DATABASE_PASSWORD", "APP_ENV")
                    .doesNotContain("RESTART_STANDBY", "RESTART_STRATEGY");
            assertThat(table).not().containsText("notes-secret-0815");
            BrowserSupport.screenshot(page, screenshotPrefix + "-settings.png");

            Files.writeString(r.envFile(), Files.readString(r.envFile())
                    .replace("Hello from the browser test", "Hello after Restart Server"));
            // the PID serving right before the click: the restart below must start from it
            long serving = r.healthPid();
            r.track(serving);
            page.locator("#restart-button").click();
            page.locator("#restart-confirm").click();
            Locator toast = page.locator(".toast-success").filter(new Locator.FilterOptions()
                    .setHasText(SUCCESS_TOAST));
            assertThat(toast).isVisible();
            Matcher m = SUCCESS_TOAST.matcher(toast.textContent());
            assertThat(m.find()).isTrue();
            long after = Long.parseLong(m.group(2));
            r.track(after);
            r.assertRestartStartedFrom(serving, Long.parseLong(m.group(1)));
            assertThat(after).isNotEqualTo(serving).isEqualTo(r.healthPid());
            assertThat(page.locator("#footer-pid")).hasText(String.valueOf(after));
            BrowserSupport.screenshot(page, screenshotPrefix + "-restarted.png");

            // the app's own page, in a tab of its own: this one reloads itself once the new PID answers
            Page app = context.newPage();
            app.onPageError(pageErrors::add);
            app.navigate(r.url() + "/");
            assertThat(app.locator("#greeting")).hasText("Hello after Restart Server");
            assertThat(app.locator("#pid")).hasText(String.valueOf(after));
            context.close();
        }
        assertThat(pageErrors).as("uncaught JavaScript errors in the page").isEmpty();
    }
}
