package dev.relaunch.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors in the API's JSON shape. {@link #installEverywhere} is for an app that owns the whole server (relaunch's
 * built-in server): it maps every 404, 405, 413 and uncaught exception of the app. The plugin never calls it inside
 * someone else's app; its own handlers map their errors through {@link RequestGuard#wrap}.
 */
public final class ErrorMapping {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    /** Global JSON errors and security headers for every answer of the app; only for the owner of the app. */
    public static void installEverywhere(RoutesConfig routes, String failureHint) {
        routes.after(SecurityHeaders::apply);
        routes.exception(ApiException.class, (e, ctx) -> JsonReply.error(ctx, e));
        routes.exception(HttpResponseException.class, ErrorMapping::httpError);
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Request {} {} failed", ctx.method(), SecurityPolicy.sanitize(ctx.path()), e);
            JsonReply.error(ctx, 500, "internal_error", "the server failed to answer; see " + failureHint);
        });
        routes.error(404, ctx -> errorUnlessJson(ctx, "not_found", "no such page or API: "
                + SecurityPolicy.sanitize(ctx.path())));
        routes.error(405, ctx -> errorUnlessJson(ctx, "method_not_allowed", ctx.method() + " is not allowed on "
                + SecurityPolicy.sanitize(ctx.path())));
        routes.error(413, ctx -> errorUnlessJson(ctx, "payload_too_large", "the body is larger than "
                + RequestGuard.MAX_BODY_BYTES + " bytes"));
    }

    /** Javalin's own errors (no route, wrong method, body too large) in the API's error shape. */
    static void httpError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (status < 400) {
            ctx.status(status);
            return;
        }
        String path = SecurityPolicy.sanitize(ctx.path());
        switch (status) {
            case 404 -> JsonReply.error(ctx, 404, "not_found", "no such page or API: " + path);
            case 405 -> {
                String allowed = e.getDetails().getOrDefault("availableMethods",
                        e.getDetails().getOrDefault("Available methods", ""));
                if (!allowed.isEmpty()) {
                    ctx.header("Allow", allowed);
                }
                JsonReply.error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + path
                        + (allowed.isEmpty() ? "" : "; use " + allowed));
            }
            case 413 -> {
                ApiException tooLarge = RequestGuard.tooLarge();
                JsonReply.error(ctx, 413, tooLarge.code(), tooLarge.getMessage());
            }
            default -> JsonReply.error(ctx, status, status == 400 ? "bad_request" : "http_" + status,
                    "the request was refused (HTTP " + status + ")");
        }
    }

    private static void errorUnlessJson(Context ctx, String code, String message) {
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith("application/json")) {
            JsonReply.error(ctx, ctx.statusCode(), code, message);
        }
    }
}
