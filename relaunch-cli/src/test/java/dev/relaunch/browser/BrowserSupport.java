package dev.relaunch.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code /usr/bin/chromium} (or {@code -Drelaunch.chromium=PATH}),
 * never a browser Playwright downloads. Tests are skipped, with a message saying why, where it is missing.
 */
final class BrowserSupport {
    static final Path CHROMIUM = Paths.get(System.getProperty("relaunch.chromium", "/usr/bin/chromium"));
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private BrowserSupport() {
    }

    private static boolean warned;

    /** True when Chromium is installed; says once on the console why the browser tests are skipped otherwise. */
    static synchronized boolean chromiumPresent() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && !warned) {
            warned = true;
            System.err.println("[WARNING] " + skipMessage());
        }
        return present;
    }

    /** Skips the calling test (reported as skipped, with the reason) when Chromium is not installed. */
    static void assumeChromium() {
        Assumptions.assumeTrue(chromiumPresent(), BrowserSupport::skipMessage);
    }

    private static String skipMessage() {
        return "Browser tests skipped: no Chromium at " + CHROMIUM + ". Install it (Debian/Ubuntu: "
                + "`apt-get install chromium`) or pass -Drelaunch.chromium=/path/to/chromium.";
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync")));
    }

    /**
     * Where screenshots go: {@code target/screenshots} by default (kept by CI as artifacts);
     * {@code -Drelaunch.screenshots=true} writes the documentation images in {@code docs/screenshots};
     * any other value is taken as a folder.
     */
    static Path screenshotDir() {
        String p = System.getProperty("relaunch.screenshots", "");
        Path dir = p.isBlank() || p.equals("false") ? Paths.get("target", "screenshots")
                : p.equals("true") ? Paths.get(System.getProperty("relaunch.root", "..")).resolve("docs/screenshots")
                : Paths.get(p);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(screenshotDir().resolve(name)));
    }
}
