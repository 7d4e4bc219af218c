package dev.relaunch.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppCommandTest {
    @TempDir
    Path dir;

    private Path env(String text) throws IOException {
        Path f = dir.resolve(".env");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aUserCommandGetsTheKeysOfEnvReadAtEachStart() throws IOException {
        Path f = env("PORT=5123\nGREETING=hello\nHOST=0.0.0.0\n");
        AppCommand app = AppCommand.user(f, List.of("java", "-jar", "app.jar"), "http://127.0.0.1:${PORT}/health");
        ChildLaunch first = app.next();
        assertThat(first.command()).endsWith("java", "-jar", "app.jar");
        assertThat(first.environment()).containsEntry("GREETING", "hello").containsEntry("PORT", "5123");
        assertThat(first.envFile()).isEqualTo(f);
        assertThat(app.readyUrl(first)).contains("http://127.0.0.1:5123/health");
        assertThat(AppCommand.port(first)).contains(5123);
        assertThat(AppCommand.host(first)).as("a wildcard bind is reached on loopback").isEqualTo("127.0.0.1");

        env("PORT=5124\nGREETING=bonjour\n");
        ChildLaunch second = app.next();
        assertThat(second.environment()).containsEntry("GREETING", "bonjour");
        assertThat(app.readyUrl(second)).contains("http://127.0.0.1:5124/health");
        assertThat(first.again()).as("a user command restarts exactly as it was").isEqualTo(first);
    }

    @Test
    void theProcessEnvironmentWinsOverEnv() throws IOException {
        String key = System.getenv().keySet().stream().filter(k -> k.matches("[A-Z_]+")).findFirst().orElseThrow();
        ChildLaunch l = AppCommand.user(env(key + "=from-file\nOWN_KEY_OF_THE_APP=x\n"), List.of("app"), null).next();
        assertThat(l.environment()).doesNotContainKey(key).containsEntry("OWN_KEY_OF_THE_APP", "x");
        assertThat(AppCommand.valueFor(l, key)).contains(System.getenv(key));
    }

    @Test
    void withoutPortOrWithPortZeroNoPortIsProbed() throws IOException {
        assertThat(AppCommand.port(AppCommand.user(env("A=1\n"), List.of("app"), null).next())).isEmpty();
        assertThat(AppCommand.port(AppCommand.user(env("PORT=0\n"), List.of("app"), null).next())).isEmpty();
        assertThat(AppCommand.port(AppCommand.user(env("PORT=abc\n"), List.of("app"), null).next())).isEmpty();
    }

    @Test
    void theBuiltInServerReadsEnvItselfAndARollbackPassesThePreviousValues() throws IOException {
        AppCommand app = AppCommand.builtIn(env("PORT=0\nGREETING=hi\n"), dir.resolve("instance"));
        ChildLaunch l = app.next();
        assertThat(l.environment()).isEmpty();
        assertThat(l.command()).contains("serve", "--env-file");
        assertThat(l.envFile()).isEqualTo(dir.resolve(".env"));
        assertThat(l.again().environment()).isEqualTo(Map.of("PORT", "0", "GREETING", "hi"));
        assertThat(l.again().envFile()).as("the child learns these values are the file's").isEqualTo(l.envFile());
    }

    @Test
    void aLongClassPathIsShortenedInTheLogLineOnly() throws IOException {
        String cp = String.join(java.io.File.pathSeparator, "target/classes", "a.jar", "b.jar", "c.jar", "d.jar");
        AppCommand app = AppCommand.user(env("PORT=5123\n"), List.of("java", "-cp", cp, "demo.Main"), null);
        assertThat(app.describe()).isEqualTo("java -cp target/classes" + java.io.File.pathSeparator + "a.jar"
                + java.io.File.pathSeparator + "…(+3 more) demo.Main");
        assertThat(app.next().command()).contains(cp);
        AppCommand shortOne = AppCommand.user(env("PORT=5123\n"), List.of("java", "-cp", "a:b", "demo.Main"), null);
        assertThat(shortOne.describe()).isEqualTo("java -cp a:b demo.Main");
    }
}
