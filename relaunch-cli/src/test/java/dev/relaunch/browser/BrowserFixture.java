package dev.relaunch.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium for a browser test class ({@code @TestInstance(PER_CLASS)}, registered on an instance field
 * with {@code @RegisterExtension}), and a fresh browser context per test: 1280×800, 30 s limits. After a test, the
 * context is closed and no page may have thrown an uncaught JavaScript error; a failed test leaves a screenshot of its
 * last page in {@code target/browser-failures}. Tests are skipped, with the reason, where Chromium is missing.
 */
final class BrowserFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterTestExecutionCallback {
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;

    /** This test's context. */
    BrowserContext context() {
        return context;
    }

    @Override
    public void beforeAll(ExtensionContext ctx) {
        if (!BrowserSupport.chromiumPresent()) {
            return; // each test is skipped, with the reason, in beforeEach
        }
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        playwright = BrowserSupport.playwright();
        browser = BrowserSupport.launch(playwright);
    }

    @Override
    public void beforeEach(ExtensionContext ctx) {
        BrowserSupport.assumeChromium();
        pageErrors.clear();
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(BrowserSupport.WIDTH, BrowserSupport.HEIGHT));
        context.setDefaultTimeout(30_000);
        context.onPage(page -> page.onPageError(pageErrors::add));
    }

    @Override
    public void afterTestExecution(ExtensionContext ctx) throws Exception {
        List<Page> pages = context == null ? List.of() : context.pages();
        if (ctx.getExecutionException().isPresent() && !pages.isEmpty()) {
            Path dir = Files.createDirectories(Path.of("target", "browser-failures"));
            pages.get(pages.size() - 1).screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(dir.resolve(
                    ctx.getRequiredTestClass().getSimpleName() + "-" + ctx.getRequiredTestMethod().getName() + ".png")));
        }
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        if (context != null) {
            context.close();
            context = null;
        }
        assertThat(pageErrors).as("uncaught JavaScript errors in the page").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext ctx) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (playwright != null) {
                playwright.close();
            }
        }
    }
}
