package dev.relaunch.javalin;

import java.nio.file.Path;

/**
 * The options of {@link RelaunchPlugin}, set in its constructor: {@code new RelaunchPlugin(c -> c.basePath =
 * "/admin/relaunch")}.
 */
public final class RelaunchPluginConfig {
    /**
     * Where the UI ({@code {basePath}/}) and the API ({@code {basePath}/api/v1/…}) live. A path with a leading slash
     * and no trailing one; {@code ""} puts them at the root, which only an app that is nothing but relaunch should
     * do. Default {@code /relaunch}.
     */
    public String basePath = "/relaunch";

    /** The app's {@code .env}, listed in the Settings tab. Default {@code .env} in the working directory. */
    public Path envFile = Path.of(".env");

    /** The app's log file, shown in the Logs tab; {@code null} (the default): the tab says there is none. */
    public Path logFile = null;
}
