package dev.relaunch.maven.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code mvn relaunch:run} as a developer uses it: edit, see it served; break it, the old one serves; Ctrl-C. */
class RunMojoIT {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration CHANGE_LIMIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private int port;
    private MavenProcess mvn;

    /** Copies a sample under {@code target/run-it} and gives its app (in {@code appFolder}) a free port in .env. */
    private Path copySample(String name, String appFolder) throws IOException {
        Path copy = Path.of("target", "run-it", name).toAbsolutePath();
        deleteTree(copy);
        Path sample = Path.of(System.getProperty("relaunch.samples"), name);
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(sample.relativize(f).toString()));
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // the app binds PORT itself: a free one, taken just before
        }
        Files.writeString(copy.resolve(appFolder).resolve(".env"), "PORT=" + port + "\n");
        return copy;
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (mvn != null) {
            mvn.close();
        }
    }

    @Test
    void servesEachSavedChangeKeepsTheOldVersionOnACompileErrorAndCtrlCLeavesNothingRunning() throws Exception {
        Path project = copySample("watch-app", ".");
        mvn = MavenProcess.start(project, System.getProperty("relaunch.plugin") + ":run");
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> answer().equals("hello v1 development"));
        assertThat(mvn.output()).contains("relaunch: running sample.WatchApp under the supervisor");

        writeGreeting(project, "\"hello v2\";");
        await().atMost(CHANGE_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> answer().equals("hello v2 development"));
        assertThat(mvn.output()).contains("Greeting.java changed; rebuilding", "relaunch: build succeeded");

        writeGreeting(project, "\"hello v3\" // no semicolon");
        await().atMost(CHANGE_LIMIT).until(() -> mvn.output().contains("relaunch: the build failed"));
        assertThat(mvn.output()).contains("COMPILATION ERROR", "the running version keeps serving: "
                + "src/main/java/sample/Greeting.java:4: ");
        assertThat(answer()).isEqualTo("hello v2 development");

        interruptAndExpectNothingLeft();
    }

    @Test
    void aChangeInAModuleTheAppDependsOnIsRebuiltAndServed() throws Exception {
        Path root = copySample("multi-module", "app");
        String version = System.getProperty("relaunch.plugin").replaceAll(".*:", "");
        mvn = MavenProcess.start(root, "-pl", "app", "-am", "-Drelaunch.version=" + version,
                System.getProperty("relaunch.plugin") + ":run");
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> answer().equals("lib v1"));
        assertThat(mvn.output()).contains("relaunch:run skipped for lib", "a change in lib rebuilds that module");

        Files.writeString(root.resolve("lib/src/main/java/sample/lib/Greeting.java"), "package sample.lib;\n\n"
                + "public final class Greeting {\n    public static String text() {\n        return \"lib v2\";\n"
                + "    }\n}\n");
        await().atMost(CHANGE_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> answer().equals("lib v2"));

        interruptAndExpectNothingLeft();
    }

    /** Ctrl-C as an IDE's stop button sends it: to Maven alone. */
    private void interruptAndExpectNothingLeft() throws Exception {
        List<ProcessHandle> tree = mvn.tree();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(3); // Maven, the supervisor, the app
        mvn.interrupt();
        assertThat(mvn.waitFor(60)).as("Maven ends after SIGINT").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(answer()).isEmpty();
    }

    private static void writeGreeting(Path project, String expression) throws IOException {
        Files.writeString(project.resolve("src/main/java/sample/Greeting.java"),
                "package sample;\n\nfinal class Greeting {\n    static final String TEXT = " + expression + "\n}\n");
    }

    /** The app's answer, or empty when nothing answers. */
    private String answer() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir.getParent());
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }
}
