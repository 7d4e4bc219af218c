package dev.relaunch.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security chain of relaunch's routes, and only of those: a host app's own routes never pass through it. Every
 * relaunch handler is wrapped ({@link #wrap}) so its checks, its JSON errors and its headers stay inside the base
 * path, without global exception mappers or after-handlers. Thread-safe.
 */
public final class RequestGuard {
    private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);
    /** Largest request body relaunch reads. */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** Methods that change nothing; every other method is state-changing and gets the full checks. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final SecurityPolicy policy;
    private final String apiPrefix;
    private final String healthPath;
    private final String revealPrefix;
    private final String failureHint;

    /**
     * @param basePath    where relaunch's routes live ({@code ""} for the built-in server, {@code /relaunch} by default)
     * @param failureHint where a user reads about an internal error, e.g. the server log's path
     */
    public RequestGuard(SecurityPolicy policy, String basePath, String failureHint) {
        this.policy = policy;
        this.apiPrefix = basePath + "/api/";
        this.healthPath = basePath + "/api/v1/health";
        this.revealPrefix = basePath + "/api/v1/settings/env/";
        this.failureHint = failureHint;
    }

    public boolean tokenRequired() {
        return policy.tokenRequired();
    }

    /**
     * A before-handler for every request under the base path (even one no route matches): a malformed or ambiguous
     * path is 400 {@code invalid_path}, a Host not on the allowlist 403 {@code host_not_allowed} (DNS rebinding), a
     * peer on another machine 403 {@code remote_not_allowed} unless a token is configured. A refused request gets
     * its answer here and no later handler runs.
     */
    public Handler screening() {
        return ctx -> {
            try {
                screen(ctx);
            } catch (ApiException e) {
                JsonReply.error(ctx, e);
                SecurityHeaders.apply(ctx);
                ctx.skipRemainingHandlers();
            }
        };
    }

    /**
     * Wraps one relaunch handler: the screening above, then the checks of {@link #guard}, then the handler; any
     * failure becomes a JSON error, and the answer gets {@link SecurityHeaders}.
     */
    public Handler wrap(Handler handler) {
        return ctx -> {
            try {
                screen(ctx);
                guard(ctx);
                handler.handle(ctx);
            } catch (ApiException e) {
                JsonReply.error(ctx, e);
            } catch (HttpResponseException e) {
                ErrorMapping.httpError(e, ctx);
            } catch (Exception e) {
                log.error("Request {} {} failed", ctx.method(), SecurityPolicy.sanitize(ctx.path()), e);
                JsonReply.error(ctx, 500, "internal_error", "the server failed to answer; see " + failureHint);
            }
            SecurityHeaders.apply(ctx);
        };
    }

    private void screen(Context ctx) {
        SecurityPolicy.checkPath(ctx.req().getRequestURI());
        policy.checkHost(ctx.header("Host"));
        policy.checkPeer(ctx.req().getRemoteAddr());
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
            throw tooLarge();
        }
        String path = routePath(ctx);
        if (path.startsWith(apiPrefix) && !path.equals(healthPath) && !path.equals(healthPath + "/")) {
            policy.checkToken(ctx.header("Authorization"));
        }
        boolean stateChanging = !SAFE_METHODS.contains(ctx.method().name());
        if (stateChanging || isReveal(ctx)) {
            SecurityPolicy.checkSameOrigin(ctx.header("Sec-Fetch-Site"), ctx.header("Origin"), ctx.header("Host"));
        }
        if (stateChanging) {
            boolean hasBody = ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
            SecurityPolicy.checkContentType(ctx.header("Content-Type"), hasBody);
            byte[] body = ctx.bodyAsBytes();
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            SecurityPolicy.checkJsonBody(body);
        }
    }

    static ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    /** A request for a real (unmasked) value: same-origin checks apply as for a state-changing request. */
    private boolean isReveal(Context ctx) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        return routePath(ctx).startsWith(revealPrefix) || (matched != null && matched.path.startsWith(revealPrefix));
    }

    /**
     * The request's path as the app's routes see it: without the servlet context path an app may set
     * ({@code cfg.router.contextPath}), still percent-encoded.
     */
    public static String routePath(Context ctx) {
        String uri = ctx.req().getRequestURI();
        String context = ctx.req().getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length())
                : uri;
    }
}
