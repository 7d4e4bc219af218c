package dev.relaunch.faststart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastStartTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;
    private Path cds;
    private FastStart fast;
    private String cp;
    private List<String> command;

    @BeforeEach
    void app() throws IOException {
        Files.createDirectories(dir.resolve("target/classes"));
        JavaCommandTest.jar(dir.resolve("dep.jar"));
        cp = "target/classes" + File.pathSeparator + "dep.jar";
        command = List.of(JAVA, "-Xmx64m", "-cp", cp, "com.example.Main", "a b", "--flag");
        cds = dir.resolve("instance/cds");
        fast = new FastStart(cds, dir);
    }

    @Test
    void runsTheMainClassThroughTheLauncherWithTheDependencyJarsAloneOnTheClassPath() throws IOException {
        FastStart.Plan plan = fast.plan(command, Map.<String, String>of()::get);
        assertThat(plan.notAccelerated()).isEmpty();
        List<String> c = plan.command();
        Path launcher = fast.launcherJar();
        assertThat(c.subList(0, 2)).containsExactly(JAVA, "-Xmx64m");
        assertThat(c.get(2)).as("the first run writes the archive as it exits")
                .startsWith("-XX:ArchiveClassesAtExit=" + cds.resolve(".app-"));
        assertThat(c.subList(3, c.size())).containsExactly("-cp",
                dir.resolve("dep.jar") + File.pathSeparator + launcher, FastStart.LAUNCHER_MAIN,
                dir.resolve("target/classes").toString(), cp, "com.example.Main", "a b", "--flag");
        try (JarFile jar = new JarFile(launcher.toFile())) {
            assertThat(jar.getEntry("dev/relaunch/launcher/AppLauncher.class")).isNotNull();
            assertThat(jar.stream().count()).as("nothing of relaunch but the launcher").isEqualTo(2);
        }
        assertThat(fast.launcherJar()).as("the same file at every start, so the archive stays valid")
                .isEqualTo(launcher);
    }

    @Test
    void theArchiveTheFirstRunWroteIsInstalledAtItsExitAndUsedByTheNextStarts() throws IOException {
        List<String> training = fast.plan(command, k -> null).command();
        Path tmp = Path.of(training.get(2).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(tmp, "an archive"); // what the JVM writes as it exits
        fast.exited(training);
        assertThat(tmp).doesNotExist();
        List<String> next = fast.plan(command, k -> null).command();
        assertThat(next.get(2)).startsWith("-XX:SharedArchiveFile=" + cds.resolve("app-")).endsWith(".jsa");
        assertThat(Path.of(next.get(2).substring("-XX:SharedArchiveFile=".length()))).hasContent("an archive");
    }

    @Test
    void aChangedDependencyJarOrJvmOptionGetsANewArchive() throws IOException {
        List<String> training = fast.plan(command, k -> null).command();
        Path tmp = Path.of(training.get(2).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(tmp, "an archive");
        fast.exited(training);
        assertThat(fast.plan(command, k -> null).command().get(2)).startsWith("-XX:SharedArchiveFile=");

        List<String> otherOptions = List.of(JAVA, "-Xmx128m", "-cp", cp, "com.example.Main");
        assertThat(fast.plan(otherOptions, k -> null).command().get(2)).startsWith("-XX:ArchiveClassesAtExit=");
        Files.setLastModifiedTime(dir.resolve("dep.jar"), java.nio.file.attribute.FileTime.fromMillis(1000));
        assertThat(fast.plan(command, k -> null).command().get(2)).startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aRunThatExitsWithoutAnArchiveIsTriedAgainOnlyOnce() {
        for (int i = 0; i < 2; i++) {
            List<String> training = fast.plan(command, k -> null).command();
            assertThat(training.get(2)).startsWith("-XX:ArchiveClassesAtExit=");
            fast.exited(training); // killed before it wrote anything
        }
        List<String> after = fast.plan(command, k -> null).command();
        assertThat(after).as("still fast, without an archive").contains(FastStart.LAUNCHER_MAIN)
                .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=") || a.startsWith("-XX:SharedArchiveFile="));
    }

    @Test
    void theSwitchOrAnUnexpectedCommandRunsTheCommandAsGivenAndSaysWhy() {
        FastStart.Plan off = fast.plan(command, Map.of(FastStart.SWITCH, "false")::get);
        assertThat(off.command()).isEqualTo(command);
        assertThat(off.notAccelerated()).contains("RELAUNCH_FAST_START=false");

        List<String> jar = List.of(JAVA, "-jar", "app.jar");
        FastStart.Plan plain = fast.plan(jar, k -> null);
        assertThat(plain.command()).isEqualTo(jar);
        assertThat(plain.notAccelerated()).contains("the command uses -jar");

        List<String> unknownJava = List.of(dir.resolve("no-jdk/bin/java").toString(), "-cp", cp, "M");
        assertThat(fast.plan(unknownJava, k -> null).notAccelerated().orElseThrow()).contains("cannot find");
    }
}
