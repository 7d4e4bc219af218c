package dev.relaunch.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchTargetsTest {
    @TempDir
    Path dir;

    private Path env() {
        return dir.resolve(".env");
    }

    private List<Path> defaults(String classPathEnv, String... command) {
        return WatchTargets.defaults(List.of(command), "/opt/relaunch/relaunch.jar", classPathEnv, env(), dir);
    }

    @Test
    void theFoldersOnAClassPathAreWatchedNotItsJarsNorWildcards() throws IOException {
        Files.createDirectories(dir.resolve("target/classes"));
        Files.createDirectories(dir.resolve("../" + dir.getFileName() + "-lib/classes"));
        String cp = String.join(File.pathSeparator, "target/classes", "lib/dep.jar", "lib/*", "missing/classes");
        for (String option : List.of("-cp", "-classpath", "--class-path")) {
            assertThat(defaults(null, "/usr/bin/java", "-Xmx64m", option, cp, "demo.Main", "-cp", "x"))
                    .containsExactly(dir.resolve("target/classes"), env());
        }
        assertThat(defaults(null, "java", "--class-path=" + cp, "demo.Main"))
                .containsExactly(dir.resolve("target/classes"), env());
    }

    @Test
    void aJarASourceFileAndTheClasspathVariableAreWatched() throws IOException {
        assertThat(defaults(null, "java", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-jar", "target/app.jar",
                "--port", "1")).containsExactly(dir.resolve("target/app.jar"), env());
        assertThat(defaults(null, "java", "App.java")).containsExactly(dir.resolve("App.java"), env());
        Files.createDirectories(dir.resolve("out"));
        assertThat(defaults("out", "java", "demo.Main")).containsExactly(dir.resolve("out"), env());
    }

    @Test
    void theBuiltInServerWatchesItsOwnClassPathAndACommandThatIsNotJavaOnlyEnv() {
        assertThat(defaults(null)).containsExactly(Path.of("/opt/relaunch/relaunch.jar"), env());
        assertThat(defaults(null, "./gradlew", "run", "-cp", "x")).containsExactly(env());
    }

    @Test
    void aCommandNamesItsCodeWhereItCanBeReplaced() {
        JavaCommand cp = JavaCommand.parse(List.of("setsid", "java", "-cp", "a:b", "Main"));
        assertThat(cp.with("c:d", null)).containsExactly("setsid", "java", "-cp", "c:d", "Main");
        JavaCommand inline = JavaCommand.parse(List.of("java", "--class-path=a", "Main"));
        assertThat(inline.with("z", null)).containsExactly("java", "--class-path=z", "Main");
        JavaCommand jar = JavaCommand.parse(List.of("java", "-jar", "app.jar"));
        assertThat(jar.with(null, "/copy/app.jar")).containsExactly("java", "-jar", "/copy/app.jar");
    }

    @Test
    void pathsAreShownRelativeToTheAppsFolder() {
        assertThat(WatchTargets.display(dir.resolve("target/classes"), dir)).isEqualTo("target/classes");
        assertThat(WatchTargets.display(Path.of("/elsewhere/x"), dir)).isEqualTo("/elsewhere/x");
    }
}
