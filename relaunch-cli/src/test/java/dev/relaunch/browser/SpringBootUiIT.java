package dev.relaunch.browser;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The same UI served by the Spring Boot starter inside {@code examples/spring-boot-notes} (Jetty), run by the
 * supervisor from its executable jar: the Overview tab shows where the app listens, the Settings tab lists the app's
 * keys with secrets masked, and Restart Server ends with the new PID serving the new {@code .env} value.
 */
class SpringBootUiIT {
    private static final Path NOTES_JAR = Path.of(System.getProperty("relaunch.spring.jar",
            "../examples/spring-boot-notes/target/spring-boot-notes.jar")).toAbsolutePath().normalize();

    @Test
    void theStartersUiListsTheAppsKeysAndRestartServerEndsWithTheNewPid() throws IOException {
        NotesAppInBrowser.restartFromTheSettingsTab(NOTES_JAR, true, "spring-example", "NOTES_MAX=200");
    }
}
