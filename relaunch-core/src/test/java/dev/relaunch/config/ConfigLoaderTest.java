package dev.relaunch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(String env, Map<String, String> processEnv) throws Exception {
        Path f = dir.resolve(".env");
        Files.writeString(f, env);
        return ConfigLoader.load(f, processEnv);
    }

    @Test
    void defaultsApplyWhenThereIsNoEnvFile() {
        ConfigLoader.Loaded l = ConfigLoader.load(dir.resolve(".env"), Map.of());
        assertThat(l.ok()).isTrue();
        Config c = l.require();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(5050);
        assertThat(c.appEnv()).isEqualTo(AppEnv.DEVELOPMENT);
        assertThat(c.instanceDir()).isEqualTo(dir.resolve("instance"));
        assertThat(c.logsDir()).isEqualTo(dir.resolve("instance/logs"));
        assertThat(c.drainTimeoutMs()).isEqualTo(10_000);
        assertThat(c.startupTimeoutMs()).isEqualTo(30_000);
        assertThat(c.restartToken()).isEmpty();
        assertThat(c.allowedHosts()).contains("localhost", "127.0.0.1", "[::1]");
        assertThat(l.settings()).allSatisfy(s -> assertThat(s.source()).isEqualTo(Setting.FROM_DEFAULT));
    }

    @Test
    void theProcessEnvironmentOverridesTheFile() throws Exception {
        ConfigLoader.Loaded l = load("PORT=6000\nNAME=file\n", Map.of("PORT", "7000", "NAME", "env"));
        assertThat(l.require().port()).isEqualTo(7000);
        assertThat(l.settings()).contains(new Setting("PORT", "7000", Setting.FROM_ENVIRONMENT),
                new Setting("NAME", "env", Setting.FROM_ENVIRONMENT));
    }

    @Test
    void settingsKeepFileOrderThenAddRelaunchKeysFromDefaults() throws Exception {
        ConfigLoader.Loaded l = load("ZED=1\nALPHA=2\nPORT=5051\n", Map.of());
        assertThat(l.settings()).extracting(Setting::key).startsWith("ZED", "ALPHA", "PORT", "HOST");
    }

    @Test
    void instanceDirMovesTheDefaultLogsDirWithIt() throws Exception {
        Config c = load("INSTANCE_DIR=run\n", Map.of()).require();
        assertThat(c.logsDir()).isEqualTo(dir.resolve("run/logs"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PORT=abc | PORT=abc is not a number",
        "PORT=70000 | PORT=70000 is out of range",
        "PORT=-1 | PORT=-1 is out of range",
        "APP_ENV=staging | APP_ENV=staging is not one of development, testing, production",
        "DRAIN_TIMEOUT_MS=soon | DRAIN_TIMEOUT_MS=soon is not a number of milliseconds",
        "STARTUP_TIMEOUT_MS=10 | STARTUP_TIMEOUT_MS=10 is out of range",
        "RESTART_STRATEGY=yolo | RESTART_STRATEGY=yolo is not one of blue-green, stop-start",
        "HOST=not a host! | HOST=not a host! is not a valid address",
        "HOST=0.0.0.0 | Set RESTART_TOKEN",
        "RESTART_TOKEN=short | RESTART_TOKEN must be at least 16",
        "ALLOWED_HOSTS=' , ' | ALLOWED_HOSTS is empty",
    })
    void invalidValuesGiveOneClearProblemEach(String line, String expected) throws Exception {
        ConfigLoader.Loaded l = load(line + "\n", Map.of());
        assertThat(l.ok()).isFalse();
        assertThat(l.config()).isEmpty();
        assertThat(l.problems()).anySatisfy(p -> assertThat(p).contains(expected));
        assertThat(l.problems()).allSatisfy(p -> assertThat(p).doesNotContain("Exception"));
    }

    @Test
    void aBadTokenIsNeverEchoed() throws Exception {
        ConfigLoader.Loaded l = load("RESTART_TOKEN=tiny-secret\n", Map.of());
        assertThat(String.join("\n", l.problems())).doesNotContain("tiny-secret");
    }

    @Test
    void aNonLoopbackHostWithATokenIsAccepted() throws Exception {
        Config c = load("HOST=0.0.0.0\nRESTART_TOKEN=0123456789abcdef0123\n", Map.of()).require();
        assertThat(c.restartToken()).contains("0123456789abcdef0123");
        assertThat(c.url(5050)).isEqualTo("http://127.0.0.1:5050");
    }

    @Test
    void malformedLinesAreProblemsWithTheirLineNumber() throws Exception {
        ConfigLoader.Loaded l = load("A=1\nthis is not an assignment\nB=2\n", Map.of());
        assertThat(l.ok()).isFalse();
        assertThat(l.problems()).anySatisfy(p -> assertThat(p).startsWith(".env:2:"));
    }

    @Test
    void anInheritedPortReplacesPortZeroOnly() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        dev.relaunch.launch.LaunchContract.supervised(Path.of("/tmp/x.sock"), "n", null, 1, 41234, false).writeTo(env);
        assertThat(load("PORT=0\n", env).require().port()).isEqualTo(41234);
        assertThat(load("PORT=5055\n", env).require().port()).isEqualTo(5055);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,true", "127.5.5.5,true", "::1,true", "[::1],true", "localhost,true", "0.0.0.0,false",
        "10.0.0.1,false", "example.com,false", "::,false"})
    void loopbackIsDecidedWithoutDns(String host, boolean loopback) {
        assertThat(ConfigLoader.isLoopback(host)).isEqualTo(loopback);
    }
}
