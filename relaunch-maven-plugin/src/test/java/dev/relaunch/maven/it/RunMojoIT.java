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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code mvn relaunch:run} as a developer uses it: edit, see it served; break it, the old one serves; Ctrl-C. */
class RunMojoIT {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration CHANGE_LIMIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Path project;
    private int port;
    private MavenProcess mvn;

    @BeforeEach
    void copySample() throws IOException {
        project = Path.of("target", "run-it", "watch-app").toAbsolutePath();
        deleteTree(project);
        Path sample = Path.of(System.getProperty("relaunch.samples"), "watch-app");
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, project.resolve(sample.relativize(f).toString()));
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // the app binds PORT itself: a free one, taken just before
        }
        Files.writeString(project.resolve(".env"), "PORT=" + port + "\n");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (mvn != null) {
            mvn.close();
        }
    }

    @Test
    void servesEachSavedChangeKeepsTheOldVersionOnACompileErrorAndCtrlCLeavesNothingRunning() throws Exception {
        mvn = MavenProcess.start(project, System.getProperty("relaunch.plugin") + ":run");
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> answer().equals("hello v1 development"));
        assertThat(mvn.output()).contains("relaunch: running sample.WatchApp under the supervisor");

        writeGreeting("\"hello v2\";");
        await().atMost(CHANGE_LIMIT).pollInterval(Duration.ofMillis(200)).until(() -> answer().equals("hello v2 development"));
        assertThat(mvn.output()).contains("Greeting.java changed; rebuilding", "relaunch: build succeeded");

        writeGreeting("\"hello v3\" // no semicolon");
        await().atMost(CHANGE_LIMIT).until(() -> mvn.output().contains("relaunch: the build failed"));
        assertThat(mvn.output()).contains("COMPILATION ERROR", "the running version keeps serving: "
                + "src/main/java/sample/Greeting.java:4: ");
        assertThat(answer()).isEqualTo("hello v2 development");

        List<ProcessHandle> tree = mvn.tree();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(3); // Maven, the supervisor, the app
        mvn.interrupt();
        assertThat(mvn.waitFor(60)).as("Maven ends after SIGINT").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(answer()).isEmpty();
    }

    private void writeGreeting(String expression) throws IOException {
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
