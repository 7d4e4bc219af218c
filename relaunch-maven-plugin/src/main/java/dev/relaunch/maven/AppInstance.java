package dev.relaunch.maven;

import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.EnvFile;
import dev.relaunch.control.SocketPaths;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The relaunch instance of a project: its {@code .env}, and where the supervisor keeps its runtime files
 * ({@code INSTANCE_DIR}, by default {@code instance} beside {@code .env}), read as the supervisor reads them.
 */
final class AppInstance {
    private final Path envFile;
    private final Map<String, String> environment;

    AppInstance(Path envFile, Map<String, String> environment) {
        this.envFile = envFile.toAbsolutePath().normalize();
        this.environment = environment;
    }

    Path envFile() {
        return envFile;
    }

    Path baseDir() {
        return envFile.getParent();
    }

    /** The configuration the supervisor will use, when {@code .env} is valid for it. */
    Optional<Config> config() {
        return ConfigLoader.loadForCommand(envFile, environment).config();
    }

    Path socket() {
        return SocketPaths.forInstance(config().map(Config::instanceDir).orElse(baseDir().resolve("instance")));
    }

    Path logsDir() {
        return config().map(Config::logsDir).orElse(baseDir().resolve("instance").resolve("logs"));
    }

    /**
     * {@code APP_ENV=development} unless the environment or {@code .env} sets it: a dev loop runs in development (the
     * environment wins over {@code .env} in the supervisor, so it is added only where neither says anything).
     */
    void defaultToDevelopment(Map<String, String> childEnvironment) {
        if (!environment.containsKey("APP_ENV") && !EnvFile.load(envFile).values().containsKey("APP_ENV")) {
            childEnvironment.put("APP_ENV", "development");
        }
    }
}
