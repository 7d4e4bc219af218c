package dev.relaunch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SensitivityTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n"
            + "-----END RSA PRIVATE KEY-----";

    private final Sensitivity defaults = Sensitivity.defaults();

    static Stream<Arguments> defaultRules() {
        return Stream.of(
                // sensitive because of a word in the key
                arguments("API_KEY", "abc", true),
                arguments("DB_PASSWORD", "hunter2", true),
                arguments("AWS_SECRET_ACCESS_KEY", "x", true),
                arguments("SESSION_COOKIE_NAME", "sid", true),
                arguments("GITHUB_TOKEN", "ghp_x", true),
                arguments("MYSQL_PWD", "x", true),
                arguments("LDAP_PASSWD", "x", true),
                arguments("GOOGLE_APPLICATION_CREDENTIALS", "/path/creds.json", true),
                arguments("DOCKER_CREDENTIAL", "x", true),
                arguments("PRIVATE_REGISTRY", "x", true),
                arguments("BASIC_AUTH", "u:p", true),
                arguments("PASSWORD_SALT", "x", true),
                arguments("WEBHOOK_SIGNATURE", "x", true),
                arguments("restart_token", "x", true),
                arguments("spring.datasource.password", "x", true),
                arguments("jwt-secret", "x", true),
                arguments("stripeApiKey", "x", true),
                arguments("SECRET", "", true),
                // sensitive because of the value
                arguments("DATABASE_URL", "postgres://u:p@h/db", true),
                arguments("CACHE", "redis://:p@h:6379", true),
                arguments("JDBC", "jdbc:mysql://root:pw@localhost:3306/app", true),
                arguments("TLS", PEM, true),
                arguments("OPENSSH", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----", true),
                arguments("BEARER", JWT, true),
                arguments("BEARER_PADDED", "  " + JWT + "  ", true),
                // not sensitive
                arguments("KEYBOARD_LAYOUT", "us", false),
                arguments("MONKEY", "banana", false),
                arguments("AUTHOR", "Ada", false),
                arguments("TOKENIZER_PATH", "/models/tok", false),
                arguments("PASSWORDLESS", "true", false),
                arguments("HOST", "127.0.0.1", false),
                arguments("PORT", "5050", false),
                arguments("APP_ENV", "development", false),
                arguments("DATABASE_URL", "postgres://app@localhost/app", false),
                arguments("CACHE_URL", "redis://u:@h:6379", false),
                arguments("HOMEPAGE", "https://example.com/a:b/@team", false),
                arguments("GIT_REMOTE", "ssh://git@github.com/org/repo.git", false),
                arguments("VERSION", "1.2.3", false),
                arguments("DOMAIN", "www.example.com", false),
                arguments("DOTTED", "abc.def.ghi", false),
                arguments("CERT_PEM", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", false),
                arguments("GREETING", "${API_KEY}", false));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @MethodSource("defaultRules")
    void defaultRulesRecogniseSecretsByKeyAndValue(String key, String value, boolean sensitive) {
        assertThat(defaults.isSensitive(key, value)).isEqualTo(sensitive);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PIN,              true",
        "CARD_PIN,         true",
        "pin_code,         true",
        "PINNED_VERSION,   false",
        "SPINNER,          false",
        "SERVER_CERT,      true",
        "server_cert,      true",
        "CERT_PATH,        false",
        "STRIPE_PUBLISHABLE,true",
        "stripe_mode,      true",
        "NOT_STRIPE_MODE,  false",
        "OAUTH_CLIENT_ID,  true",
        "CLIENT_NAME,      false",
    })
    void extraPatternsAreWordsRunsOfWordsOrGlobs(String key, boolean sensitive) {
        Sensitivity sensitivity = Sensitivity.fromSetting(" pin, *_CERT ,STRIPE_*,, client_id ");

        assertThat(sensitivity.isSensitive(key, "plain")).isEqualTo(sensitive);
    }

    @Test
    void extraPatternsApplyOnlyWhenConfigured() {
        assertThat(defaults.isSensitive("PIN", "1234")).isFalse();
        assertThat(new Sensitivity(List.of("PIN")).isSensitive("PIN", "1234")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " , ,"})
    void blankSettingMeansDefaultsOnly(String setting) {
        Sensitivity sensitivity = Sensitivity.fromSetting(setting);

        assertThat(sensitivity.isSensitive("API_KEY", "x")).isTrue();
        assertThat(sensitivity.isSensitive("ANYTHING", "x")).isFalse();
        assertThat(Sensitivity.fromSetting(null).isSensitive("ANYTHING", "x")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "postgres://u:p@h/db                       | postgres://u:******@h/db",
        "redis://:p@h:6379                         | redis://:******@h:6379",
        "mongodb+srv://admin:s3cr%40t@cluster0.example.net/app?retryWrites=true | mongodb+srv://admin:******@cluster0.example.net/app?retryWrites=true",
        "jdbc:postgresql://app:pw@db:5432/app      | jdbc:postgresql://app:******@db:5432/app",
        "amqp://guest:p@ss@rabbit:5672/            | amqp://guest:******@rabbit:5672/",
        "postgres://u:ab/cd+ef==@h/db              | postgres://u:******@h/db",
        "redis://:pa#ss@h:6379                     | redis://:******@h:6379",
    })
    void urlPasswordIsTheOnlyPartMasked(String url, String masked) {
        assertThat(defaults.isUrlWithPassword(url)).isTrue();
        assertThat(defaults.mask("DATABASE_URL", url)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/path", "postgres://app@localhost/db", "redis://u:@h",
        "not a url", "mailto:someone@example.com", "http://user:pass@host with space", ""})
    void urlsWithoutAPasswordAreNotReported(String value) {
        assertThat(defaults.isUrlWithPassword(value)).isFalse();
    }

    @Test
    void nullIsNeverAUrlWithPassword() {
        assertThat(defaults.isUrlWithPassword(null)).isFalse();
    }

    @Test
    void sensitiveValuesAreMaskedWithAFixedLengthMask() {
        assertThat(defaults.mask("API_KEY", "a")).isEqualTo("********");
        assertThat(defaults.mask("API_KEY", "a-much-longer-secret-value-than-eight")).isEqualTo("********");
    }

    @Test
    void privateKeyValueIsMaskedWhateverTheKey() {
        assertThat(defaults.mask("TLS", PEM)).isEqualTo("********");
    }

    @Test
    void jwtValueIsMaskedWhateverTheKey() {
        assertThat(defaults.mask("SOME_HEADER", JWT)).isEqualTo("********");
    }

    @Test
    void keyMatchingAnExtraPatternIsMasked() {
        Sensitivity sensitivity = Sensitivity.fromSetting("PIN,*_CERT");

        assertThat(sensitivity.mask("CARD_PIN", "1234")).isEqualTo("********");
        assertThat(sensitivity.mask("SERVER_CERT", "MIIB...")).isEqualTo("********");
        assertThat(sensitivity.mask("CARD_HOLDER", "Ada")).isEqualTo("Ada");
    }

    @Test
    void emptyValueStaysEmptyEvenForSecretKeys() {
        assertThat(defaults.mask("DB_PASSWORD", "")).isEmpty();
        assertThat(defaults.mask("DB_PASSWORD", null)).isEmpty();
    }

    @Test
    void harmlessValuesAreShownUnchanged() {
        assertThat(defaults.mask("PORT", "5050")).isEqualTo("5050");
        assertThat(defaults.mask("HOMEPAGE", "https://example.com/#top")).isEqualTo("https://example.com/#top");
    }

    @Test
    void urlWithPasswordUnderASecretKeyStillShowsEverythingButThePassword() {
        assertThat(defaults.mask("PRIVATE_DB_URL", "postgres://u:p@h/db")).isEqualTo("postgres://u:******@h/db");
    }

    @Test
    void nullValueIsJudgedByTheKeyAlone() {
        assertThat(defaults.isSensitive("API_KEY", null)).isTrue();
        assertThat(defaults.isSensitive("PORT", null)).isFalse();
    }
}
