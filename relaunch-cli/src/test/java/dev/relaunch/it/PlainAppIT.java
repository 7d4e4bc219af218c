package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * A plain app without the relaunch plugin (a JDK HttpServer run by the source launcher) under
 * {@code relaunch start --ready-url … -- java PlainApp.java}: it gets .env as environment variables at every start,
 * restarts stop-then-start, and a failed restart restores the configuration that served before.
 */
class PlainAppIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String env(int port, String... more) {
        return "HOST=127.0.0.1\nPORT=" + port + "\nSTARTUP_TIMEOUT_MS=60000\nDRAIN_TIMEOUT_MS=5000\n"
                + "GREETING=hello\n" + String.join("\n", more) + "\n";
    }

    /** Starts the plain app in the instance's folder; the URL of the supervisor's status is the app's. */
    private static void start(RelaunchInstance r, int port) throws IOException {
        Path app = r.dir().resolve("PlainApp.java");
        try (InputStream in = PlainAppIT.class.getResourceAsStream("/plain-app/PlainApp.java")) {
            Files.copy(in, app, StandardCopyOption.REPLACE_EXISTING);
        }
        r.writeEnv(env(port));
        JsonNode started = r.startSupervised("--ready-url", "http://127.0.0.1:${PORT}/", "--", JAVA,
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", app.toString());
        assertThat(r.url()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(r.get("/").json().path("pid").asLong()).isEqualTo(started.path("server_pid").asLong());
    }

    private static JsonNode restart(RelaunchInstance r, int expectedExit) {
        RelaunchInstance.Result res = r.cli("restart", "--wait", "--json");
        assertThat(res.exit()).as(res.out() + res.err()).isEqualTo(expectedExit);
        JsonNode op = res.json();
        r.track(op.path("pid_after").asLong());
        r.track(op.path("rollback_pid").asLong());
        return op;
    }

    @Test
    void aRestartGivesANewProcessWithTheNewEnvAndABrokenOneIsRolledBack() throws IOException {
        int port = freePort();
        try (RelaunchInstance r = new RelaunchInstance()) {
            start(r, port);
            JsonNode first = r.get("/").json();
            assertThat(first.path("greeting").asText()).isEqualTo("hello");

            r.writeEnv(env(port).replace("GREETING=hello", "GREETING=bonjour"));
            JsonNode op = restart(r, 0);
            System.out.printf("plain app stop-then-start restart: %d ms%n", op.path("duration_ms").asLong());
            assertThat(op.path("status").asText()).isEqualTo("restarted");
            assertThat(op.path("strategy").asText()).isEqualTo("stop-start");
            assertThat(op.path("outage").asBoolean()).isTrue();
            assertThat(op.path("outage_reason").asText()).as("why not blue-green").contains("does not report ready");
            assertThat(op.path("old_exited_at").isTextual()).isTrue();
            assertThat(op.path("pid_before").asLong()).isEqualTo(first.path("pid").asLong());
            JsonNode second = r.get("/").json();
            assertThat(second.path("greeting").asText()).isEqualTo("bonjour");
            assertThat(second.path("pid").asLong()).isEqualTo(op.path("pid_after").asLong())
                    .isNotEqualTo(first.path("pid").asLong());

            r.writeEnv(env(port, "CRASH=1"));
            JsonNode broken = restart(r, 1);
            assertThat(broken.path("status").asText()).isEqualTo("failed");
            assertThat(broken.path("error").path("code").asText()).isEqualTo("startup_failed");
            assertThat(broken.path("log_tail").toString()).contains("CRASH=1 is set");
            assertThat(broken.path("rolled_back").asBoolean()).isTrue();
            assertThat(broken.path("pid_before").asLong()).isEqualTo(second.path("pid").asLong());
            JsonNode restored = r.get("/").json();
            assertThat(restored.path("pid").asLong()).isEqualTo(broken.path("rollback_pid").asLong());
            assertThat(restored.path("greeting").asText()).isEqualTo("bonjour");
            RelaunchInstance.Result status = r.cli("status", "--json");
            assertThat(status.json().path("server").path("pid").asLong()).isEqualTo(restored.path("pid").asLong());
            assertThat(status.json().path("restarts").asText()).isEqualTo("stop-start");
        }
    }

    @Test
    void anUnhealthyAppAndAPortHeldByAnotherProgramFailAndRestoreThePreviousConfiguration() throws IOException {
        int port = freePort();
        try (RelaunchInstance r = new RelaunchInstance()) {
            start(r, port);
            long serving = r.get("/").json().path("pid").asLong();

            r.writeEnv(env(port, "HEALTH_STATUS=500"));
            JsonNode unhealthy = restart(r, 1);
            assertThat(unhealthy.path("error").path("code").asText()).isEqualTo("unhealthy");
            assertThat(unhealthy.path("error").path("message").asText()).contains("answered HTTP 500");
            assertThat(unhealthy.path("log_tail").toString()).contains("PlainApp");
            assertThat(unhealthy.path("rolled_back").asBoolean()).isTrue();
            assertThat(r.get("/").status()).isEqualTo(200);
            serving = unhealthy.path("rollback_pid").asLong();

            try (ServerSocket holder = new ServerSocket(0)) {
                r.writeEnv(env(holder.getLocalPort()));
                JsonNode held = restart(r, 1);
                assertThat(held.path("error").path("code").asText()).isEqualTo("port_unavailable");
                assertThat(held.path("port_holder_pid").asLong()).isEqualTo(ProcessHandle.current().pid());
                assertThat(held.path("error").path("message").asText()).contains("port " + holder.getLocalPort()
                        + " is in use by PID " + ProcessHandle.current().pid());
                assertThat(held.path("rolled_back").asBoolean()).isTrue();
                assertThat(held.path("pid_before").asLong()).isEqualTo(serving);
            }
            assertThat(r.get("/").json().path("pid").asLong())
                    .isEqualTo(r.cli("status", "--json").json().path("server").path("pid").asLong());
        }
    }
}
