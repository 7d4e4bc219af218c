package dev.relaunch.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.config.Config;
import dev.relaunch.json.Json;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartService;
import dev.relaunch.settings.EnvView;
import dev.relaunch.settings.RestartRoutes;
import dev.relaunch.settings.SettingsRoutes;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
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
    /** Methods that change nothing; every other method is state-changing and gets the full checks. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String HEALTH = "/api/v1/health";
    private static final ObjectMapper ERROR_JSON = Json.newMapper();
    private static final String REVEAL_PREFIX = "/api/v1/settings/env/";
    /** Sent on every answer, including errors Jetty writes before Javalin sees the request. */
    static final Map<String, String> SECURITY_HEADERS = securityHeaderValues();

    private final Config config;
    private final ServerInfo info;
    private final EnvView envView;
    private final RestartService restarts;
    private final OpStore store;
    private final SecurityPolicy security;
    private final dev.relaunch.testing.TestHooks hooks;
    private Javalin app;

    public WebServer(Config config, ServerInfo info, EnvView envView, RestartService restarts, OpStore store,
                     dev.relaunch.testing.TestHooks hooks) {
        this.hooks = hooks;
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
            try {
                app.stop();
            } catch (RuntimeException e) {
                // Jetty gives up waiting after the stop timeout and closes what is left
                log.warn("Drain did not finish within {} ms (DRAIN_TIMEOUT_MS); remaining connections were closed",
                        config.drainTimeoutMs());
            }
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
            server.setErrorHandler(new JsonErrorPage());
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
            // while draining, idle keep-alive connections close after this instead of holding the drain open;
            // requests in progress are not affected (measured: slow requests complete)
            c.setShutdownIdleTimeout(200);
            return c;
        });
        cfg.requestLogger.http((ctx, ms) -> {
            if (log.isDebugEnabled()) {
                log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(),
                        String.format("%.1f", ms));
            }
        });

        var routes = cfg.routes;
        routes.before(this::screen);
        routes.beforeMatched(this::guard);
        routes.after(WebServer::securityHeaders);
        routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        routes.exception(HttpResponseException.class, WebServer::httpError);
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Request {} {} failed", ctx.method(), SecurityPolicy.sanitize(ctx.path()), e);
            error(ctx, 500, "internal_error", "the server failed to answer; see " + config.serverLog());
        });
        routes.error(404, ctx -> errorUnlessJson(ctx, "not_found", "no such page or API: "
                + SecurityPolicy.sanitize(ctx.path())));
        routes.error(405, ctx -> errorUnlessJson(ctx, "method_not_allowed", ctx.method() + " is not allowed on "
                + SecurityPolicy.sanitize(ctx.path())));
        routes.error(413, ctx -> errorUnlessJson(ctx, "payload_too_large", "the body is larger than "
                + MAX_BODY_BYTES + " bytes"));

        routes.get(HEALTH, this::health);
        hooks.register(routes);
        if (config.appEnv().allowsSettings()) {
            routes.get("/api/v1/info", ctx -> ctx.json(Map.of("data", infoData())));
            new SettingsRoutes(envView).register(routes);
            new RestartRoutes(restarts, store).register(routes);
            new LogRoutes(config.serverLog(), envView::sensitiveValues).register(routes);
            new AssetRoutes().register(routes, "/", "/settings", "/restarts", "/logs");
        }
    }

    /**
     * Runs first, for every request (even one no route matches): a malformed or ambiguous path is 400
     * {@code invalid_path}, a Host not on the allowlist is 403 {@code host_not_allowed} (DNS rebinding).
     */
    private void screen(Context ctx) {
        SecurityPolicy.checkPath(ctx.req().getRequestURI());
        security.checkHost(ctx.header("Host"));
    }

    /**
     * Runs before a matched route only, so a route that does not exist (every settings route in production) is 404
     * whatever the headers say. In order: 413 when the declared body is too large, 401 without the RESTART_TOKEN
     * (when configured) on every API route but health, 403 for a cross-site state-changing request or secret
     * reveal, then for state-changing requests 415 unless the body is JSON or empty and 400/413 for a malformed or
     * too large body. A request refused here reaches no handler: nothing is read from disk, nothing restarts.
     */
    private void guard(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        String path = ctx.path();
        if (path.startsWith("/api/") && !path.equals(HEALTH) && !path.equals(HEALTH + "/")) {
            security.checkToken(ctx.header("Authorization"));
        }
        boolean stateChanging = !SAFE_METHODS.contains(ctx.method().name());
        if (stateChanging || isReveal(ctx)) {
            SecurityPolicy.checkSameOrigin(ctx.header("Sec-Fetch-Site"), ctx.header("Origin"), ctx.header("Host"));
        }
        if (stateChanging) {
            boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
            SecurityPolicy.checkContentType(ctx.header("Content-Type"), hasBody);
            SecurityPolicy.checkJsonBody(ctx.bodyAsBytes());
        }
    }

    /** A request for a real (unmasked) value: same-origin checks apply as for a state-changing request. */
    private static boolean isReveal(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return ctx.path().startsWith(REVEAL_PREFIX) || (matched != null && matched.path.startsWith(REVEAL_PREFIX));
    }

    /** Headers on every answer Javalin writes; answers Jetty writes itself get them from {@link JsonErrorPage}. */
    private static void securityHeaders(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
        if (ctx.res().getHeader("Cache-Control") == null) {
            ctx.header("Cache-Control", "no-store");
        }
        if (ctx.statusCode() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"relaunch\"");
        }
    }

    /** Javalin's own errors (no route, wrong method, body too large) in the API's error shape. */
    private static void httpError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (status < 400) {
            ctx.status(status);
            return;
        }
        String path = SecurityPolicy.sanitize(ctx.path());
        switch (status) {
            case 404 -> error(ctx, 404, "not_found", "no such page or API: " + path);
            case 405 -> {
                String allowed = e.getDetails().getOrDefault("availableMethods",
                        e.getDetails().getOrDefault("Available methods", ""));
                if (!allowed.isEmpty()) {
                    ctx.header("Allow", allowed);
                }
                error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + path
                        + (allowed.isEmpty() ? "" : "; use " + allowed));
            }
            case 413 -> error(ctx, 413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
            default -> error(ctx, status, status == 400 ? "bad_request" : "http_" + status,
                    "the request was refused (HTTP " + status + ")");
        }
    }

    private static void errorUnlessJson(Context ctx, String code, String message) {
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith("application/json")) {
            error(ctx, ctx.statusCode(), code, message);
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

    private static Map<String, String> securityHeaderValues() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        h.put("Content-Security-Policy", CSP);
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        return Collections.unmodifiableMap(h);
    }

    /**
     * The answer Jetty writes itself, for a request it refuses before Javalin sees it (a NUL or control character
     * in the request line, headers too large, a missing or duplicated Host, conflicting lengths): the API's JSON
     * error shape with the security headers, instead of Jetty's HTML page. Never repeats the request.
     */
    static final class JsonErrorPage extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus();
            if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
                status = http.getCode();
                response.setStatus(status);
            }
            HttpFields.Mutable headers = response.getHeaders();
            SECURITY_HEADERS.forEach(headers::put);
            headers.put(HttpHeader.CACHE_CONTROL, "no-store");
            if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
                callback.succeeded();
                return true;
            }
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("code", jettyCode(status));
            err.put("message", "the request is malformed and was refused (HTTP " + status + " "
                    + HttpStatus.getMessage(status) + "); check the request line, the headers and their sizes");
            byte[] body;
            try {
                body = ERROR_JSON.writeValueAsBytes(Map.of("error", err));
            } catch (JsonProcessingException e) {
                body = "{\"error\":{\"code\":\"bad_request\",\"message\":\"malformed request\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            headers.put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }

        static String jettyCode(int status) {
            return switch (status) {
                case 400 -> "bad_request";
                case 413 -> "payload_too_large";
                case 414 -> "uri_too_long";
                case 431 -> "headers_too_large";
                case 505 -> "http_version_not_supported";
                default -> "http_" + status;
            };
        }
    }
}
