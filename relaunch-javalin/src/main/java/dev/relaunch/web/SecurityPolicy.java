package dev.relaunch.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a request passes before a handler runs, as pure functions over header values (so they are unit-tested
 * without a server). {@link RequestGuard} decides which apply to which request and in what order. Stateless after
 * construction and thread-safe.
 *
 * <p>Every refusal is an {@link ApiException} whose message says what was wrong and how to fix it. Messages may
 * repeat attacker-supplied text (a Host, an Origin) only through {@link #sanitize(String)}, and never repeat the
 * token or a request body.
 */
public final class SecurityPolicy {
    /** Longest raw request path accepted. Real paths are far shorter; longer ones are probes. */
    public static final int MAX_PATH_LENGTH = 2048;

    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");
    private static final Set<String> SAME_SITE_FETCHES = Set.of("same-origin", "none");
    private static final ObjectMapper BODY_PARSER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<String> allowedHosts;
    private final Optional<byte[]> tokenDigest;

    /**
     * @param allowedHosts host names (lower or mixed case, IPv6 in brackets) a request's Host header may name
     * @param token        the RESTART_TOKEN; when present every settings API call must carry it
     */
    public SecurityPolicy(List<String> allowedHosts, Optional<String> token) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.tokenDigest = token.map(SecurityPolicy::sha256);
    }

    public boolean tokenRequired() {
        return tokenDigest.isPresent();
    }

    /**
     * Refuses (400 {@code invalid_path}) a raw, still percent-encoded request path that could address something
     * other than what it seems to: dot segments ({@code ..}, {@code .}), empty segments ({@code //}), backslashes,
     * path parameters ({@code ;}), encoded slashes, backslashes, percent signs (double encoding) or control
     * characters, encoded letters, digits and {@code -._~} (which never need encoding, so encoding them only serves
     * to hide a name from a check), malformed escapes, non-ASCII bytes, or more than {@link #MAX_PATH_LENGTH}
     * characters. After this check the raw path and the decoded path name the same route.
     */
    public static void checkPath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw invalidPath("the request path must start with '/'");
        }
        if (rawPath.length() > MAX_PATH_LENGTH) {
            throw invalidPath("the request path is longer than " + MAX_PATH_LENGTH + " characters");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\' || c == ';') {
                throw invalidPath("the request path contains a character that is not allowed ("
                        + (c == '\\' || c == ';' ? "'" + c + "'" : String.format("U+%04X", (int) c)) + ")");
            }
            if (c == '%') {
                checkEscape(rawPath, i);
            }
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals(".") || s.equals("..")) {
                throw invalidPath("the request path contains a '" + s + "' segment; use the plain path");
            }
            if (s.isEmpty() && i < segments.length - 1) {
                throw invalidPath("the request path contains an empty segment ('//')");
            }
        }
    }

    private static void checkEscape(String path, int at) {
        if (at + 2 >= path.length() || Character.digit(path.charAt(at + 1), 16) < 0
                || Character.digit(path.charAt(at + 2), 16) < 0) {
            throw invalidPath("the request path contains a malformed percent escape");
        }
        int b = Integer.parseInt(path.substring(at + 1, at + 3), 16);
        boolean unreserved = (b < 0x80 && Character.isLetterOrDigit(b)) || b == '-' || b == '.' || b == '_' || b == '~';
        if (b < 0x20 || b == 0x7f || unreserved || b == '/' || b == '\\' || b == '%' || b == ';') {
            throw invalidPath("the request path contains an encoded character that is not allowed (%"
                    + path.substring(at + 1, at + 3).toUpperCase(Locale.ROOT) + ")");
        }
    }

    private static ApiException invalidPath(String why) {
        return new ApiException(400, "invalid_path", why);
    }

    /**
     * Refuses a Host header (DNS rebinding) that does not name an allowed host, optionally with a numeric port:
     * 400 {@code host_missing} without one, 403 {@code host_not_allowed} otherwise.
     */
    public void checkHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            throw new ApiException(400, "host_missing", "the request has no Host header; send "
                    + "'Host: 127.0.0.1:<port>' (or a name listed in ALLOWED_HOSTS)");
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        String name = hostName(host);
        String rest = host.substring(name.length());
        if (!allowedHosts.contains(name) || !(rest.isEmpty() || PORT.matcher(rest).matches())) {
            throw new ApiException(403, "host_not_allowed", "Host '" + sanitize(host) + "' is not allowed; "
                    + "add the name to ALLOWED_HOSTS in .env if you reach this server by that name");
        }
    }

    /**
     * Refuses (403 {@code remote_not_allowed}) a request from another machine when no RESTART_TOKEN is configured:
     * an app may listen on every interface, but its settings and restart routes answer only this machine unless a
     * token protects them.
     */
    public void checkPeer(String remoteAddress) {
        if (tokenDigest.isPresent() || remoteAddress == null || ConfigLoader.isLoopback(remoteAddress)) {
            return;
        }
        throw new ApiException(403, "remote_not_allowed", "requests from " + sanitize(remoteAddress) + " are "
                + "refused: without RESTART_TOKEN only this machine may use relaunch; set RESTART_TOKEN in .env to "
                + "allow other machines (they then send 'Authorization: Bearer <RESTART_TOKEN>')");
    }

    /** The name part of a Host header value: {@code [::1]:5050 -> [::1]}, {@code localhost:5050 -> localhost}. */
    static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    /**
     * When a token is configured, requires {@code Authorization: Bearer <RESTART_TOKEN>}: 401 {@code token_required}
     * without the header, 401 {@code token_invalid} with another value. The comparison takes the same time whatever
     * the given value (both sides are hashed to a fixed length first).
     */
    public void checkToken(String authorization) {
        if (tokenDigest.isEmpty()) {
            return;
        }
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, "token_required", "this server requires its RESTART_TOKEN: send "
                    + "'Authorization: Bearer <RESTART_TOKEN>' (the page asks for it once per tab)");
        }
        String a = authorization.trim();
        String given = a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : "";
        if (!MessageDigest.isEqual(tokenDigest.get(), sha256(given))) {
            throw new ApiException(401, "token_invalid", "the token is not this server's RESTART_TOKEN; send "
                    + "'Authorization: Bearer <RESTART_TOKEN>' with the value from its .env");
        }
    }

    /**
     * Refuses (403 {@code cross_site_request}) a request a browser made for another site: {@code Sec-Fetch-Site}
     * other than {@code same-origin}/{@code none}, or an {@code Origin} that is not {@code http://<Host>}.
     * Requests without these headers (curl, the CLI, scripts) pass: a browser always sends at least one of them on
     * the requests this guards.
     */
    public static void checkSameOrigin(String secFetchSite, String origin, String hostHeader) {
        if (secFetchSite != null && !SAME_SITE_FETCHES.contains(secFetchSite.trim().toLowerCase(Locale.ROOT))) {
            throw new ApiException(403, "cross_site_request", "cross-site requests are refused (Sec-Fetch-Site: "
                    + sanitize(secFetchSite) + "); use the relaunch page itself, the CLI or curl");
        }
        if (origin != null) {
            String own = "http://" + (hostHeader == null ? "" : hostHeader.trim().toLowerCase(Locale.ROOT));
            if (!origin.trim().toLowerCase(Locale.ROOT).equals(own)) {
                throw new ApiException(403, "cross_site_request", "requests from origin '" + sanitize(origin)
                        + "' are refused; only this server's own pages (" + sanitize(own) + ") may do this");
            }
        }
    }

    /**
     * A state-changing request carries JSON or nothing: 415 {@code unsupported_media_type} for another
     * Content-Type, or for a body without one (HTML forms cannot send {@code application/json}, so this also
     * stops form-based cross-site requests).
     */
    public static void checkContentType(String contentType, boolean hasBody) {
        if (contentType == null || contentType.isBlank()) {
            if (hasBody) {
                throw new ApiException(415, "unsupported_media_type", "the body has no Content-Type; send it as "
                        + "'Content-Type: application/json'");
            }
            return;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "Content-Type must be application/json, not '"
                    + sanitize(base) + "'");
        }
    }

    /**
     * A state-changing request's body is empty or one JSON object: 400 {@code invalid_json} otherwise. The message
     * gives the position of the error, never the body's text.
     */
    public static void checkJsonBody(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = BODY_PARSER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ApiException(400, "invalid_json", "the body is not valid JSON" + where
                    + "; send a JSON object such as {} (or no body)");
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "the body could not be read as JSON; send a JSON object "
                    + "such as {} (or no body)");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "invalid_json", "the body must be a JSON object such as {} (or empty)");
        }
    }

    /** Keeps attacker-controlled text in error messages short and printable. */
    public static String sanitize(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
