package dev.relaunch.javalin.spi;

import dev.relaunch.restart.RestartService;
import dev.relaunch.web.Mount;

/**
 * The restart engine and the settings source of an orchestrator, in place of the plugin's own: its routes answer the same
 * paths with the same JSON contract ({@code /api/v1/settings/restart*}, {@code /api/v1/settings/env*}), so the UI
 * works unchanged, and may add fields.
 */
public interface Orchestrator {
    /** What the Overview tab and {@code /api/v1/info} report as the restart mode and the operation in progress. */
    RestartService restarts();

    /** Registers {@code POST /api/v1/settings/restart} and the operation reads, behind the plugin's security chain. */
    void restartRoutes(Mount routes);

    /** Registers the Settings list, reveal and edit routes, behind the plugin's security chain. */
    void settingsRoutes(Mount routes);
}
