package dev.relaunch.javalin.spi;

import dev.relaunch.config.Config;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link OrchestratorProvider} may read to decide and to set itself up.
 *
 * @param config      relaunch's own settings (limits, masking rules)
 * @param settings    the app's settings as this process runs with them ({@code .env} keys, environment overrides)
 * @param environment the whole process environment
 */
public record OrchestratorContext(Config config, Map<String, String> settings, Map<String, String> environment) {
    /** A setting from {@code .env} (or its override), else from the process environment. */
    public Optional<String> value(String key) {
        String v = settings.get(key);
        return Optional.ofNullable(v != null ? v : environment.get(key));
    }
}
