package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The two ways relaunch works where Windows lacks what Linux has, run on Linux: the control socket as a loopback TCP
 * port with a token ({@code RELAUNCH_CONTROL=tcp}), and children stopped by the supervisor's word on the control
 * socket instead of a signal ({@code RELAUNCH_STOP=word}).
 */
class WindowsWaysIT {

    @Test
    void overATcpControlPortRetiredAndStoppedServersDrainOnTheWordWithoutASignal() throws Exception {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.withEnv("RELAUNCH_CONTROL", "tcp").withEnv("RELAUNCH_STOP", "word");
            long first = r.startSupervised().path("server_pid").asLong();

            Path control = r.dir().resolve("instance").resolve("relaunch.sock");
            assertThat(Files.isRegularFile(control)).as("the port file stands where the socket would be").isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(control))).isEqualTo("rw-------");
            assertThat(Files.readString(control)).contains("\"port\"", "\"token\"");
            RelaunchInstance.Result status = r.cli("status", "--json");
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.json().path("server").path("pid").asLong()).isEqualTo(first);

            JsonNode op = r.awaitOp(r.requestRestart());
            assertThat(op.path("status").asText()).isEqualTo("restarted");
            long server = op.path("pid_after").asLong();
            Path logs = r.dir().resolve("instance").resolve("logs");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(logs.resolve(
                    "supervisor.log")).contains("Server PID " + first + " exited with code 0"));

            CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(HttpRequest
                    .newBuilder(URI.create(r.url() + "/api/v1/test/sleep?ms=3000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Awaitility.await().pollDelay(Duration.ofMillis(500)).until(() -> true); // the request is in flight
            RelaunchInstance.Result stop = r.cli("stop");
            assertThat(stop.exit()).as(stop.err()).isZero();

            HttpResponse<String> answer = slow.get(20, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as("the in-flight request was drained").isEqualTo(200);
            assertThat(answer.body()).contains("\"pid\":" + server);
            assertThat(Files.readString(logs.resolve("server.log")))
                    .contains("Exiting with code 0: the supervisor asked this server to stop");
            assertThat(Files.readString(logs.resolve("supervisor.log")))
                    .contains("Asking server PID " + server + " over the control socket to stop (no signal)")
                    .contains("Server PID " + server + " exited with code 0");
        }
    }
}
