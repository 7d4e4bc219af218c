package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's side of the protocol an app with the relaunch plugin speaks (a test app reports {@code ready} with
 * its health path over the control socket), and a port held by another program during a blue-green restart.
 */
class SupervisedAppIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return RelaunchInstance.JSON.readTree(r.body());
    }

    @Test
    void anAppThatReportsReadyItselfGetsBlueGreenRestartsAndAnUnhealthyOneLeavesTheOldServing() throws Exception {
        try (RelaunchInstance r = new RelaunchInstance()) {
            Path app = r.dir().resolve("PlainApp.java");
            try (InputStream in = getClass().getResourceAsStream("/plain-app/PlainApp.java")) {
                Files.copy(in, app, StandardCopyOption.REPLACE_EXISTING);
            }
            String env = "PORT=0\nREPORT_READY=1\nGREETING=hello\nSTARTUP_TIMEOUT_MS=60000\n";
            r.writeEnv(env);
            JsonNode started = r.startSupervised("--", JAVA, "-XX:TieredStopAtLevel=1", app.toString());
            long first = started.path("server_pid").asLong();
            assertThat(get(r.url() + "/").path("pid").asLong()).isEqualTo(first);

            r.writeEnv(env.replace("hello", "hi"));
            RelaunchInstance.Result res = r.cli("restart", "--wait", "--json");
            JsonNode op = res.json();
            r.track(op.path("pid_after").asLong());
            assertThat(res.exit()).as(res.out()).isZero();
            assertThat(op.path("strategy").asText()).isEqualTo("blue-green");
            assertThat(op.path("outage").asBoolean()).isFalse();
            JsonNode status = r.cli("status", "--json").json();
            assertThat(status.path("restarts").asText()).isEqualTo("blue-green");
            JsonNode now = get(status.path("url").asText() + "/");
            assertThat(now.path("pid").asLong()).isEqualTo(op.path("pid_after").asLong()).isNotEqualTo(first);
            assertThat(now.path("greeting").asText()).isEqualTo("hi");

            r.writeEnv(env + "HEALTH_STATUS=500\n");
            RelaunchInstance.Result bad = r.cli("restart", "--wait", "--json");
            JsonNode failed = bad.json();
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error").path("code").asText()).isEqualTo("unhealthy");
            assertThat(failed.path("error").path("message").asText()).contains("answered HTTP 500");
            assertThat(failed.path("rolled_back").asBoolean()).isFalse();
            assertThat(failed.path("log_tail").toString()).contains("reported ready");
            assertThat(r.cli("status", "--json").json().path("server").path("pid").asLong())
                    .isEqualTo(op.path("pid_after").asLong());
            assertThat(get(status.path("url").asText() + "/").path("pid").asLong())
                    .isEqualTo(op.path("pid_after").asLong());
        }
    }

    @Test
    void aPortHeldByAnotherProgramFailsTheRestartWithItsHolderAndTheOldServerKeepsServing() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance(); ServerSocket holder = new ServerSocket(0)) {
            r.startSupervised();
            long serving = r.healthPid();
            r.appendEnv("PORT=" + holder.getLocalPort());
            JsonNode op = r.awaitOp(r.requestRestart());
            assertThat(op.path("status").asText()).isEqualTo("failed");
            assertThat(op.path("error").path("code").asText()).isEqualTo("port_unavailable");
            assertThat(op.path("port_holder_pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(op.path("error").path("message").asText())
                    .contains("is in use by PID " + ProcessHandle.current().pid());
            assertThat(r.healthPid()).isEqualTo(serving);
        }
    }
}
