package dev.relaunch.spring;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's options, under {@code relaunch.*} in {@code application.properties} (or any Spring property source).
 * Whether the starter is on at all is decided by {@code APP_ENV}, as everywhere in relaunch; {@code enabled=false}
 * turns it off even in development.
 */
@ConfigurationProperties(prefix = "relaunch")
public class RelaunchProperties {
    /** {@code false} turns the starter off: no route, no bean, no change to the web server. */
    private boolean enabled = true;

    /**
     * Where the UI ({@code {basePath}/}) and the API ({@code {basePath}/api/v1/…}) live, below the app's servlet
     * context path. A plain path such as {@code /relaunch} or {@code /admin/relaunch}; never the root.
     */
    private String basePath = "/relaunch";

    /** The app's {@code .env}, listed in the Settings tab. Relative paths are resolved against the working folder. */
    private Path envFile = Path.of(".env");

    /** The app's log file, shown in the Logs tab; none by default (the tab says so). */
    private Path logFile;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBasePath() {
        return basePath;
    }

    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public Path getEnvFile() {
        return envFile;
    }

    public void setEnvFile(Path envFile) {
        this.envFile = envFile;
    }

    public Path getLogFile() {
        return logFile;
    }

    public void setLogFile(Path logFile) {
        this.logFile = logFile;
    }
}
