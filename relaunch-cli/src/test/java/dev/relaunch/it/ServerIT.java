package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.process.Liveness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The foundation as a user meets it: the real jar, health, the env API, production mode, the CLI. */
class ServerIT {

    @Test
    void healthReportsThePidOfTheServingProcess() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            Process p = r.startStandalone();
            JsonNode h = r.get("/api/v1/health").json();
            assertThat(h.path("status").asText()).isEqualTo("ok");
            assertThat(h.path("pid").asLong()).isEqualTo(p.pid());
            assertThat(h.path("uptime_ms").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(h.path("version").asText()).isNotBlank();
            assertThat(h.has("started_at")).isTrue();
        }
    }

    @Test
    void envApiMasksSecretsKeepsFileOrderAndReportsSources() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance(
                "DB_PASSWORD=hunter2-very-secret",
                "DATABASE_URL=postgres://app:pw-in-url@db:5432/app",
                "KEYBOARD_LAYOUT=us",
                "FROM_ENV=file-value")) {
            r.withEnv("FROM_ENV", "env-value");
            r.startSupervised();
            JsonNode data = r.get("/api/v1/settings/env").json().path("data");
            List<String> keys = new ArrayList<>();
            data.path("entries").forEach(e -> keys.add(e.path("key").asText()));
            assertThat(keys).containsSubsequence("HOST", "PORT", "APP_ENV", "DB_PASSWORD", "DATABASE_URL",
                    "KEYBOARD_LAYOUT", "FROM_ENV");
            JsonNode pw = entry(data, "DB_PASSWORD");
            assertThat(pw.path("sensitive").asBoolean()).isTrue();
            assertThat(pw.path("value").asText()).isEqualTo("********");
            assertThat(entry(data, "DATABASE_URL").path("value").asText())
                    .isEqualTo("postgres://app:******@db:5432/app");
            assertThat(entry(data, "KEYBOARD_LAYOUT").path("sensitive").asBoolean()).isFalse();
            assertThat(entry(data, "FROM_ENV").path("source").asText()).isEqualTo("environment");
            assertThat(entry(data, "FROM_ENV").path("value").asText()).isEqualTo("env-value");
            assertThat(entry(data, "HOST").path("source").asText()).isEqualTo(".env");
            assertThat(entry(data, "RESTART_STRATEGY").path("source").asText()).isEqualTo("default");
            assertThat(r.get("/api/v1/settings/env").body()).doesNotContain("hunter2", "pw-in-url");

            JsonNode reveal = r.get("/api/v1/settings/env/DB_PASSWORD").json().path("data");
            assertThat(reveal.path("value").asText()).isEqualTo("hunter2-very-secret");
            assertThat(r.get("/api/v1/settings/env/NOPE").status()).isEqualTo(404);
        }
    }

    @Test
    void keysEditedInEnvSinceStartAreMarkedChanged() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance("GREETING=hello", "OLD_KEY=1")) {
            r.startSupervised();
            assertThat(r.get("/api/v1/settings/env").json().path("data").path("changed_keys")).isEmpty();
            String env = java.nio.file.Files.readString(r.envFile())
                    .replace("GREETING=hello", "GREETING=bonjour").replace("OLD_KEY=1\n", "") + "NEW_KEY=x\n";
            r.writeEnv(env);
            JsonNode data = r.get("/api/v1/settings/env").json().path("data");
            assertThat(data.path("changed_keys").toString()).contains("GREETING", "NEW_KEY");
            assertThat(data.path("removed_keys").toString()).contains("OLD_KEY");
            assertThat(entry(data, "GREETING").path("changed_since_start").asBoolean()).isTrue();
            assertThat(entry(data, "GREETING").path("value").asText()).isEqualTo("hello");
            assertThat(entry(data, "NEW_KEY").path("changed_since_start").asBoolean()).isTrue();
            assertThat(entry(data, "HOST").path("changed_since_start").asBoolean()).isFalse();
        }
    }

    @Test
    void productionHasHealthButNoSettingsRestartOrUi() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance("APP_ENV=production", "API_KEY=abc123456")) {
            r.startSupervised();
            assertThat(r.get("/api/v1/health").status()).isEqualTo(200);
            for (String path : List.of("/", "/settings", "/api/v1/settings/env", "/api/v1/settings/env/API_KEY",
                    "/api/v1/settings/restart/ops", "/api/v1/info", "/assets/js/main.js")) {
                RelaunchInstance.Response res = r.get(path);
                assertThat(res.status()).as(path).isEqualTo(404);
                assertThat(res.json().path("error").path("code").asText()).isEqualTo("not_found");
            }
            assertThat(r.post("/api/v1/settings/restart", "{}", "Content-Type", "application/json").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void stopReturnsAtOnceWhenTheSupervisorsParentNeverReapsIt() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a zombie is told apart through /proc (Linux)");
        try (RelaunchInstance r = new RelaunchInstance()) {
            long sup = r.startSupervisorUnderNonReapingParent();
            ProcessHandle supervisor = ProcessHandle.of(sup).orElseThrow();
            // when the supervisor exits, as this test sees it: its state turns Z (nobody reaps it)
            CompletableFuture<Long> exitedAt = Liveness.onExit(supervisor).thenApply(v -> System.nanoTime());
            RelaunchInstance.Result stop = r.cli(Duration.ofSeconds(60), "stop", "--json", "--timeout", "20");
            long returnedAt = System.nanoTime();
            assertThat(stop.exit()).as(stop.out() + stop.err()).isZero();
            assertThat(stop.json().path("stopped").asBoolean()).isTrue();
            assertThat(stop.json().path("forced").asBoolean()).as("no SIGKILL needed").isFalse();
            assertThat(supervisor.isAlive()).as("still a zombie: its parent never reaps it").isTrue();
            long lateMs = (returnedAt - exitedAt.get(1, TimeUnit.SECONDS)) / 1_000_000;
            System.out.printf("relaunch stop returned %d ms after the supervisor exited%n", lateMs);
            assertThat(lateMs).as("ms between the supervisor's exit and stop's return").isLessThan(1_000);

            RelaunchInstance.Result status = r.cli("status", "--json");
            assertThat(status.exit()).as(status.out()).isEqualTo(3);
            assertThat(status.json().path("running").asBoolean()).isFalse();
        }
    }

    @Test
    void afterSigtermTheSupervisorsLogHasEveryLineTheServerWroteToItsExit() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            JsonNode started = r.startSupervised();
            ProcessHandle supervisor = ProcessHandle.of(started.path("supervisor_pid").asLong()).orElseThrow();
            supervisor.destroy();
            assertThat(Liveness.awaitExit(supervisor, Duration.ofSeconds(60))).isTrue();
            Path logs = r.dir().resolve("instance/logs");
            List<String> server = Files.readAllLines(logs.resolve("server.log")).stream()
                    .filter(l -> l.contains("RelaunchPlugin - Stop")).toList();
            // the server's drain closes the shared socket it inherited as standard input; its last lines came after
            assertThat(server).as("the server's own log").hasSize(2);
            assertThat(Files.readAllLines(logs.resolve("supervisor.log"))).as("the supervisor's log")
                    .containsAll(server);
        }
    }

    @Test
    void stopEndsEveryProcessAndFreesThePort() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            JsonNode started = r.startSupervised();
            long sup = started.path("supervisor_pid").asLong();
            long srv = started.path("server_pid").asLong();
            RelaunchInstance.Result stop = r.cli("stop", "--json");
            assertThat(stop.exit()).as(stop.err()).isZero();
            assertThat(stop.json().path("stopped").asBoolean()).isTrue();
            assertThat(Liveness.isRunning(sup)).isFalse();
            assertThat(Liveness.isRunning(srv)).isFalse();
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", r.port()));
            }
            assertThat(r.strays()).isEmpty();
            RelaunchInstance.Result again = r.cli("stop");
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("not running");
        }
    }

    @Test
    void statusAndCheckReportThroughExitCodesAndJson() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            RelaunchInstance.Result notRunning = r.cli("status", "--json");
            assertThat(notRunning.exit()).isEqualTo(3);
            assertThat(notRunning.json().path("running").asBoolean()).isFalse();

            RelaunchInstance.Result ok = r.cli("check", "--json");
            assertThat(ok.exit()).isZero();
            assertThat(ok.json().path("ok").asBoolean()).isTrue();

            JsonNode started = r.startSupervised();
            RelaunchInstance.Result running = r.cli("status", "--json");
            assertThat(running.exit()).isZero();
            assertThat(running.json().path("server").path("pid").asLong())
                    .isEqualTo(started.path("server_pid").asLong());
            assertThat(running.json().path("url").asText()).isEqualTo(r.url());
            assertThat(r.cli("status").out()).contains("relaunch is running", "PID");

            r.appendEnv("PORT=abc");
            r.appendEnv("this line is broken");
            RelaunchInstance.Result bad = r.cli("check");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("PORT=abc is not a number", ".env:");
            assertThat(bad.err()).doesNotContain("Exception", "\tat ");
            RelaunchInstance.Result badJson = r.cli("check", "--json");
            assertThat(badJson.exit()).isEqualTo(2);
            assertThat(badJson.json().path("problems").size()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void invalidPortIsAClearStartupErrorNotAStackTrace() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance("PORT=70000")) {
            RelaunchInstance.Result start = r.cli("start", "--detach");
            assertThat(start.exit()).isEqualTo(2);
            assertThat(start.err()).contains("PORT=70000 is out of range");
            assertThat(start.err() + start.out()).doesNotContain("Exception", "\tat ");
        }
    }

    private static JsonNode entry(JsonNode data, String key) {
        for (JsonNode e : data.path("entries")) {
            if (e.path("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + key + " in " + data);
    }
}
