package dev.relaunch.it;

import static dev.relaunch.it.RawHttp.Request.get;
import static dev.relaunch.it.RawHttp.Request.post;
import static dev.relaunch.it.RawHttp.Request.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.it.RawHttp.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5: every attack on the settings and restart routes, sent to real servers, with the answer each must get.
 *
 * <p>Three servers run for the whole class, one per configuration: {@link Target#DEV} (loopback, no token, the
 * default), {@link Target#GUARDED} ({@code HOST=0.0.0.0} with {@code RESTART_TOKEN}) and {@link Target#PROD}
 * ({@code APP_ENV=production}). Each has known secret values in its {@code .env}. Every row of {@link #attacks()}
 * asserts the status, the error code, the security headers, that no CORS header is sent, that no secret is in the
 * answer, and that nothing restarted (same PID, no new op record). The last test scans every file the servers wrote
 * for the secrets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {
    private static final String RESTART = "/api/v1/settings/restart";
    private static final String ENV = "/api/v1/settings/env";
    private static final String STATUS = "/api/v1/settings/restart/status/";
    private static final String BACKUP_RESTORE = "/api/v1/settings/env-backup/restore";
    private static final String WATCH = "/api/v1/settings/watch";
    private static final String PAUSE = "{\"paused\":true}";
    private static final String OWN = "127.0.0.1:{port}";
    private static final String OWN_ORIGIN = "http://" + OWN;
    private static final Set<String> FINAL = Set.of("restarted", "failed", "pid_unchanged", "started_but_unhealthy");

    private static final String DB_PASSWORD = "s3cr3t-" + unique();
    private static final String API_KEY = "apikey-" + unique();
    private static final String URL_PASSWORD = "urlpw-" + unique();
    private static final String SESSION_SECRET = "session " + unique() + " value";
    private static final String BROKEN_LINE_SECRET = "brokenpw-" + unique();
    private static final String TOKEN = "tok-" + unique() + unique();
    private static final List<String> SECRETS = List.of(DB_PASSWORD, API_KEY, URL_PASSWORD, SESSION_SECRET,
            BROKEN_LINE_SECRET, TOKEN);
    private static final String SECRET_LINES = "DB_PASSWORD=" + DB_PASSWORD + "\nAPI_KEY=" + API_KEY
            + "\nDATABASE_URL=postgres://app:" + URL_PASSWORD + "@localhost:5432/app\nSESSION_SECRET=\""
            + SESSION_SECRET + "\"\nAPP_NAME=relaunch-security-it\n";

    enum Target { DEV, GUARDED, PROD }

    /** One attack: what is sent to which server and the answer it must get ({@code code} null: no body). */
    record Row(String name, Target target, Request request, int status, String code, boolean mayReveal) {
        @Override
        public String toString() {
            return target + ": " + name + " -> " + status + (code == null ? "" : " " + code);
        }
    }

    private final Map<Target, RelaunchInstance> servers = new EnumMap<>(Target.class);

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    @BeforeAll
    void startServers() throws Exception {
        servers.put(Target.DEV, new RelaunchInstance(SECRET_LINES.split("\n")));
        servers.put(Target.GUARDED, new RelaunchInstance(SECRET_LINES.split("\n")));
        servers.put(Target.PROD, new RelaunchInstance(SECRET_LINES.split("\n")));
        servers.get(Target.GUARDED).appendEnv("HOST=0.0.0.0");
        servers.get(Target.GUARDED).appendEnv("RESTART_TOKEN=" + TOKEN);
        servers.get(Target.PROD).appendEnv("APP_ENV=production");
        List<CompletableFuture<JsonNode>> starts = servers.values().stream()
                .map(s -> CompletableFuture.supplyAsync(s::startSupervised)).toList();
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    void stopServers() {
        List<CompletableFuture<Void>> stops = servers.values().stream().map(s -> CompletableFuture.runAsync(() -> {
            try {
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })).toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    }

    // ---- the attack table ---------------------------------------------------------------------------------

    private static Row row(String name, Target t, int status, String code, Request r) {
        return new Row(name, t, r, status, code, false);
    }

    private static Row dev(String name, int status, String code, Request r) {
        return row(name, Target.DEV, status, code, r);
    }

    private static Row guarded(String name, int status, String code, Request r) {
        return row(name, Target.GUARDED, status, code, r);
    }

    private static Row prod(String name, Request r) {
        return row(name, Target.PROD, 404, r.method().equals("HEAD") ? null : "not_found", r);
    }

    /** A PUT of one key as the page sends it, based on any version. */
    private static Request putEnv(String key, String json) {
        return new Request("PUT", ENV + "/" + key).header("Content-Type", "application/json").header("If-Match", "*")
                .body(json);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    static Stream<Row> attacks() {
        String big = "{\"a\":\"" + "x".repeat(70_000) + "\"}";
        String deep = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
        List<Row> rows = new ArrayList<>(List.of(
                // foreign Host: DNS rebinding
                dev("foreign Host on the list API", 403, "host_not_allowed", get(ENV).host("evil.example")),
                dev("foreign Host with our port on a reveal", 403, "host_not_allowed",
                        get(ENV + "/DB_PASSWORD").host("evil.example:{port}")),
                dev("foreign Host on restart", 403, "host_not_allowed",
                        postJson(RESTART).host("rebind.attacker.test:{port}")),
                dev("foreign Host on the UI", 403, "host_not_allowed", get("/settings").host("attacker.example")),
                dev("foreign Host on an asset", 403, "host_not_allowed", get("/assets/js/api.js").host("x.test")),
                dev("foreign Host on health", 403, "host_not_allowed", get("/api/v1/health").host("evil.example")),
                dev("Host that embeds ours", 403, "host_not_allowed", get(ENV).host("127.0.0.1.nip.io:{port}")),
                dev("Host with a non-numeric port", 400, "bad_request", get(ENV).host("127.0.0.1:evil")),
                dev("no Host (HTTP/1.1)", 400, "bad_request", get(ENV).host(null)),
                dev("no Host (HTTP/1.0)", 400, "host_missing", get(ENV).host(null).version("HTTP/1.0")),
                dev("two Host headers", 400, "bad_request", get(ENV).header("Host", "evil.example")),
                dev("absolute URI naming another host", 400, "bad_request",
                        get("http://evil.example/api/v1/settings/env")),

                // cross-site requests (CSRF) and CORS
                dev("cross-site Origin on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Origin", "http://evil.example")),
                dev("Origin: null (sandboxed frame) on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Origin", "null")),
                dev("Origin with another port on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Origin", "http://127.0.0.1:1")),
                dev("Origin with https on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Origin", "https://" + OWN)),
                dev("Sec-Fetch-Site: cross-site on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Sec-Fetch-Site", "cross-site")),
                dev("Sec-Fetch-Site: same-site on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Sec-Fetch-Site", "same-site")),
                dev("same-origin fetch but foreign Origin on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Sec-Fetch-Site", "same-origin").header("Origin", "http://e.test")),
                dev("cross-site Origin on restart with a trailing slash", 403, "cross_site_request",
                        postJson(RESTART + "/").header("Origin", "http://evil.example")),
                dev("cross-site Origin on a reveal", 403, "cross_site_request",
                        get(ENV + "/DB_PASSWORD").header("Origin", "http://evil.example")),
                dev("Sec-Fetch-Site: cross-site on a reveal", 403, "cross_site_request",
                        get(ENV + "/DB_PASSWORD").header("Sec-Fetch-Site", "cross-site")),
                dev("Sec-Fetch-Site: same-site on a reveal", 403, "cross_site_request",
                        get(ENV + "/API_KEY").header("Sec-Fetch-Site", "same-site")),
                dev("CORS preflight for restart", 405, "method_not_allowed",
                        new Request("OPTIONS", RESTART).header("Origin", "http://evil.example")
                                .header("Access-Control-Request-Method", "POST")
                                .header("Access-Control-Request-Headers", "content-type")),
                dev("text/plain restart (a form or no-preflight fetch)", 415, "unsupported_media_type",
                        post(RESTART).header("Content-Type", "text/plain").body("{}")),
                dev("form-encoded restart", 415, "unsupported_media_type",
                        post(RESTART).header("Content-Type", "application/x-www-form-urlencoded").body("a=b")),
                dev("multipart restart", 415, "unsupported_media_type",
                        post(RESTART).header("Content-Type", "multipart/form-data; boundary=x")
                                .body("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n")),
                dev("restart body without Content-Type", 415, "unsupported_media_type", post(RESTART).body("{}")),
                dev("chunked restart body without Content-Type", 415, "unsupported_media_type",
                        post(RESTART).body("{}").chunked()),

                // malformed, huge or lying bodies and headers
                dev("body over 64 KiB", 413, "payload_too_large",
                        post(RESTART).header("Content-Type", "application/json").body(big)),
                dev("chunked body over 64 KiB", 413, "payload_too_large",
                        post(RESTART).header("Content-Type", "application/json").body(big).chunked()),
                dev("Content-Length of 1 GB", 413, "payload_too_large", postJson(RESTART).declaredLength("1000000000")),
                dev("malformed JSON body", 400, "invalid_json",
                        post(RESTART).header("Content-Type", "application/json").body("{")),
                dev("JSON array body", 400, "invalid_json",
                        post(RESTART).header("Content-Type", "application/json").body("[1]")),
                dev("trailing garbage after JSON", 400, "invalid_json",
                        post(RESTART).header("Content-Type", "application/json").body("{} {}")),
                dev("JSON nested 3000 deep", 400, "invalid_json",
                        post(RESTART).header("Content-Type", "application/json").body(deep)),
                dev("body that is not UTF-8", 400, "invalid_json", post(RESTART)
                        .header("Content-Type", "application/json").body(new byte[] {(byte) 0xff, (byte) 0xfe, 0})),
                dev("Content-Length and chunked together (smuggling)", 400, "bad_request",
                        postJson(RESTART).chunked().declaredLength("2")),
                dev("negative Content-Length", 400, "bad_request", postJson(RESTART).declaredLength("-1")),
                dev("non-numeric Content-Length", 400, "bad_request", postJson(RESTART).declaredLength("abc")),
                dev("20 KB header", 431, "headers_too_large", get(ENV).header("X-Big", "a".repeat(20_000))),
                dev("NUL byte in a header value", 400, "bad_request", get(ENV).header("X-Evil", "a\u0000b")),
                dev("NUL byte in the request line", 400, "bad_request", get(ENV + "/DB_PASSWORD\u0000")),

                // op ids: traversal in every encoding, bad charset and length
                dev("op id ../../etc/passwd", 400, "invalid_path", get(STATUS + "../../etc/passwd")),
                dev("op id ..%2f..%2fetc%2fpasswd", 400, "invalid_path", get(STATUS + "..%2f..%2fetc%2fpasswd")),
                dev("op id %2e%2e%2f%2e%2e%2fetc%2fpasswd", 400, "invalid_path",
                        get(STATUS + "%2e%2e%2f%2e%2e%2fetc%2fpasswd")),
                dev("op id %2E%2E (upper case)", 400, "invalid_path", get(STATUS + "%2E%2E")),
                dev("op id double-encoded %252e%252e%252f", 400, "invalid_path",
                        get(STATUS + "%252e%252e%252fetc%252fpasswd")),
                dev("op id ..%5c..%5c (backslash)", 400, "invalid_path", get(STATUS + "..%5c..%5cetc%5cpasswd")),
                dev("op id with raw backslashes", 400, "bad_request", get(STATUS + "..\\..\\etc\\passwd")),
                dev("op id ....//....//", 400, "invalid_path", get(STATUS + "....//....//etc")),
                dev("op id with a path parameter", 400, "invalid_path", get(STATUS + "AAAAAAAAAAAAAAAA;x=..")),
                dev("op id with %00", 400, "bad_request", get(STATUS + "AAAAAAAAAAAAAAA%00")),
                dev("op id into restart_ops", 400, "invalid_path",
                        get(STATUS + "..%2F..%2F..%2Finstance%2Frestart_ops")),
                dev("op id of 17 characters", 400, "invalid_op_id", get(STATUS + "A".repeat(17))),
                dev("op id with a dot", 400, "invalid_op_id", get(STATUS + "AAAAAAAA.AAAAAAA")),
                dev("op id of non-ASCII letters", 400, "invalid_op_id", get(STATUS + "%C3%A9".repeat(16))),
                dev("op id of 3000 characters", 400, "invalid_path", get(STATUS + "A".repeat(3000))),
                dev("well-formed unknown op id", 404, "unknown_op", get(STATUS + "AAAAAAAAAAAAAAAA")),

                // env keys
                dev("key ../.env", 400, "invalid_path", get(ENV + "/../.env")),
                dev("key ..%2f.env", 400, "invalid_path", get(ENV + "/..%2f.env")),
                dev("key %2e%2e%2f%2e%2e%2f.env", 400, "invalid_path", get(ENV + "/%2e%2e%2f%2e%2e%2f.env")),
                dev("key .env", 400, "invalid_key", get(ENV + "/.env")),
                dev("key starting with a digit", 400, "invalid_key", get(ENV + "/1DB")),
                dev("key of 200 characters", 400, "invalid_key", get(ENV + "/" + "K".repeat(200))),
                dev("key with a space", 400, "invalid_key", get(ENV + "/DB%20PASSWORD")),
                dev("key with shell characters", 400, "invalid_key", get(ENV + "/$(id)")),
                dev("key with non-ASCII letters", 400, "invalid_key", get(ENV + "/%C3%A9")),
                dev("key with CR LF (header injection)", 400, "invalid_path", get(ENV + "/DB%0d%0aSet-Cookie:x")),
                dev("key with %00", 400, "bad_request", get(ENV + "/DB_PASSWORD%00")),
                dev("key with an encoded letter", 400, "invalid_path", get(ENV + "/%44B_PASSWORD")),
                dev("unknown key", 404, "unknown_key", get(ENV + "/NO_SUCH_KEY_HERE")),

                // other methods on the restart route
                dev("HEAD on restart", 405, null, new Request("HEAD", RESTART)),
                dev("OPTIONS on restart", 405, "method_not_allowed", new Request("OPTIONS", RESTART)),
                dev("PUT on restart", 405, "method_not_allowed",
                        new Request("PUT", RESTART).header("Content-Type", "application/json").body("{}")),
                dev("PATCH on restart", 405, "method_not_allowed",
                        new Request("PATCH", RESTART).header("Content-Type", "application/json").body("{}")),
                dev("DELETE on restart", 405, "method_not_allowed", new Request("DELETE", RESTART)),
                dev("GET on restart", 405, "method_not_allowed", get(RESTART)),
                dev("TRACE on restart", 405, "method_not_allowed", new Request("TRACE", RESTART)),
                dev("made-up method on restart", 405, "method_not_allowed", new Request("RESTART", RESTART)),
                dev("restart path in upper case", 404, "not_found", postJson("/API/v1/settings/restart")),
                dev("restart path with //", 400, "invalid_path", postJson("//api/v1/settings/restart")),
                dev("restart path with /./", 400, "invalid_path", postJson("/api/v1/settings/./restart")),
                dev("restart path with an encoded slash", 400, "invalid_path", postJson(RESTART + "%2f")),

                // editing .env: same-origin, JSON, a version, valid keys and values; nothing written otherwise
                dev("PUT a key from a cross-site page", 403, "cross_site_request", putEnv("APP_NAME", "{\"value\":\"x\"}")
                        .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site")),
                dev("PUT a key with a foreign Origin only", 403, "cross_site_request",
                        putEnv("APP_NAME", "{\"value\":\"x\"}").header("Origin", "http://evil.example")),
                dev("PUT a key as a form", 415, "unsupported_media_type", new Request("PUT", ENV + "/APP_NAME")
                        .header("Content-Type", "application/x-www-form-urlencoded").header("If-Match", "*")
                        .body("value=x")),
                dev("PUT a key without If-Match", 428, "version_required", new Request("PUT", ENV + "/APP_NAME")
                        .header("Content-Type", "application/json").body("{\"value\":\"x\"}")),
                dev("PUT a key with a stale If-Match", 409, "version_conflict", new Request("PUT", ENV + "/APP_NAME")
                        .header("Content-Type", "application/json").header("If-Match", "\"" + "0".repeat(64) + "\"")
                        .body("{\"value\":\"x\"}")),
                dev("PUT a key with a malformed If-Match", 400, "invalid_if_match",
                        new Request("PUT", ENV + "/APP_NAME").header("Content-Type", "application/json")
                                .header("If-Match", "abc").body("{\"value\":\"x\"}")),
                dev("PUT a key starting with a digit", 400, "invalid_key", putEnv("1BAD", "{\"value\":\"x\"}")),
                dev("PUT a new key with a dash", 400, "invalid_key", putEnv("NEW-KEY", "{\"value\":\"x\"}")),
                dev("PUT a value with a NUL", 400, "invalid_value", putEnv("APP_NAME", "{\"value\":\"a\\u0000b\"}")),
                dev("PUT a number as the value", 400, "invalid_value", putEnv("APP_NAME", "{\"value\":42}")),
                dev("PUT without a value", 400, "invalid_value", putEnv("APP_NAME", "{}")),
                dev("PUT with an unknown field", 400, "invalid_value",
                        putEnv("APP_NAME", "{\"value\":\"x\",\"admin\":true}")),
                dev("PUT PORT=abc", 400, "invalid_setting", putEnv("PORT", "{\"value\":\"abc\"}")),
                dev("PUT a 70 KB value", 413, "payload_too_large", putEnv("APP_NAME", big)),
                dev("PUT not JSON", 400, "invalid_json", putEnv("APP_NAME", "{value: x}")),
                dev("DELETE a key from a cross-site page", 403, "cross_site_request",
                        new Request("DELETE", ENV + "/APP_NAME").header("If-Match", "*")
                                .header("Sec-Fetch-Site", "cross-site")),
                dev("DELETE a key that is not in .env", 404, "unknown_key",
                        new Request("DELETE", ENV + "/NOT_IN_THE_FILE").header("If-Match", "*")),
                dev("restore the backup from a cross-site page", 403, "cross_site_request",
                        postJson(BACKUP_RESTORE).header("If-Match", "*").header("Origin", "http://evil.example")),
                dev("restore without a backup", 404, "no_backup", postJson(BACKUP_RESTORE).header("If-Match", "*")),
                guarded("PUT a key without the token", 401, "token_required", putEnv("APP_NAME", "{\"value\":\"x\"}")),
                prod("PUT a key", putEnv("APP_NAME", "{\"value\":\"x\"}")),
                prod("DELETE a key", new Request("DELETE", ENV + "/APP_NAME").header("If-Match", "*")),
                prod("restore the backup", postJson(BACKUP_RESTORE).header("If-Match", "*")),

                // what must keep working on loopback without a token
                dev("list API from curl (masked)", 200, null, get(ENV)),
                dev("UI reached from a link on another site", 200, null,
                        get("/settings").header("Sec-Fetch-Site", "cross-site")),
                dev("op list", 200, null, get("/api/v1/settings/restart/ops")),

                // pausing restart on change: the checks of a restart, then its own
                dev("cross-site Origin on watch", 403, "cross_site_request",
                        post(WATCH).header("Content-Type", "application/json").body(PAUSE)
                                .header("Origin", "http://evil.example")),
                dev("Sec-Fetch-Site: cross-site on watch", 403, "cross_site_request",
                        post(WATCH).header("Content-Type", "application/json").body(PAUSE)
                                .header("Sec-Fetch-Site", "cross-site")),
                dev("text/plain watch (a form)", 415, "unsupported_media_type",
                        post(WATCH).header("Content-Type", "text/plain").body(PAUSE)),
                dev("watch without a body", 400, "invalid_body", post(WATCH)),
                dev("watch with an empty object", 400, "invalid_body", postJson(WATCH)),
                dev("watch with paused as a string", 400, "invalid_body",
                        post(WATCH).header("Content-Type", "application/json").body("{\"paused\":\"yes\"}")),
                dev("watch with an unknown field", 400, "invalid_body", post(WATCH)
                        .header("Content-Type", "application/json").body("{\"paused\":true,\"x\":1}")),
                dev("malformed JSON on watch", 400, "invalid_json",
                        post(WATCH).header("Content-Type", "application/json").body("{\"paused\":")),
                dev("GET on watch", 405, "method_not_allowed", get(WATCH)),
                dev("watch on a supervisor without --watch", 409, "not_watching",
                        post(WATCH).header("Content-Type", "application/json").body(PAUSE)),
                dev("HEAD on a reveal", 200, null, new Request("HEAD", ENV + "/DB_PASSWORD")),

                // HOST=0.0.0.0 with RESTART_TOKEN
                guarded("no token on the list API", 401, "token_required", get(ENV)),
                guarded("wrong token on the list API", 401, "token_invalid", get(ENV).header("Authorization",
                        bearer("wrong-token-0123456789"))),
                guarded("token minus its last character", 401, "token_invalid", get(ENV).header("Authorization",
                        bearer(TOKEN.substring(0, TOKEN.length() - 1)))),
                guarded("token plus a character", 401, "token_invalid", get(ENV).header("Authorization",
                        bearer(TOKEN + "x"))),
                guarded("token as Basic credentials", 401, "token_invalid", get(ENV).header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(("x:" + TOKEN).getBytes(StandardCharsets.UTF_8)))),
                guarded("token without the Bearer scheme", 401, "token_invalid",
                        get(ENV).header("Authorization", TOKEN)),
                guarded("no token on a reveal", 401, "token_required", get(ENV + "/DB_PASSWORD")),
                guarded("wrong token on a reveal of the token", 401, "token_invalid",
                        get(ENV + "/RESTART_TOKEN").header("Authorization", bearer("x"))),
                guarded("no token on restart", 401, "token_required", postJson(RESTART)),
                guarded("wrong token on restart", 401, "token_invalid",
                        postJson(RESTART).header("Authorization", bearer("wrong-token-0123456789"))),
                guarded("no token on info", 401, "token_required", get("/api/v1/info")),
                guarded("no token on logs", 401, "token_required", get("/api/v1/logs")),
                guarded("no token on the op list", 401, "token_required", get("/api/v1/settings/restart/ops")),
                guarded("no token on an op status", 401, "token_required", get(STATUS + "AAAAAAAAAAAAAAAA")),
                guarded("no token on watch", 401, "token_required",
                        post(WATCH).header("Content-Type", "application/json").body(PAUSE)),
                guarded("right token, cross-site Origin on restart", 403, "cross_site_request",
                        postJson(RESTART).header("Authorization", bearer(TOKEN))
                                .header("Origin", "http://evil.example")),
                guarded("right token, text/plain restart", 415, "unsupported_media_type",
                        post(RESTART).header("Authorization", bearer(TOKEN)).header("Content-Type", "text/plain")
                                .body("{}")),
                guarded("right token, foreign Host", 403, "host_not_allowed",
                        get(ENV).header("Authorization", bearer(TOKEN)).host("evil.example:{port}")),
                guarded("right token on the list API (masked)", 200, null,
                        get(ENV).header("Authorization", bearer(TOKEN))),
                guarded("right token, lower-case scheme", 200, null,
                        get(ENV).header("Authorization", "bearer " + TOKEN)),
                guarded("health needs no token", 200, null, get("/api/v1/health")),
                guarded("the UI shell needs no token (it asks for one)", 200, null, get("/settings")),

                // APP_ENV=production: the routes do not exist, whatever is sent
                prod("UI root", get("/")),
                prod("Settings page", get("/settings")),
                prod("UI asset", get("/assets/js/main.js")),
                prod("list API", get(ENV)),
                prod("reveal", get(ENV + "/DB_PASSWORD")),
                prod("restart", postJson(RESTART)),
                prod("restart from a cross-site page", postJson(RESTART).header("Origin", "http://evil.example")
                        .header("Sec-Fetch-Site", "cross-site")),
                prod("restart with a bearer token", postJson(RESTART).header("Authorization", bearer("x"))),
                prod("text/plain restart", post(RESTART).header("Content-Type", "text/plain").body("{}")),
                prod("restart with a 1 GB Content-Length", postJson(RESTART).declaredLength("1000000000")),
                prod("PUT on restart", new Request("PUT", RESTART)),
                prod("OPTIONS on restart", new Request("OPTIONS", RESTART).header("Origin", "http://e.test")
                        .header("Access-Control-Request-Method", "POST")),
                prod("HEAD on restart", new Request("HEAD", RESTART)),
                prod("op status", get(STATUS + "AAAAAAAAAAAAAAAA")),
                prod("op list", get("/api/v1/settings/restart/ops")),
                prod("info", get("/api/v1/info")),
                prod("watch", post(WATCH).header("Content-Type", "application/json").body(PAUSE)),
                prod("watch from a cross-site page", post(WATCH).header("Content-Type", "application/json")
                        .body(PAUSE).header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site")),
                prod("logs", get("/api/v1/logs")),
                prod("test hook", get("/api/v1/test/sleep?ms=1")),
                row("health still answers", Target.PROD, 200, null, get("/api/v1/health")),
                row("foreign Host is refused before routing", Target.PROD, 403, "host_not_allowed",
                        postJson(RESTART).host("evil.example"))));
        rows.add(new Row("reveal from the page itself", Target.DEV, get(ENV + "/DB_PASSWORD")
                .header("Sec-Fetch-Site", "same-origin").header("Origin", OWN_ORIGIN), 200, null, true));
        rows.add(new Row("right token on a reveal", Target.GUARDED, get(ENV + "/DB_PASSWORD")
                .header("Authorization", bearer(TOKEN)), 200, null, true));
        return rows.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void attackIsAnsweredAsSpecifiedAndChangesNothing(Row row) throws IOException {
        RelaunchInstance server = servers.get(row.target());
        long pidBefore = server.healthPid();
        long opsBefore = server.opCount();
        byte[] envBefore = Files.readAllBytes(server.envFile());

        RawHttp.Response r = RawHttp.send(server.port(), row.request());

        assertThat(r.status()).as("status of %s; answer:\n%s", row, r.raw()).isEqualTo(row.status());
        if (row.code() != null) {
            assertThat(r.errorCode()).as(r.body()).isEqualTo(row.code());
            assertThat(r.json().path("error").path("message").asText()).as("the error says what was wrong")
                    .isNotBlank();
        } else if (row.status() >= 400) {
            assertThat(r.body()).as("no body for %s", row).isEmpty();
        }
        assertSecurityHeaders(r);
        if (!row.mayReveal()) {
            assertNoSecret(r.raw(), row.toString());
        }
        assertThat(server.opCount()).as("no new op record after %s", row).isEqualTo(opsBefore);
        assertThat(Files.readAllBytes(server.envFile())).as(".env unchanged after %s", row).isEqualTo(envBefore);
        assertThat(server.envFile().resolveSibling(".env.bak")).as("no backup written after %s", row).doesNotExist();
        assertThat(server.healthPid()).as("same server PID after %s", row).isEqualTo(pidBefore);
    }

    private static void assertSecurityHeaders(RawHttp.Response r) {
        assertThat(r.headers().keySet()).as("no CORS header in\n%s", r.raw())
                .noneMatch(h -> h.startsWith("access-control-"));
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(r.header("Cache-Control")).as("Cache-Control").contains("no-");
        if (r.header("Content-Type") != null && r.header("Content-Type").startsWith("application/json")) {
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    private static void assertNoSecret(String text, String where) {
        for (String s : SECRETS) {
            assertThat(text).as("a secret leaked in %s", where).doesNotContain(s);
        }
    }

    // ---- start-up refusals --------------------------------------------------------------------------------

    @Order(2)
    @Test
    void nonLoopbackBindWithoutATokenRefusesToStartAndSaysWhatToSet() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance("HOST=0.0.0.0")) {
            RelaunchInstance.Result check = r.cli("check");
            assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(2);
            assertThat(check.out() + check.err()).contains("HOST=0.0.0.0").contains("RESTART_TOKEN")
                    .contains("loopback");

            RelaunchInstance.Result start = r.cli("start", "--detach");
            assertThat(start.exit()).as(start.out() + start.err()).isEqualTo(2);
            assertThat(start.out() + start.err()).contains("RESTART_TOKEN");

            String tooShort = "sh0rt" + unique().substring(0, 6);
            r.appendEnv("RESTART_TOKEN=" + tooShort);
            RelaunchInstance.Result shortToken = r.cli("check");
            assertThat(shortToken.exit()).isEqualTo(2);
            assertThat(shortToken.out() + shortToken.err()).contains("RESTART_TOKEN").contains("16")
                    .doesNotContain(tooShort);
        }
    }

    // ---- the token lets a real restart through --------------------------------------------------------------

    @Order(3)
    @Test
    void rightTokenRestartsANonLoopbackServer() {
        RelaunchInstance s = servers.get(Target.GUARDED);
        long before = s.healthPid();
        RelaunchInstance.Response r = s.post(RESTART, "{}", "Content-Type", "application/json",
                "Authorization", bearer(TOKEN), "X-Relaunch-Client", "api");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode op = awaitOp(s, r.json().path("data").path("op_id").asText(), "Authorization", bearer(TOKEN));
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
        s.track(op.path("pid_after").asLong());
        assertThat(s.healthPid()).isNotEqualTo(before).isEqualTo(op.path("pid_after").asLong());
        assertNoSecret(r.body() + op, "restart answer and op record");
    }

    // ---- production keeps the local CLI -------------------------------------------------------------------

    @Order(4)
    @Test
    void productionStillAnswersTheCliOverTheControlSocket() {
        RelaunchInstance.Result st = servers.get(Target.PROD).cli("status", "--json");
        assertThat(st.exit()).as(st.out() + st.err()).isZero();
        assertThat(st.json().path("mode").asText()).isNotEqualTo("unmanaged");
        assertThat(st.json().path("server").path("pid").asLong()).isEqualTo(servers.get(Target.PROD).healthPid());
        assertNoSecret(st.out() + st.err(), "relaunch status");
    }

    // ---- control socket and files -------------------------------------------------------------------------

    @Order(5)
    @Test
    void instanceDirAndControlSocketAreOwnerOnly() throws IOException {
        Path instance = servers.get(Target.DEV).dir().resolve("instance");
        assertThat(perms(instance)).isEqualTo("rwx------");
        assertThat(perms(socketOf(instance))).isEqualTo("rw-------");
    }

    @Order(6)
    @Test
    void anotherUserCannotConnectToTheControlSocket() throws Exception {
        Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue("root".equals(System.getProperty("user.name")),
                "connecting as another user needs root to switch users; this runs as "
                        + System.getProperty("user.name") + " (the 0700/0600 modes are checked by the test above)");
        assumeTrue(runuser != null, "runuser is not installed, so the test cannot act as user 'nobody'");
        RelaunchInstance dev = servers.get(Target.DEV);
        Path instance = dev.dir().resolve("instance");
        Path socket = socketOf(instance);
        Path probeDir = Files.createTempDirectory("relaunch-probe-");
        String dirPerms = perms(dev.dir());
        try (ServerSocketChannel open = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.setPosixFilePermissions(probeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path openSocket = probeDir.resolve("open.sock");
            open.bind(UnixDomainSocketAddress.of(openSocket));
            Files.setPosixFilePermissions(openSocket, PosixFilePermissions.fromString("rwxrwxrwx"));
            // the same socket reached through a world-readable folder: only the socket's own mode protects it
            Path link = probeDir.resolve("linked.sock");
            Files.createLink(link, socket);
            Path probe = probeDir.resolve("Probe.java");
            Files.writeString(probe, PROBE);
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
            // only INSTANCE_DIR itself (0700) stands between 'nobody' and the socket
            Files.setPosixFilePermissions(dev.dir(), PosixFilePermissions.fromString("rwx--x--x"));

            Process p = new ProcessBuilder(runuser.toString(), "-u", "nobody", "--",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                    "-Xshare:auto", probe.toString(), openSocket.toString(), socket.toString(), link.toString())
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the probe finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assumeTrue(out.contains(openSocket + ": CONNECTED"),
                    "user 'nobody' cannot run the probe here, so the test proves nothing: " + out);
            assertThat(out).as("through INSTANCE_DIR").contains(socket + ": DENIED");
            assertThat(out).as("through a hard link").contains(link + ": DENIED");
            assertThat(out).doesNotContain(socket + ": CONNECTED").doesNotContain(link + ": CONNECTED");
        } finally {
            Files.setPosixFilePermissions(dev.dir(), PosixFilePermissions.fromString(dirPerms));
            try (Stream<Path> s = Files.list(probeDir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(probeDir);
        }
    }

    private static final String PROBE = """
            import java.net.StandardProtocolFamily;
            import java.net.UnixDomainSocketAddress;
            import java.nio.ByteBuffer;
            import java.nio.channels.SocketChannel;
            import java.nio.charset.StandardCharsets;

            public class Probe {
                public static void main(String[] args) {
                    for (String path : args) {
                        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                            c.connect(UnixDomainSocketAddress.of(path));
                            c.write(ByteBuffer.wrap("{\\"cmd\\":\\"status\\"}\\n".getBytes(StandardCharsets.UTF_8)));
                            System.out.println(path + ": CONNECTED");
                        } catch (Exception e) {
                            String m = String.valueOf(e.getMessage());
                            boolean denied = m.contains("ermission denied") || e instanceof SecurityException
                                    || e instanceof java.nio.file.AccessDeniedException;
                            System.out.println(path + ": " + (denied ? "DENIED " : "FAILED ") + e);
                        }
                    }
                }
            }
            """;

    private static Path socketOf(Path instance) throws IOException {
        Path recorded = instance.resolve("relaunch.sock.path");
        return Files.exists(recorded) ? Path.of(Files.readString(recorded).trim()) : instance.resolve("relaunch.sock");
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    // ---- secrets through list, reveal, restart and a failed restart ---------------------------------------

    @Order(7)
    @Test
    void secretsAreMaskedInTheListAndAbsentFromRestartAnswersAndRecords() throws IOException {
        RelaunchInstance dev = servers.get(Target.DEV);
        String original = Files.readString(dev.envFile());

        RelaunchInstance.Response list = dev.get(ENV);
        assertThat(list.status()).isEqualTo(200);
        assertNoSecret(list.body(), "the list API");
        for (JsonNode e : list.json().path("data").path("entries")) {
            if (Set.of("DB_PASSWORD", "API_KEY", "DATABASE_URL", "SESSION_SECRET").contains(e.path("key").asText())) {
                assertThat(e.path("sensitive").asBoolean()).as(e.toString()).isTrue();
            }
        }
        RelaunchInstance.Response reveal = dev.get(ENV + "/DB_PASSWORD", "Sec-Fetch-Site", "same-origin");
        assertThat(reveal.json().path("data").path("value").asText()).isEqualTo(DB_PASSWORD);
        assertThat(reveal.header("Cache-Control")).isEqualTo("no-store");

        JsonNode ok = restartFromThePage(dev);
        assertThat(ok.path("status").asText()).as(ok.toString()).isEqualTo("restarted");

        dev.writeEnv(original + "BROKEN_PASSWORD \"" + BROKEN_LINE_SECRET + "\"\nPORT=abc\n");
        try {
            JsonNode failed = restartFromThePage(dev);
            assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.path("error").path("code").asText()).isEqualTo("config_invalid");
            assertThat(failed.toString()).as("the record names the broken keys").contains("BROKEN_PASSWORD")
                    .contains("PORT=abc");
            RelaunchInstance.Response listNow = dev.get(ENV);
            assertThat(listNow.json().path("data").path("problems").toString()).contains("BROKEN_PASSWORD");
            assertNoSecret(listNow.body(), "the list API with a broken .env");
            assertNoSecret(dev.get("/api/v1/settings/restart/ops").body(), "the op list");
            assertNoSecret(dev.get("/api/v1/logs?lines=1000").body(), "the log API");
            assertThat(dev.healthPid()).as("the old server keeps serving").isEqualTo(ok.path("pid_after").asLong());
        } finally {
            dev.writeEnv(original);
        }
    }

    /** Restarts as the page does (same-origin headers) and waits for the outcome; checks the answers for secrets. */
    private static JsonNode restartFromThePage(RelaunchInstance s) {
        RelaunchInstance.Response r = s.post(RESTART, "{}", "Content-Type", "application/json",
                "Origin", s.url(), "Sec-Fetch-Site", "same-origin", "X-Relaunch-Client", "ui");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertNoSecret(r.body(), "the restart answer");
        JsonNode op = awaitOp(s, r.json().path("data").path("op_id").asText());
        assertNoSecret(op.toString(), "the op record");
        if (op.hasNonNull("pid_after")) {
            s.track(op.path("pid_after").asLong());
        }
        return op;
    }

    private static JsonNode awaitOp(RelaunchInstance s, String opId, String... headers) {
        return Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> s.get(STATUS + opId, headers).json().path("data"),
                        op -> FINAL.contains(op.path("status").asText()));
    }

    // ---- a burst of restart requests ----------------------------------------------------------------------

    @Order(8)
    @Test
    void burstOfAThousandRestartRequestsRunsOneOperationAtATime() throws Exception {
        RelaunchInstance dev = servers.get(Target.DEV);
        long opsBefore = dev.opCount();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(16);
        ConcurrentLinkedQueue<String> opIds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> retried = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < 1000; i++) {
            inFlight.acquire();
            // A keep-alive connection the draining old server closes while idle can race with a request the
            // client is just sending on it: no byte of it was read, so like any HTTP client we send it again.
            all.add(sendRestart(client, dev).handle((r, e) -> e == null ? CompletableFuture.completedFuture(r)
                    : closedBeforeAnyResponse(e) ? sendRestart(client, dev).whenComplete((r2, e2) -> retried.add("1"))
                    : CompletableFuture.<HttpResponse<String>>failedFuture(e))
                    .thenCompose(f -> f).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null) {
                    failures.add(String.valueOf(e));
                } else if (r.statusCode() != 202) {
                    failures.add(r.statusCode() + " " + r.body());
                } else {
                    opIds.add(new RelaunchInstance.Response(202, Map.of(), r.body()).json().path("data")
                            .path("op_id").asText());
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
        Duration took = Duration.between(start, Instant.now());
        System.out.printf("burst: 1000 restart requests in %d ms, %d resent after an idle keep-alive close%n",
                took.toMillis(), retried.size());

        assertThat(failures).as("every request answered 202").isEmpty();
        assertThat(took).as("the burst took %s", took).isLessThan(Duration.ofSeconds(60));
        Set<String> distinct = new LinkedHashSet<>(opIds);
        assertThat(distinct).as("1000 requests join a handful of operations").isNotEmpty().hasSizeLessThanOrEqualTo(10);
        List<JsonNode> ops = new ArrayList<>();
        for (String id : distinct) {
            JsonNode op = awaitOp(dev, id);
            if (op.hasNonNull("pid_after")) {
                dev.track(op.path("pid_after").asLong());
            }
            ops.add(dev.opFromDisk(id));
        }
        assertThat(dev.opCount()).isEqualTo(opsBefore + distinct.size());
        ops.sort(Comparator.comparing(o -> Instant.parse(o.path("requested_at").asText())));
        for (int i = 1; i < ops.size(); i++) {
            Instant prevEnd = Instant.parse(ops.get(i - 1).path("finished_at").asText());
            Instant nextStart = Instant.parse(ops.get(i).path("requested_at").asText());
            assertThat(nextStart).as("operation %s starts after %s ended", ops.get(i).path("op_id"),
                    ops.get(i - 1).path("op_id")).isAfterOrEqualTo(prevEnd);
        }
        assertThat(dev.get("/api/v1/health").status()).as("still serving").isEqualTo(200);
        System.out.printf("burst: 1000 restart requests in %d ms joined %d operation(s): %s%n", took.toMillis(),
                ops.size(), ops.stream().map(o -> o.path("op_id").asText() + " " + o.path("status").asText()).toList());
    }

    private static CompletableFuture<HttpResponse<String>> sendRestart(HttpClient client, RelaunchInstance s) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.url() + RESTART)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Relaunch-Client", "api")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    // ---- nothing any server wrote holds a secret ----------------------------------------------------------

    @Order(9)
    @Test
    void noFileTheServersWroteContainsASecret() throws IOException {
        List<String> scanned = new ArrayList<>();
        for (RelaunchInstance s : servers.values()) {
            try (Stream<Path> files = Files.walk(s.dir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (f.getFileName().toString().startsWith(".env")) {
                        continue; // where the secrets are meant to be
                    }
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertNoSecret(text, f.toString());
                    scanned.add(s.dir().relativize(f).toString());
                }
            }
        }
        assertThat(scanned).as("the logs and op records were scanned").anyMatch(f -> f.endsWith("server.log"))
                .anyMatch(f -> f.contains("restart_ops"));
    }

    private static boolean closedBeforeAnyResponse(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException && String.valueOf(c.getMessage()).contains("received no bytes")) {
                return true;
            }
        }
        return false;
    }
}
