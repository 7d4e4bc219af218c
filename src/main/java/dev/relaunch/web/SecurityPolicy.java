package dev.relaunch.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks every request passes before a handler runs: Host allowlist (DNS rebinding), bearer token, same-origin
 * for state-changing requests and secret reveals (CSRF), JSON-only bodies. Stateless and thread-safe.
 */
public final class SecurityPolicy {
    private final List<String> allowedHosts;
    private final Optional<byte[]> token;

    public SecurityPolicy(List<String> allowedHosts, Optional<String> token) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public boolean tokenRequired() {
        return token.isPresent();
    }

    /** Refuses a Host header that is not on the allowlist. A missing Host (HTTP/1.0) is refused too. */
    public void checkHost(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) {
            throw new ApiException(400, "host_missing", "the request has no Host header");
        }
        String name = hostName(host.trim().toLowerCase(Locale.ROOT));
        if (!allowedHosts.contains(name)) {
            throw new ApiException(403, "host_not_allowed", "Host '" + sanitize(name) + "' is not allowed; "
                    + "add it to ALLOWED_HOSTS in .env if you reach this server by that name");
        }
    }

    static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    /** Requires {@code Authorization: Bearer <RESTART_TOKEN>} when a token is configured (constant-time compare). */
    public void checkToken(Context ctx) {
        if (token.isEmpty()) {
            return;
        }
        String auth = ctx.header("Authorization");
        if (auth == null || auth.isBlank()) {
            throw new ApiException(401, "token_required", "this server requires a token: send "
                    + "'Authorization: Bearer <RESTART_TOKEN>'");
        }
        String given = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
        if (!MessageDigest.isEqual(token.get(), given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "token_invalid", "the token is not valid for this server");
        }
    }

    /**
     * Refuses cross-site browser requests: {@code Sec-Fetch-Site} other than same-origin/none, or an
     * {@code Origin} that is not this server's own. Requests without browser headers (curl, the CLI) pass.
     */
    public void checkSameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            throw new ApiException(403, "cross_site_request", "cross-site requests are refused "
                    + "(Sec-Fetch-Site: " + sanitize(site) + "); use the relaunch page itself");
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            String host = ctx.header("Host");
            String own = "http://" + (host == null ? "" : host.trim().toLowerCase(Locale.ROOT));
            if (!origin.trim().toLowerCase(Locale.ROOT).equals(own)) {
                throw new ApiException(403, "cross_site_request", "requests from origin '" + sanitize(origin)
                        + "' are refused; only this server's own pages may do this");
            }
        }
    }

    /** A POST body must be JSON or empty. */
    public void checkJsonBody(Context ctx) {
        String type = ctx.header("Content-Type");
        long length = ctx.req().getContentLengthLong();
        if (type == null || type.isBlank()) {
            if (length > 0) {
                throw new ApiException(415, "unsupported_media_type", "send the body as application/json");
            }
            return;
        }
        String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "Content-Type must be application/json, not "
                    + sanitize(base));
        }
    }

    /** Keeps attacker-controlled text in error messages short and printable. */
    static String sanitize(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
