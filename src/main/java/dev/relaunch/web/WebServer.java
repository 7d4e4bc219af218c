package dev.relaunch.web;

import dev.relaunch.config.Config;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartService;
import dev.relaunch.settings.EnvView;
import dev.relaunch.settings.RestartRoutes;
import dev.relaunch.settings.SettingsRoutes;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.relaunch.json.Json;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on a connector that shares its port with a successor (SO_REUSEPORT), so a restart never
 * refuses a connection. {@link #stop()} drains: the listener closes at once, in-flight requests finish within
 * {@code DRAIN_TIMEOUT_MS}.
 */
public final class WebServer {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Config config;
    private final ServerInfo info;
    private final EnvView envView;
    private final RestartService restarts;
    private final OpStore store;
    private final SecurityPolicy security;
    private Javalin app;

    public WebServer(Config config, ServerInfo info, EnvView envView, RestartService restarts, OpStore store) {
        this.config = config;
        this.info = info;
        this.envView = envView;
        this.restarts = restarts;
        this.store = store;
        this.security = new SecurityPolicy(config.allowedHosts(), config.restartToken());
    }

    /** Binds and starts serving. Throws when the port cannot be bound. */
    public void start() {
        app = Javalin.create(this::configure);
        app.start();
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting at once and waits for in-flight requests, up to the drain timeout. Blocks. */
    public void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.maxRequestSize = MAX_BODY_BYTES;
        cfg.http.prefer405over404 = true;
        cfg.http.generateEtags = false;
        cfg.jsonMapper(new JavalinJackson(Json.newMapper(), false));
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            http.setRequestHeaderSize(16 * 1024);
        });
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(Math.max(1, config.drainTimeoutMs()));
            server.setStopAtShutdown(false);
        });
        cfg.jetty.addConnector((server, http) -> {
            ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
            c.setHost(config.host().startsWith("[") ? config.host().substring(1, config.host().length() - 1)
                    : config.host());
            c.setPort(config.port());
            c.setReuseAddress(true);
            c.setReusePort(true);
            c.setIdleTimeout(30_000);
            return c;
        });
        cfg.requestLogger.http((ctx, ms) -> {
            if (log.isDebugEnabled()) {
                log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(),
                        String.format("%.1f", ms));
            }
        });

        var routes = cfg.routes;
        routes.before(this::guard);
        routes.after(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("Cross-Origin-Opener-Policy", "same-origin");
            ctx.header("Cross-Origin-Resource-Policy", "same-origin");
            if (ctx.path().startsWith("/api/")) {
                ctx.header("Cache-Control", "no-store");
            }
        });
        routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "the server failed to answer; see " + config.serverLog());
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "not_found", "no such page or API: " + SecurityPolicy.sanitize(ctx.path()));
            }
        });
        routes.error(405, ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on "
                + SecurityPolicy.sanitize(ctx.path())));
        routes.error(413, ctx -> error(ctx, 413, "payload_too_large", "the body is larger than "
                + MAX_BODY_BYTES + " bytes"));

        routes.get("/api/v1/health", this::health);
        if (config.appEnv().allowsSettings()) {
            routes.get("/api/v1/info", ctx -> ctx.json(Map.of("data", infoData())));
            new SettingsRoutes(envView).register(routes);
            new RestartRoutes(restarts, store).register(routes);
            new LogRoutes(config.serverLog(), envView::sensitiveValues).register(routes);
            new AssetRoutes().register(routes, "/", "/settings", "/restarts", "/logs");
        }
    }

    private void guard(Context ctx) {
        security.checkHost(ctx);
        String path = ctx.path();
        boolean api = path.startsWith("/api/");
        boolean stateChanging = STATE_CHANGING.contains(ctx.method().name());
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (api && !path.equals("/api/v1/health")) {
            security.checkToken(ctx);
        }
        boolean reveal = path.startsWith("/api/v1/settings/env/");
        if (stateChanging || reveal) {
            security.checkSameOrigin(ctx);
        }
        if (stateChanging) {
            security.checkJsonBody(ctx);
        }
    }

    private void health(Context ctx) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", "ok");
        h.put("pid", info.pid());
        h.put("started_at", info.startedAt().toString());
        h.put("uptime_ms", Duration.between(info.startedAt(), Instant.now()).toMillis());
        h.put("version", info.version());
        ctx.header("Cache-Control", "no-store");
        ctx.json(h);
    }

    private Map<String, Object> infoData() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("pid", info.pid());
        d.put("started_at", info.startedAt().toString());
        d.put("uptime_ms", Duration.between(info.startedAt(), Instant.now()).toMillis());
        d.put("version", info.version());
        d.put("java_version", info.javaVersion());
        d.put("host", config.host());
        d.put("port", port());
        d.put("url", config.url(port()));
        d.put("app_env", config.appEnv().label());
        d.put("mode", restarts.mode());
        d.put("supervisor_pid", restarts.supervisorPid().isPresent() ? restarts.supervisorPid().getAsLong() : null);
        d.put("env_file", config.envFile().toString());
        d.put("logs_dir", config.logsDir().toString());
        d.put("log_file", config.serverLog().toString());
        d.put("restart_strategy", config.restartStrategy().label());
        d.put("restart_token_required", security.tokenRequired());
        List<OpRecord> last = store.recent(1);
        d.put("last_restart", last.isEmpty() ? null : last.get(0));
        d.put("restart_in_progress", safeInProgress());
        return d;
    }

    private OpRecord safeInProgress() {
        try {
            return restarts.inProgress().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", code);
        err.put("message", message);
        ctx.status(status).json(Map.of("error", err));
    }
}
