package dev.relaunch.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The plugin's UI inside an app of its own ({@link MiniApp}, started with plain {@code java}, no supervisor), at the
 * non-default base path {@code /admin/relaunch}: Settings lists the app's keys, and Restart Server hands over to a
 * successor started with the app's own command line, which shows the new PID.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PluginUiIT {
    private static final Pattern SUCCESS_TOAST = Pattern.compile("Restarted: PID (\\d+) → (\\d+) in \\d+\\.\\d s");
    private static final String BASE = "/admin/relaunch";

    private Path dir;
    private Process app;
    private String url;

    @BeforeEach
    void startApp() throws IOException {
        BrowserSupport.assumeChromium();
        dir = Files.createTempDirectory("relaunch-plugin-ui-");
        Files.writeString(dir.resolve(".env"), "APP_ENV=development\nGREETING=hello\nAPI_TOKEN=secret-0123456789\n");
        Path out = dir.resolve("app.out");
        // the class path in CLASSPATH keeps the command line short, so the processes can be found by it (the JDK
        // reads only the first 4 KiB of another process's command line)
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                MiniApp.class.getName(), dir.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RELAUNCH_") || k.equals("APP_ENV"));
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        app = pb.start();
        Pattern listening = Pattern.compile("MiniApp listening on (\\d+)");
        String port = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!app.isAlive()) {
                        throw new AssertionError("the app exited: " + Files.readString(out));
                    }
                    Matcher m = listening.matcher(Files.readString(out));
                    return m.find() ? m.group(1) : null;
                }, p -> p != null);
        url = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stopEverything() throws IOException {
        if (dir == null) {
            return; // skipped: nothing was started
        }
        String marker = dir.toString();
        if (app != null) {
            app.destroy();
        }
        List<ProcessHandle> ours = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        ours.forEach(ProcessHandle::destroy);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ours.stream().noneMatch(ProcessHandle::isAlive));
        if (!Boolean.getBoolean("relaunch.keep")) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void settingsListsTheAppsKeysAndRestartServerEndsWithTheNewPid() throws IOException {
        try (Playwright playwright = BrowserSupport.playwright(); Browser browser = BrowserSupport.launch(playwright)) {
            Page page = browser.newContext().newPage();
            page.navigate(url + BASE + "/settings");
            Locator keys = page.locator("#env-table tbody tr th.key");
            assertThat(keys).containsText(new String[] {"APP_ENV", "GREETING", "API_TOKEN"});
            assertThat(page.locator("#env-table")).not().containsText("secret-0123456789");
            String before = page.locator("#footer-pid").textContent();
            assertThat(page.locator("#health-link")).hasAttribute("href", "api/v1/health");

            Files.writeString(dir.resolve(".env"), "APP_ENV=development\nGREETING=changed\n"
                    + "API_TOKEN=secret-0123456789\n");
            page.locator("#restart-button").click();
            assertThat(page.locator("#restart-dialog-keys")).containsText("GREETING");
            page.locator("#restart-confirm").click();
            Locator toast = page.locator(".toast-success").filter(new Locator.FilterOptions()
                    .setHasText(SUCCESS_TOAST));
            assertThat(toast).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(90_000));
            Matcher m = SUCCESS_TOAST.matcher(toast.textContent());
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).isEqualTo(before);
            String after = m.group(2);
            assertThat(after).isNotEqualTo(before);
            page.waitForURL(url + BASE + "/settings");
            assertThat(page.locator("#footer-pid")).hasText(after, new LocatorAssertions.HasTextOptions()
                    .setTimeout(30_000));
            assertThat(page.locator("#env-table tbody")).containsText("changed");
            // the app's own page, untouched; in a tab of its own, as this one reloads itself once the new PID answers
            Page app = page.context().newPage();
            app.navigate(url + "/");
            assertThat(app.locator("body")).hasText("greeting: none");
        }
    }
}
