package dev.relaunch.javalin.spi;

import dev.relaunch.config.AppEnv;
import dev.relaunch.role.ProcessExit;
import java.util.Map;

/**
 * What an extension may read and do.
 *
 * @param settings the app's settings as this process runs with them (the {@code .env} keys, environment overrides)
 * @param exit     the one way to end the process
 */
public record ExtensionContext(AppEnv appEnv, Map<String, String> settings, ProcessExit exit) {}
