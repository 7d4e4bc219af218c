package dev.relaunch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request checks as pure functions; {@code SecurityIT} drives the same rules through a real server. */
class SecurityPolicyTest {
    private static final String TOKEN = "0123456789abcdef-token";
    private final SecurityPolicy open = new SecurityPolicy(List.of("localhost", "127.0.0.1", "[::1]"),
            Optional.empty());
    private final SecurityPolicy guarded = new SecurityPolicy(List.of("localhost", "127.0.0.1", "[::1]"),
            Optional.of(TOKEN));

    private static ApiException refusal(ThrowingCallable call) {
        ApiException e = catchThrowableOfType(ApiException.class, call);
        assertThat(e).as("expected a refusal").isNotNull();
        return e;
    }

    // ---- paths ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/", "/settings", "/settings/", "/assets/js/main.js", "/api/v1/settings/env/DB_PASSWORD",
            "/api/v1/settings/restart/status/AbCdEfGh-_123456", "/api/v1/settings/env/caf%C3%A9",
            "/api/v1/settings/env/A%20B"})
    void plainPathsPass(String path) {
        assertThatCode(() -> SecurityPolicy.checkPath(path)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relative", "/api/v1/settings/restart/status/../../etc/passwd", "/a/./b", "/a/..",
            "//api/v1/settings/env", "/a//b", "/a\\..\\b", "/a;jsessionid=1", "/a%2fb", "/a%2F..%2Fb", "/%2e%2e/x",
            "/%2E%2E/x", "/a%5c..", "/a%252e%252e%252f", "/a%00", "/a%0d%0aSet-Cookie:x", "/a%7f", "/a%", "/a%4",
            "/a%zz", "/%61pi/v1/settings/env", "/api/v1/settings/env/%44B_PASSWORD", "/a%7e", "/a%2D",
            "/caf\u00e9", "/a b", "/a\tb"})
    void ambiguousOrMalformedPathsAreRefused(String path) {
        ApiException e = refusal(() -> SecurityPolicy.checkPath(path));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_path");
    }

    @Test
    void overlongPathIsRefused() {
        String path = "/" + "a".repeat(SecurityPolicy.MAX_PATH_LENGTH);
        assertThat(refusal(() -> SecurityPolicy.checkPath(path)).code()).isEqualTo("invalid_path");
        assertThatCode(() -> SecurityPolicy.checkPath(path.substring(1))).isInstanceOf(ApiException.class);
    }

    // ---- Host -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:5050", "LOCALHOST:5050", "localhost", "[::1]:5050", "[::1]",
            " 127.0.0.1:1 "})
    void allowedHostsPass(String host) {
        assertThatCode(() -> open.checkHost(host)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:5050", "127.0.0.1.nip.io", "localhost.", "127.0.0.2",
            "127.0.0.1:abc", "127.0.0.1:5050:1", "127.0.0.1@evil.example", "evil.example#127.0.0.1", "[::1]x",
            "[::2]:5050", "0.0.0.0:5050", "127.0.0.1:123456"})
    void otherHostsAreForbidden(String host) {
        ApiException e = refusal(() -> open.checkHost(host));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("host_not_allowed");
        assertThat(e.getMessage()).contains("ALLOWED_HOSTS");
    }

    @Test
    void missingHostIsABadRequest() {
        assertThat(refusal(() -> open.checkHost(null)).code()).isEqualTo("host_missing");
        assertThat(refusal(() -> open.checkHost(" ")).status()).isEqualTo(400);
    }

    @Test
    void hostMessageIsSanitized() {
        ApiException e = refusal(() -> open.checkHost("evil\u0000\u001b[31m" + "x".repeat(500)));
        assertThat(e.getMessage()).doesNotContain("\u0000").doesNotContain("\u001b").hasSizeLessThan(300);
    }

    @ParameterizedTest
    @CsvSource({"[::1]:80,[::1]", "localhost:80,localhost", "localhost,localhost", "[::1,[::1"})
    void hostNameDropsThePort(String header, String name) {
        assertThat(SecurityPolicy.hostName(header)).isEqualTo(name);
    }

    // ---- token ----------------------------------------------------------------------------------------------

    @Test
    void withoutConfiguredTokenNothingIsRequired() {
        assertThat(open.tokenRequired()).isFalse();
        assertThatCode(() -> open.checkToken(null)).doesNotThrowAnyException();
        assertThatCode(() -> open.checkToken("Bearer anything")).doesNotThrowAnyException();
    }

    @Test
    void missingTokenIsRequired() {
        assertThat(guarded.tokenRequired()).isTrue();
        ApiException e = refusal(() -> guarded.checkToken(null));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("token_required");
        assertThat(refusal(() -> guarded.checkToken("  ")).code()).isEqualTo("token_required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer " + TOKEN + "x", "Bearer 0123456789abcdef-toke", "Basic " + TOKEN,
            TOKEN, "Bearer", "Bearer ", "Token " + TOKEN, "Bearer " + TOKEN + " extra"})
    void wrongTokensAreInvalid(String authorization) {
        ApiException e = refusal(() -> guarded.checkToken(authorization));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("token_invalid");
        assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("wrong");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER  " + TOKEN + " "})
    void theRightTokenPasses(String authorization) {
        assertThatCode(() -> guarded.checkToken(authorization)).doesNotThrowAnyException();
    }

    // ---- same origin ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, NULL, 127.0.0.1:5050",
            "same-origin, NULL, 127.0.0.1:5050",
            "none, NULL, 127.0.0.1:5050",
            "NULL, http://127.0.0.1:5050, 127.0.0.1:5050",
            "same-origin, http://LOCALHOST:5050, localhost:5050"})
    void sameOriginAndNonBrowserRequestsPass(String site, String origin, String host) {
        assertThatCode(() -> SecurityPolicy.checkSameOrigin(site, origin, host)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "cross-site, NULL, 127.0.0.1:5050",
            "same-site, NULL, 127.0.0.1:5050",
            "bogus, NULL, 127.0.0.1:5050",
            "NULL, http://evil.example, 127.0.0.1:5050",
            "NULL, null, 127.0.0.1:5050",
            "NULL, http://127.0.0.1:5051, 127.0.0.1:5050",
            "NULL, https://127.0.0.1:5050, 127.0.0.1:5050",
            "NULL, http://127.0.0.1:5050.evil.example, 127.0.0.1:5050",
            "same-origin, http://evil.example, 127.0.0.1:5050",
            "NULL, http://127.0.0.1:5050, NULL"})
    void crossSiteRequestsAreForbidden(String site, String origin, String host) {
        ApiException e = refusal(() -> SecurityPolicy.checkSameOrigin(site, origin, host));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("cross_site_request");
    }

    // ---- bodies ---------------------------------------------------------------------------------------------

    @Test
    void jsonOrNoContentTypePasses() {
        assertThatCode(() -> SecurityPolicy.checkContentType("application/json", true)).doesNotThrowAnyException();
        assertThatCode(() -> SecurityPolicy.checkContentType("Application/JSON; charset=utf-8", true))
                .doesNotThrowAnyException();
        assertThatCode(() -> SecurityPolicy.checkContentType(null, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/jsonx", "application/json-patch+json", "text/json"})
    void otherContentTypesAreUnsupported(String type) {
        ApiException e = refusal(() -> SecurityPolicy.checkContentType(type, true));
        assertThat(e.status()).isEqualTo(415);
        assertThat(e.code()).isEqualTo("unsupported_media_type");
    }

    @Test
    void aBodyWithoutContentTypeIsUnsupported() {
        assertThat(refusal(() -> SecurityPolicy.checkContentType(null, true)).status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "{}", "{\"a\":1}", " {\"nested\":{\"b\":[1,2]}} "})
    void emptyOrObjectBodiesPass(String body) {
        assertThatCode(() -> SecurityPolicy.checkJsonBody(body.getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[1]", "1", "\"s\"", "null", "{} {}", "{\"a\":1,\"a\":2}", "{'a':1}", "a=b",
            "{\"secret-looking\": s3cr3t}"})
    void otherBodiesAreInvalid(String body) {
        ApiException e = refusal(() -> SecurityPolicy.checkJsonBody(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_json");
        assertThat(e.getMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void deeplyNestedBodyIsInvalidNotACrash() {
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        assertThat(refusal(() -> SecurityPolicy.checkJsonBody(deep.getBytes(StandardCharsets.UTF_8))).code())
                .isEqualTo("invalid_json");
    }

    @Test
    void sanitizeKeepsMessagesShortAndPrintable() {
        assertThat(SecurityPolicy.sanitize("a\nb\u0000c")).isEqualTo("a?b?c");
        assertThat(SecurityPolicy.sanitize("x".repeat(200))).hasSize(83);
    }
}
