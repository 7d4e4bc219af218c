package dev.relaunch.web;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers every relaunch answer carries (and only relaunch's answers: a host app's routes are left alone). */
public final class SecurityHeaders {
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** Header name to value, in a stable order. */
    public static final Map<String, String> VALUES = values();

    private SecurityHeaders() {}

    /** Sets the headers; {@code Cache-Control: no-store} unless the handler chose a policy (assets revalidate). */
    static void apply(Context ctx) {
        VALUES.forEach(ctx::header);
        if (ctx.res().getHeader("Cache-Control") == null) {
            ctx.header("Cache-Control", "no-store");
        }
        if (ctx.statusCode() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"relaunch\"");
        }
    }

    private static Map<String, String> values() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        h.put("Content-Security-Policy", CSP);
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        return Collections.unmodifiableMap(h);
    }
}
