package dev.relaunch.javalin;

import dev.relaunch.config.Config;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartService;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import dev.relaunch.web.ServerInfo;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET {base}/api/v1/health} ({@code {status, pid, started_at, uptime_ms, version}} at the top level, as health
 * endpoints usually answer) and {@code GET {base}/api/v1/info} (what the Overview tab shows, and the limits the page
 * waits by, and restart on change when the supervisor watches).
 */
final class InfoRoutes {
    /** The facts known once the server listens. */
    record Binding(String host, int port) {}

    private final ServerInfo info;
    private final Config config;
    private final RestartService restarts;
    private final OpStore store;
    private final boolean tokenRequired;
    private final Path logFile;
    private final java.util.function.Supplier<Binding> binding;

    InfoRoutes(ServerInfo info, Config config, RestartService restarts, OpStore store, boolean tokenRequired,
               Path logFile, java.util.function.Supplier<Binding> binding) {
        this.info = info;
        this.config = config;
        this.restarts = restarts;
        this.store = store;
        this.tokenRequired = tokenRequired;
        this.logFile = logFile;
        this.binding = binding;
    }

    void registerHealth(Mount routes) {
        routes.get("/api/v1/health", this::health);
    }

    void registerInfo(Mount routes) {
        routes.get("/api/v1/info", ctx -> JsonReply.data(ctx, infoData(routes.basePath())));
    }

    private void health(Context ctx) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("pid", info.pid());
        h.put("started_at", info.startedAt().toString());
        h.put("uptime_ms", Duration.between(info.startedAt(), Instant.now()).toMillis());
        h.put("version", info.version());
        JsonReply.send(ctx, 200, h);
    }

    private Map<String, Object> infoData(String basePath) {
        Binding b = binding.get();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pid", info.pid());
        d.put("started_at", info.startedAt().toString());
        d.put("uptime_ms", Duration.between(info.startedAt(), Instant.now()).toMillis());
        d.put("version", info.version());
        d.put("java_version", info.javaVersion());
        d.put("host", b.host());
        d.put("port", b.port());
        d.put("url", Config.url(b.host(), b.port()) + basePath);
        d.put("base_path", basePath);
        d.put("app_env", config.appEnv().label());
        d.put("mode", restarts.mode());
        d.put("supervisor_pid", restarts.supervisorPid().isPresent() ? restarts.supervisorPid().getAsLong() : null);
        d.put("env_file", config.envFile().toString());
        d.put("logs_dir", config.logsDir().toString());
        d.put("log_file", logFile == null ? null : logFile.toString());
        d.put("restart_strategy", config.restartStrategy().label());
        d.put("restart_token_required", tokenRequired);
        d.put("startup_timeout_ms", config.startupTimeoutMs());
        d.put("drain_timeout_ms", config.drainTimeoutMs());
        List<OpRecord> last = store.recent(1);
        d.put("last_restart", last.isEmpty() ? null : last.get(0));
        d.put("restart_in_progress", safeInProgress());
        d.put("watch", restarts.watch().orElse(null));
        return d;
    }

    private OpRecord safeInProgress() {
        try {
            return restarts.inProgress().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
