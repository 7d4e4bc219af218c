package dev.relaunch.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.relaunch.it.RelaunchInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
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
 * Issue 11 in a browser: editing {@code .env} in the Settings tab of the real built-in server (headless Chromium).
 * An edit shows "pending restart" and "Save and restart" applies it; PORT=abc fails the restart while the old server
 * serves, and "Undo the edit" puts the file back byte for byte; two tabs editing at once get a conflict instead of a
 * lost update; a key the environment sets is marked; add and delete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EnvEditUiIT {
    private static final double RESTART_MS = 90_000;
    private static final String ENV = "# relaunch test\nHOST=127.0.0.1\nPORT=0\nAPP_ENV=testing\n"
            + "STARTUP_TIMEOUT_MS=60000\n\n# the app\nAPP_NAME=demo app # the title\nexport GREETING=\"hello\"\n"
            + "API_KEY=secret-value-0123456789\nFROM_SHELL=from the file\n";

    @RegisterExtension
    final BrowserFixture browser = new BrowserFixture();
    private RelaunchInstance r;
    private Page page;

    @BeforeAll
    void start() throws IOException {
        if (!BrowserSupport.chromiumPresent()) {
            return; // each test is skipped, with the reason, by the fixture
        }
        r = new RelaunchInstance();
        r.writeEnv(ENV);
        r.withEnv("FROM_SHELL", "from the shell");
        r.startSupervised();
    }

    @AfterAll
    void stop() throws IOException {
        if (r != null) {
            r.close();
        }
    }

    @Test
    @Order(1)
    void anEditIsPendingUntilSaveAndRestartAppliesIt() throws IOException {
        long before = r.healthPid();
        page = open();
        String fileBefore = Files.readString(r.envFile());

        // double-click the value, type, Enter: saved to .env, pending until a restart
        row("APP_NAME").locator(".value-cell").dblclick();
        Locator input = row("APP_NAME").locator(".edit-input");
        assertThat(input).hasValue("demo app");
        input.fill("edited in the browser");
        input.press("Enter");
        assertThat(row("APP_NAME").locator(".badge.changed")).hasText("pending restart");
        assertThat(row("APP_NAME").locator(".file-note")).containsText("After restart: edited in the browser");
        assertThat(valueOf("APP_NAME")).hasText("demo app"); // still the running value
        assertThat(page.locator("#settings-notice")).containsText("1 change takes effect after a restart");
        assertThat(Files.readString(r.envFile())).isEqualTo(fileBefore.replace("APP_NAME=demo app # the title",
                "APP_NAME='edited in the browser' # the title"));

        // the pencil opens the file's value; Save and restart applies it
        row("APP_NAME").locator("button.edit").click();
        assertThat(input).hasValue("edited in the browser");
        input.fill("applied by a restart");
        BrowserSupport.screenshot(page, "settings-edit.png");
        int loadsBefore = loads.get();
        row("APP_NAME").locator(".edit-save-restart").click();
        page.waitForCondition(() -> loads.get() > loadsBefore,
                new Page.WaitForConditionOptions().setTimeout(RESTART_MS));
        assertThat(valueOf("APP_NAME")).hasText("applied by a restart",
                new LocatorAssertions.HasTextOptions().setTimeout(RESTART_MS));
        assertThat(page.locator("#env-table .badge.changed")).hasCount(0);
        assertThat(page.locator("#settings-notice")).isHidden();
        long after = r.healthPid();
        r.track(after);
        assertThat(after).isNotEqualTo(before);
        assertThat(page.locator("#footer-pid")).hasText(String.valueOf(after));
    }

    @Test
    @Order(2)
    void portAbcFailsTheRestartAndUndoPutsTheFileBack() throws IOException {
        long serving = r.healthPid();
        byte[] fileBefore = Files.readAllBytes(r.envFile());
        page = open();

        row("PORT").locator("button.edit").click();
        Locator input = row("PORT").locator(".edit-input");
        input.fill("abc");
        row("PORT").locator(".edit-save-restart").click();
        // checked before saving: shown where it was typed, nothing written yet
        assertThat(row("PORT").locator(".edit-error")).containsText("PORT=abc is not a number");
        assertThat(Files.readAllBytes(r.envFile())).isEqualTo(fileBefore);

        row("PORT").locator(".edit-force").click();
        Locator failure = page.locator("#failure-banner");
        assertThat(failure).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(RESTART_MS));
        assertThat(page.locator("#failure-title")).hasText("The new configuration is invalid");
        assertThat(page.locator("#failure-still-serving"))
                .hasText("The old server (PID " + serving + ") is still serving.");
        assertThat(Files.readString(r.envFile())).contains("PORT=abc");
        Locator undo = page.locator("#undo-edit");
        assertThat(undo).isVisible();
        page.mouse().move(0, 0);
        BrowserSupport.screenshot(page, "settings-undo.png");

        undo.click();
        assertThat(page.locator(".toast-success").filter(new Locator.FilterOptions().setHasText("Undone")))
                .isVisible();
        assertThat(failure).isHidden();
        assertThat(Files.readAllBytes(r.envFile())).isEqualTo(fileBefore);
        assertThat(r.healthPid()).isEqualTo(serving);
        assertThat(row("PORT").locator(".badge.changed")).hasCount(0);
    }

    @Test
    @Order(3)
    void twoTabsEditingAtOnceGetAConflictNotALostUpdate() throws IOException {
        Page first = open();
        page = first;
        row("GREETING").locator("button.edit").click();
        Locator firstInput = row("GREETING").locator(".edit-input");
        assertThat(firstInput).hasValue("hello");

        page = open();
        row("GREETING").locator("button.edit").click();
        row("GREETING").locator(".edit-input").fill("from the second tab");
        row("GREETING").locator(".edit-input").press("Enter");
        assertThat(row("GREETING").locator(".badge.changed")).isVisible();

        page = first;
        firstInput.fill("from the first tab");
        firstInput.press("Enter");
        assertThat(row("GREETING").locator(".edit-error")).containsText("changed since you started editing");
        assertThat(Files.readString(r.envFile())).contains("export GREETING=\"from the second tab\"")
                .doesNotContain("from the first tab");
        row("GREETING").locator(".edit-error button").click();
        assertThat(row("GREETING").locator(".file-note")).containsText("from the second tab");
    }

    @Test
    @Order(4)
    void anEnvironmentKeyIsMarkedAndKeysCanBeAddedAndDeleted() throws IOException {
        page = open();
        assertThat(row("FROM_SHELL").locator(".badge.overridden")).hasText("set by the environment");
        assertThat(valueOf("FROM_SHELL")).hasText("from the shell");
        row("FROM_SHELL").locator("button.edit").click();
        assertThat(row("FROM_SHELL").locator(".edit-note-warn")).containsText("has no effect");
        row("FROM_SHELL").locator(".edit-input").press("Escape");
        assertThat(row("FROM_SHELL").locator(".edit-input")).hasCount(0);

        // add: a value that needs quoting reads back exactly
        page.locator("#add-setting").click();
        page.locator(".add-row .edit-key").fill("NEW_KEY");
        page.locator(".add-row .edit-key").press("Enter");
        page.locator(".add-row .edit-input").fill("a b # c");
        page.locator(".add-row .edit-input").press("Enter");
        assertThat(row("NEW_KEY").locator(".badge.changed")).isVisible();
        assertThat(Files.readString(r.envFile())).endsWith("NEW_KEY='a b # c'\n");

        // a second add of the same key is refused where it was typed
        page.locator("#add-setting").click();
        page.locator(".add-row .edit-key").fill("NEW_KEY");
        page.locator(".add-row .edit-input").fill("other");
        page.locator(".add-row .edit-input").press("Enter");
        assertThat(page.locator(".add-row .edit-error")).containsText("already exists");
        page.locator(".add-row .edit-cancel").click();
        assertThat(page.locator(".add-row")).hasCount(0);

        // delete, after a confirmation
        row("NEW_KEY").locator("button.delete").click();
        assertThat(page.locator("#confirm-dialog")).isVisible();
        assertThat(page.locator("#confirm-title")).hasText("Delete NEW_KEY?");
        page.locator("#confirm-ok").click();
        assertThat(row("NEW_KEY")).hasCount(0);
        assertThat(Files.readString(r.envFile())).doesNotContain("NEW_KEY");
    }

    @Test
    @Order(5)
    void aMaskedValueStartsEmptyAndAPortChangeIsFollowedToTheNewAddress() throws IOException {
        page = open();
        row("API_KEY").locator("button.edit").click();
        Locator secret = row("API_KEY").locator(".edit-input");
        assertThat(secret).hasValue("");
        assertThat(secret).hasAttribute("placeholder", "keep current");
        assertThat(page.locator("#env-table")).not().containsText("secret-value-0123456789");
        secret.press("Escape");

        int newPort = freePort();
        row("PORT").locator("button.edit").click();
        assertThat(row("PORT").locator(".edit-note-info")).containsText("read at start");
        row("PORT").locator(".edit-input").fill(String.valueOf(newPort));
        row("PORT").locator(".edit-save-restart").click();
        page.waitForURL(Pattern.compile("^http://127\\.0\\.0\\.1:" + newPort + "/settings$"),
                new Page.WaitForURLOptions().setTimeout(RESTART_MS));
        assertThat(page.locator("#footer-pid")).hasText(Pattern.compile("^\\d+$"));
        assertThat(row("PORT").locator(".value")).hasText(String.valueOf(newPort));
        assertThat(row("PORT").locator(".badge.changed")).hasCount(0);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private AtomicInteger loads;

    private Page open() {
        Page p = browser.context().newPage();
        AtomicInteger count = new AtomicInteger();
        p.onLoad(x -> count.incrementAndGet());
        loads = count;
        p.navigate(r.url() + "/settings");
        assertThat(p.locator("#footer-pid")).hasText(Pattern.compile("^\\d+$"));
        assertThat(p.locator("#env-table tbody tr").first()).isVisible();
        return p;
    }

    private Locator row(String key) {
        return page.locator("#env-table tbody tr[data-key='" + key + "']");
    }

    private Locator valueOf(String key) {
        return row(key).locator(".value");
    }
}
