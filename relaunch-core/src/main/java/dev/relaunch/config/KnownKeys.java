package dev.relaunch.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a value for one of the keys relaunch reads before it is saved, by the same rules a restart applies, so a
 * mistake shows where it was typed instead of as a failed restart. Keys relaunch does not read are the app's own
 * business and always pass.
 */
public final class KnownKeys {
    private KnownKeys() {}

    /**
     * Why {@code KEY=value} would be refused at the next start ({@code PORT=abc is not a number; use a port from 1 to
     * 65535 ...}), or empty when it is fine or the key is not one relaunch reads. Never repeats a token's value.
     */
    public static Optional<String> problem(String key, String value) {
        List<String> problems = new ArrayList<>();
        ConfigValidator check = new ConfigValidator(Map.of(key, value),
                Map.of(key, new Setting(key, value, Setting.FROM_FILE)), ".env", problems);
        switch (key) {
            case "HOST" -> check.host();
            case "PORT" -> check.port(null);
            case "APP_ENV" -> check.appEnv();
            case "INSTANCE_DIR", "LOGS_DIR" -> check.path(Path.of("").toAbsolutePath(), key, "instance");
            case "DRAIN_TIMEOUT_MS" -> check.millis(key, 0, ConfigLoader.MAX_TIMEOUT_MS);
            case "STARTUP_TIMEOUT_MS" -> check.millis(key, ConfigLoader.MIN_STARTUP_TIMEOUT_MS,
                    ConfigLoader.MAX_TIMEOUT_MS);
            case "RESTART_STRATEGY" -> check.strategy();
            case "RESTART_STANDBY" -> check.bool(key);
            case "RESTART_TOKEN" -> check.token();
            case "ALLOWED_HOSTS" -> check.allowedHosts(null);
            default -> { }
        }
        return problems.stream().findFirst().map(p -> p.startsWith(".env: ") ? p.substring(".env: ".length()) : p);
    }

    /**
     * What saving {@code KEY=value} will do beyond changing a value, for a warning next to the edit: an
     * {@code APP_ENV} that removes the Settings tab, a {@code HOST} or {@code PORT} that moves the server.
     */
    public static Optional<String> consequence(String key, String value) {
        String v = value.trim();
        return switch (key) {
            case "APP_ENV" -> AppEnv.parse(v).filter(e -> !e.allowsSettings()).map(e -> "with APP_ENV=" + v
                    + ", the restarted server has no Settings tab and no Restart Server button (404); change it back "
                    + "in .env and restart from a terminal (relaunch restart)");
            case "PORT" -> v.matches("[1-9][0-9]{0,4}") ? Optional.of("PORT is read at start: after the restart "
                    + "the server listens on port " + v + ", and this page moves there") : Optional.empty();
            case "HOST" -> Optional.of("HOST is read at start: after the restart the server listens on " + v);
            default -> Optional.empty();
        };
    }
}
