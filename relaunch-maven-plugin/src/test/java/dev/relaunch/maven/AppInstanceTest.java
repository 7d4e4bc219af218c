package dev.relaunch.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppInstanceTest {
    @TempDir
    Path dir;

    @Test
    void appEnvIsDevelopmentWhenNeitherDotEnvNorTheEnvironmentSetsIt() throws Exception {
        Files.writeString(dir.resolve(".env"), "PORT=5171\n");
        assertThat(childEnvironment(Map.of())).containsEntry("APP_ENV", "development");
        Files.delete(dir.resolve(".env"));
        assertThat(childEnvironment(Map.of())).as("no .env at all").containsEntry("APP_ENV", "development");
    }

    @Test
    void appEnvFromDotEnvOrTheEnvironmentIsLeftAlone() throws Exception {
        Files.writeString(dir.resolve(".env"), "APP_ENV=testing\n");
        assertThat(childEnvironment(Map.of())).doesNotContainKey("APP_ENV");
        Files.writeString(dir.resolve(".env"), "PORT=5171\n");
        assertThat(childEnvironment(Map.of("APP_ENV", "production"))).doesNotContainKey("APP_ENV");
    }

    @Test
    void theControlSocketIsInTheInstanceFolderBesideDotEnvOrWhereInstanceDirSays() throws Exception {
        Files.writeString(dir.resolve(".env"), "PORT=5171\n");
        assertThat(new AppInstance(dir.resolve(".env"), Map.of()).socket())
                .isEqualTo(dir.resolve("instance/relaunch.sock").toAbsolutePath().normalize());
        Files.writeString(dir.resolve(".env"), "INSTANCE_DIR=run\n");
        assertThat(new AppInstance(dir.resolve(".env"), Map.of()).socket())
                .isEqualTo(dir.resolve("run/relaunch.sock").toAbsolutePath().normalize());
    }

    private Map<String, String> childEnvironment(Map<String, String> processEnvironment) {
        Map<String, String> child = new HashMap<>();
        new AppInstance(dir.resolve(".env"), processEnvironment).defaultToDevelopment(child);
        return child;
    }
}
