package dev.relaunch.javalin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.control.ControlServer;
import dev.relaunch.launch.LaunchContract;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app with the plugin, started the way the supervisor starts it (the launch contract in its environment), against
 * a stand-in supervisor: a control socket that records {@code ready} (and lets the app's wait for the stop word end),
 * and a process whose death the app must notice.
 */
class SupervisedAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();

    @TempDir
    Path dir;
    private ControlServer control;
    private Process supervisor;

    @BeforeEach
    void standInSupervisor() throws IOException {
        Path socket = dir.resolve("relaunch.sock");
        control = new ControlServer(socket, req -> {
            JsonNode msg = JSON.valueToTree(req);
            if (msg.path("cmd").asText().equals("await_stop")) {
                return java.util.Map.of("stop", false); // this stand-in stops the app by signal only
            }
            ready.complete(msg);
            return java.util.Map.of("ok", true);
        });
        control.start();
        supervisor = start(new ProcessBuilder("sleep", "300"));
        Files.writeString(dir.resolve(".env"), "APP_ENV=development\nGREETING=hi\n");
    }

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
        control.close();
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private Process startApp() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                SampleApp.class.getName()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("app.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        LaunchContract.supervised(control.path(), "nonce-1", "op-1", supervisor.pid(), null, false)
                .writeTo(pb.environment());
        return start(pb);
    }

    private JsonNode awaitReady(Process app) throws Exception {
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no ready report; the app said: " + Files.readString(dir.resolve("app.out")), e);
        }
    }

    @Test
    void reportsReadyWithItsHealthPathSharesItsPortAndDrainsOnSigterm() throws Exception {
        Process app = startApp();
        JsonNode msg = awaitReady(app);
        assertThat(msg.path("cmd").asText()).isEqualTo("ready");
        assertThat(msg.path("nonce").asText()).isEqualTo("nonce-1");
        assertThat(msg.path("pid").asLong()).isEqualTo(app.pid());
        assertThat(msg.path("health_path").asText()).isEqualTo("/relaunch/api/v1/health");
        int port = msg.path("port").asInt();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + msg.path("health_path").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(health.body()).path("pid").asLong()).isEqualTo(app.pid());
        JsonNode info = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/relaunch/api/v1/info")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(info.path("data").path("mode").asText()).isEqualTo("supervised");

        try (ServerSocketChannel successor = ServerSocketChannel.open()) {
            successor.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            successor.bind(new InetSocketAddress("127.0.0.1", port)); // only works if the app's socket allows it
        }

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/slow")).build(), HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(dir.resolve("app.out")).contains("slow request started"));
        app.destroy(); // SIGTERM, as the supervisor drains
        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow ok");
        assertThat(app.waitFor(20, TimeUnit.SECONDS)).as("exits after the drain").isTrue();
    }

    @Test
    void exitsWhenTheSupervisorIsGone() throws Exception {
        Process app = startApp();
        awaitReady(app);
        supervisor.destroyForcibly();
        assertThat(app.waitFor(20, TimeUnit.SECONDS)).as("no orphan keeps the port").isTrue();
    }
}
