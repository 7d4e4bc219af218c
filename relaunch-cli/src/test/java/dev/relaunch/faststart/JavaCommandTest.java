package dev.relaunch.faststart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaCommandTest {
    @TempDir
    Path dir;
    private String cp;

    static Path jar(Path file) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry("x.txt"));
            z.closeEntry();
        }
        return file;
    }

    @BeforeEach
    void classPath() throws IOException {
        Files.createDirectories(dir.resolve("target/classes"));
        jar(dir.resolve("a.jar"));
        jar(dir.resolve("b.jar"));
        cp = String.join(File.pathSeparator, "target/classes", "a.jar", "b.jar");
    }

    private static List<String> cmd(String... parts) {
        return new ArrayList<>(List.of(parts));
    }

    @Test
    void readsOptionsClassPathMainClassAndArguments() throws Exception {
        JavaCommand c = JavaCommand.parse(cmd("/opt/jdk/bin/java", "-Xmx64m", "--add-opens", "java.base/java.lang=ALL",
                "-cp", cp, "-Dlate=1", "com.example.Main", "--port", "8080", "-x"), dir);
        assertThat(c.java()).isEqualTo("/opt/jdk/bin/java");
        assertThat(c.options()).containsExactly("-Xmx64m", "--add-opens", "java.base/java.lang=ALL", "-Dlate=1");
        assertThat(c.classPath()).as("as written, for java.class.path").isEqualTo(cp);
        assertThat(c.folders()).containsExactly(dir.resolve("target/classes"));
        assertThat(c.jars()).containsExactly(dir.resolve("a.jar"), dir.resolve("b.jar"));
        assertThat(c.mainClass()).isEqualTo("com.example.Main");
        assertThat(c.args()).containsExactly("--port", "8080", "-x");
    }

    @Test
    void acceptsEveryWayToWriteTheClassPathAndLeavesOutAFileThatIsNoZip() throws Exception {
        Files.writeString(dir.resolve("lib.pom"), "<project/>");
        String withPom = cp + File.pathSeparator + "lib.pom";
        for (List<String> c : List.of(cmd("java", "-classpath", withPom, "M"), cmd("java", "--class-path", withPom, "M"),
                cmd("java", "--class-path=" + withPom, "M"))) {
            JavaCommand parsed = JavaCommand.parse(c, dir);
            assertThat(parsed.jars()).containsExactly(dir.resolve("a.jar"), dir.resolve("b.jar"));
            assertThat(parsed.classPath()).isEqualTo(withPom);
        }
    }

    @Test
    void fallsBackWithAReasonForEveryOtherShape() throws IOException {
        Files.createDirectories(dir.resolve("more-classes"));
        String folderAfterJar = "a.jar" + File.pathSeparator + "target/classes";
        assertReason(cmd("./run.sh"), "does not start with java");
        assertReason(cmd("java", "-jar", "app.jar"), "uses -jar");
        assertReason(cmd("java", "-p", "mods", "-m", "app/app.Main"), "uses -p");
        assertReason(cmd("java", "-cp", cp, "-Xshare:off", "M"), "uses -Xshare:off");
        assertReason(cmd("java", "-Xshare:on", "-cp", cp, "M"), "uses -Xshare:on");
        assertReason(cmd("java", "-XX:SharedArchiveFile=my.jsa", "-cp", cp, "M"), "uses -XX:SharedArchiveFile");
        assertReason(cmd("java", "-XX:AOTCache=app.aot", "-cp", cp, "M"), "uses -XX:AOTCache");
        assertReason(cmd("java", "-Djava.system.class.loader=x.L", "-cp", cp, "M"), "java.system.class.loader");
        assertReason(cmd("java", "M"), "no -cp");
        assertReason(cmd("java", "-cp", cp), "no main class");
        assertReason(cmd("java", "-cp", cp, "@args.txt"), "argument file");
        assertReason(cmd("java", "-cp", cp, "App.java"), "source file");
        assertReason(cmd("java", "-cp", "a.jar" + File.pathSeparator + "b.jar", "M"), "no folder");
        assertReason(cmd("java", "-cp", folderAfterJar, "M"), "comes after a jar");
        assertReason(cmd("java", "-cp", "target/classes" + File.pathSeparator + "lib/*", "M"), "wildcard");
        assertReason(cmd("java", "-cp", "target/classes" + File.pathSeparator + "missing.jar", "M"),
                "neither a folder nor a jar");
        assertReason(cmd("java", "-cp", "target/classes" + File.pathSeparator, "M"), "empty");
    }

    private void assertReason(List<String> command, String reason) {
        assertThatThrownBy(() -> JavaCommand.parse(command, dir)).as(String.join(" ", command))
                .isInstanceOf(JavaCommand.Unsupported.class).hasMessageContaining(reason);
    }

    @Test
    void readsTheFeatureVersionOfEveryVersionScheme() {
        assertThat(JavaRuntime.feature("17.0.15")).isEqualTo(17);
        assertThat(JavaRuntime.feature("25")).isEqualTo(25);
        assertThat(JavaRuntime.feature("21-ea")).isEqualTo(21);
        assertThat(JavaRuntime.feature("1.8.0_402")).isEqualTo(8);
    }

    @Test
    void findsTheRunningJavaAndItsVersion() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        JavaRuntime rt = JavaRuntime.of(java.toString(), dir);
        assertThat(rt.feature()).isEqualTo(Runtime.version().feature());
        assertThatThrownBy(() -> JavaRuntime.of("/nowhere/bin/java", dir))
                .isInstanceOf(JavaCommand.Unsupported.class).hasMessageContaining("cannot find /nowhere/bin/java");
    }
}
