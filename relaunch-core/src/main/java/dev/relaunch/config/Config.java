package dev.relaunch.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration a process runs with. Built only by {@link ConfigLoader}, so every instance is valid.
 *
 * @param baseDir      the folder relative paths are resolved against (the folder of the {@code .env} file)
 * @param restartToken bearer token required for state-changing calls; empty when not configured
 * @param restartStandby keep a warmed-up server process waiting, so a restart only has to bind and serve
 */
public record Config(
        Path envFile,
        Path baseDir,
        String host,
        int port,
        AppEnv appEnv,
        Path logsDir,
        Path instanceDir,
        long drainTimeoutMs,
        long startupTimeoutMs,
        Optional<String> restartToken,
        List<String> allowedHosts,
        RestartStrategyName restartStrategy,
        boolean restartStandby,
        Sensitivity sensitivity) {

    public Path opsDir() {
        return instanceDir.resolve("restart_ops");
    }

    public Path serverLog() {
        return logsDir.resolve("server.log");
    }

    public Path supervisorLog() {
        return logsDir.resolve("supervisor.log");
    }

    /** The URL a browser on this machine uses; wildcard binds are shown as loopback. */
    public String url(int boundPort) {
        return url(host, boundPort);
    }

    /** The URL a browser on this machine uses for a server bound to {@code host:port}. */
    public static String url(String host, int boundPort) {
        return "http://" + Hosts.inUrl(host) + ":" + boundPort;
    }
}
