package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A user's app run as {@code java -cp classes:dep.jar Main} under the supervisor goes through fast start (the
 * launcher, its class-data archive) and sees what it would see without it: the same arguments, environment, class
 * path property, working folder and resources (the folder's copy of a resource first); a restart picks up a changed
 * class; {@code RELAUNCH_FAST_START=false} runs the command as given, with the same answers.
 */
class FastStartIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** What differs by design between two starts, or between the fast and the plain one. */
    private static final List<String> PER_START = List.of("pid", "version", "loader");

    @Test
    void anAppStartedFastSeesWhatItSeesWithoutAndARestartPicksUpAChangedClass() throws Exception {
        try (RelaunchInstance r = new RelaunchInstance()) {
            Path classes = Files.createDirectories(r.dir().resolve("classes"));
            Path dep = depJar(r.dir().resolve("lib/dep.jar"));
            Files.writeString(classes.resolve("shared.txt"), "from the folder");
            compile(r.dir(), classes, 1);
            int port = freePort();
            r.writeEnv(env(port, "true"));
            String cp = "classes" + File.pathSeparator + "lib/dep.jar";
            r.startSupervised("--ready-url", "http://127.0.0.1:${PORT}/", "--", JAVA, "-XX:TieredStopAtLevel=1",
                    "-cp", cp, "fastapp.FastApp", "one", "two words");

            Map<String, String> fast = answer(port);
            assertThat(fast).containsEntry("version", "1").containsEntry("args", "one|two words")
                    .containsEntry("greeting", "hello").containsEntry("class_path", cp)
                    .containsEntry("shared", "from the folder").containsEntry("own_resource", "from the folder")
                    .containsEntry("from_jar", "from the jar").containsEntry("context_is_own_loader", "true")
                    .containsEntry("loader", "dev.relaunch.launcher.AppClassLoader");
            assertThat(supervisorLog(r)).contains("Fast start: the app's classes from 1 folder(s)");

            compile(r.dir(), classes, 2);
            restart(r);
            assertThat(answer(port)).containsEntry("version", "2");
            // the first run wrote the archive of the dependency jars as it exited; the next start maps it
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> archive(r).isPresent());
            restart(r);
            Map<String, String> withArchive = answer(port);
            assertThat(cmdline(Long.parseLong(withArchive.get("pid"))))
                    .contains("-XX:SharedArchiveFile=" + archive(r).orElseThrow());
            assertThat(without(withArchive)).isEqualTo(without(fast));

            r.writeEnv(env(port, "false"));
            restart(r);
            Map<String, String> plain = answer(port);
            assertThat(plain.get("loader")).as("the command as given").isNotEqualTo(fast.get("loader"));
            assertThat(cmdline(Long.parseLong(plain.get("pid")))).containsSubsequence(JAVA, "-cp", cp);
            assertThat(without(plain)).isEqualTo(without(fast));
            assertThat(supervisorLog(r)).contains("Fast start not used: RELAUNCH_FAST_START=false");
        }
    }

    private static String env(int port, String fastStart) {
        return "HOST=127.0.0.1\nPORT=" + port + "\nSTARTUP_TIMEOUT_MS=60000\nDRAIN_TIMEOUT_MS=5000\nGREETING=hello\n"
                + "RELAUNCH_FAST_START=" + fastStart + "\n";
    }

    private static void restart(RelaunchInstance r) {
        RelaunchInstance.Result res = r.cli("restart", "--wait", "--json");
        assertThat(res.exit()).as(res.out() + res.err() + r.diagnostics()).isZero();
        r.track(res.json().path("pid_after").asLong());
    }

    private static Map<String, String> answer(int port) throws Exception {
        String body = new String(new java.net.URL("http://127.0.0.1:" + port + "/").openStream().readAllBytes());
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }

    private static Map<String, String> without(Map<String, String> answer) {
        Map<String, String> m = new LinkedHashMap<>(answer);
        PER_START.forEach(m::remove);
        return m;
    }

    private static java.util.Optional<Path> archive(RelaunchInstance r) throws IOException {
        Path cds = r.dir().resolve("instance/cds");
        if (!Files.isDirectory(cds)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> s = Files.list(cds)) {
            return s.filter(p -> p.getFileName().toString().matches("app-.*\\.jsa")).findFirst();
        }
    }

    private static List<String> cmdline(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
    }

    private static String supervisorLog(RelaunchInstance r) throws IOException {
        return Files.readString(r.dir().resolve("instance/logs/supervisor.log"));
    }

    /** The app's two classes, compiled into the class folder; {@code Version.VALUE} is {@code version}. */
    private static void compile(Path dir, Path classes, int version) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + version + "/fastapp"));
        try (InputStream in = FastStartIT.class.getResourceAsStream("/fast-app/FastApp.java")) {
            Files.write(src.resolve("FastApp.java"), in.readAllBytes());
        }
        Files.writeString(src.resolve("Version.java"),
                "package fastapp;\nfinal class Version {\n    static final String VALUE = \"" + version + "\";\n}\n");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                classes.toString(), src.resolve("FastApp.java").toString(), src.resolve("Version.java").toString());
        assertThat(rc).as("javac").isZero();
    }

    private static Path depJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("message.txt"));
            z.write("from the jar".getBytes());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("shared.txt"));
            z.write("from the jar, hidden by the folder's".getBytes());
            z.closeEntry();
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
