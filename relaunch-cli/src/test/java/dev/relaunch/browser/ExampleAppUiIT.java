package dev.relaunch.browser;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The plugin's UI at a non-default base path ({@code /admin/relaunch}) inside the example app, run by the supervisor
 * from its own jar: the Settings tab lists the app's keys (not relaunch's), and Restart Server ends with the new PID
 * serving the new {@code .env} value.
 */
class ExampleAppUiIT {
    private static final Path NOTES_JAR = Path.of(System.getProperty("relaunch.notes.jar",
            "../examples/javalin-notes/target/javalin-notes.jar")).toAbsolutePath().normalize();

    @Test
    void settingsListsTheAppsKeysAndRestartServerEndsWithTheNewPid() throws IOException {
        NotesAppInBrowser.restartFromTheSettingsTab(NOTES_JAR, false, "example");
    }
}
