package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot example ({@code examples/spring-boot-notes}), built by Maven into an executable jar with the
 * starter, run by {@code relaunch start -- java -jar spring-boot-notes.jar}, on Jetty and on Tomcat. A restart
 * through the starter's API under load (keep-alive and fresh connections, clients that never retry) applies the
 * edited {@code .env} in a new process and fails no request; on Tomcat, which cannot bind a port another process
 * listens on, the supervisor's listening socket is handed to Tomcat as its inherited channel, so it restarts
 * blue-green as well, and a {@code .env} the app refuses leaves the old process serving. A crashed app is started
 * again by the supervisor. Where the socket cannot be handed over, Tomcat does not report ready and restarts
 * stop-then-start, recorded as an outage, with the rollback of a broken {@code .env}.
 */
class SpringBootAppIT {
    private static final Path JETTY_JAR = jar("relaunch.spring.jar",
            "../examples/spring-boot-notes/target/spring-boot-notes.jar");
    private static final Path TOMCAT_JAR = jar("relaunch.spring.tomcat.jar",
            "../examples/spring-boot-notes/tomcat/target/spring-boot-notes-tomcat.jar");
    private static final String BASE = "/admin/relaunch";

    @Test
    void restartingTheJettyAppUnderLoadAppliesTheNewEnvWithoutAFailedRequest() throws IOException {
        try (RelaunchInstance r = started(JETTY_JAR)) {
            long before = r.get("/api/hello").json().path("pid").asLong();
            assertOwnRoutesCarryNoRelaunchHeader(r);
            JsonNode env = r.get(BASE + "/api/v1/settings/env").json().path("data");
            assertThat(env.path("entries").findValuesAsText("key")).contains("GREETING", "DATABASE_PASSWORD");
            assertThat(env.toString()).doesNotContain("example-secret-4711");

            editGreeting(r, "Hello after the restart");
            Restart restart = restartUnderLoad(r);

            assertThat(restart.op().path("status").asText()).as(restart.op().toString()).isEqualTo("restarted");
            assertThat(restart.op().path("strategy").asText()).isEqualTo("blue-green");
            JsonNode after = r.get("/api/hello").json();
            r.track(after.path("pid").asLong());
            assertThat(after.path("greeting").asText()).isEqualTo("Hello after the restart");
            assertThat(after.path("pid").asLong()).isNotEqualTo(before)
                    .isEqualTo(restart.op().path("pid_after").asLong());
            restart.report("jetty", before, after.path("pid").asLong());
            assertThat(restart.load().failures()).as("failed requests during the restart").isEmpty();
            assertThat(restart.load().ok()).isGreaterThan(20);

            // a crash: the supervisor starts the app again on the socket it keeps
            long crashed = after.path("pid").asLong();
            ProcessHandle.of(crashed).orElseThrow().destroyForcibly();
            long recovered = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> r.get("/api/hello").json().path("pid").asLong(),
                            pid -> pid != 0 && pid != crashed);
            r.track(recovered);
            assertThat(r.healthPid()).isEqualTo(recovered);
        }
    }

    @Test
    void tomcatServesTheSupervisorsSocketRestartsBlueGreenAndKeepsServingWhenTheNewEnvIsBroken()
            throws IOException {
        try (RelaunchInstance r = started(TOMCAT_JAR)) {
            long before = r.get("/api/hello").json().path("pid").asLong();
            assertOwnRoutesCarryNoRelaunchHeader(r);

            editGreeting(r, "Hello from Tomcat after the restart");
            Restart restart = restartUnderLoad(r);
            assertThat(restart.op().path("status").asText()).as(restart.op().toString()).isEqualTo("restarted");
            assertThat(restart.op().path("strategy").asText()).as("Tomcat on the inherited shared socket")
                    .isEqualTo("blue-green");
            assertThat(restart.op().path("outage").asBoolean()).isFalse();
            JsonNode after = r.get("/api/hello").json();
            long afterPid = after.path("pid").asLong();
            r.track(afterPid);
            assertThat(after.path("greeting").asText()).isEqualTo("Hello from Tomcat after the restart");
            assertThat(afterPid).isNotEqualTo(before).isEqualTo(restart.op().path("pid_after").asLong());
            restart.report("tomcat", before, afterPid);
            assertThat(restart.load().failures()).as("failed requests during the restart").isEmpty();

            // the app refuses NOTES_MAX=lots at start-up: the new process fails, the old one keeps serving
            r.writeEnv(Files.readString(r.envFile()).replace("NOTES_MAX=200", "NOTES_MAX=lots")
                    .replace("Hello from Tomcat after the restart", "Hello from a broken .env"));
            JsonNode failed = r.awaitOp(r.requestRestart());
            assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.path("pid_after").isNull()).isTrue();
            assertThat(failed.path("error").path("message").asText()).isNotBlank();
            assertThat(failed.path("log_tail").toString()).as("the app's own start-up error").contains("\\\"lots\\\"");
            JsonNode still = r.get("/api/hello").json();
            assertThat(still.path("pid").asLong()).as("the old process still serves").isEqualTo(afterPid);
            assertThat(still.path("greeting").asText()).isEqualTo("Hello from Tomcat after the restart");
            System.out.printf("spring tomcat, broken .env: %s (%s); PID %d still serves%n",
                    failed.path("status").asText(), failed.path("error").path("code").asText(), afterPid);
        }
    }

    @Test
    void tomcatWithoutTheSharedSocketRestartsStopThenStartAndRollsBackABrokenEnv() throws IOException {
        int port = freePort();
        try (RelaunchInstance r = new RelaunchInstance("GREETING=Hello from Tomcat, first", "NOTES_MAX=200")
                .withApiBase(BASE)) {
            r.writeEnv(Files.readString(r.envFile()).replace("PORT=0", "PORT=" + port));
            r.startSupervisedWithoutSocketHandover(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-jar",
                    TOMCAT_JAR.toString()), port);
            long before = r.get("/api/hello").json().path("pid").asLong();
            r.track(before);

            editGreeting(r, "Hello from Tomcat, second");
            JsonNode op = r.awaitOp(r.requestRestart());
            assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
            assertThat(op.path("strategy").asText()).as("Tomcat cannot bind beside the old process")
                    .isEqualTo("stop-start");
            assertThat(op.path("outage").asBoolean()).isTrue();
            JsonNode after = r.get("/api/hello").json();
            long afterPid = after.path("pid").asLong();
            r.track(afterPid);
            assertThat(after.path("greeting").asText()).isEqualTo("Hello from Tomcat, second");
            assertThat(afterPid).isNotEqualTo(before).isEqualTo(op.path("pid_after").asLong());

            r.writeEnv(Files.readString(r.envFile()).replace("NOTES_MAX=200", "NOTES_MAX=lots"));
            JsonNode broken = r.awaitOp(r.requestRestart());
            assertThat(broken.path("status").asText()).as(broken.toString()).isEqualTo("failed");
            assertThat(broken.path("rolled_back").asBoolean()).isTrue();
            long restored = broken.path("rollback_pid").asLong();
            r.track(restored);
            JsonNode served = r.get("/api/hello").json();
            assertThat(served.path("pid").asLong()).isEqualTo(restored);
            assertThat(served.path("greeting").asText()).isEqualTo("Hello from Tomcat, second");
            System.out.printf("spring tomcat without the shared socket: %s in %d ms (outage), broken .env: %s, "
                    + "rolled back to PID %d%n", op.path("status").asText(), op.path("duration_ms").asLong(),
                    broken.path("error").path("code").asText(), restored);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Restart(JsonNode op, LoadClients load) {
        void report(String server, long before, long after) {
            System.out.printf("spring %s: PID %d -> %d (%s, %d ms), %d requests ok, %d failed; %s%n", server, before,
                    after, op.path("strategy").asText(), op.path("duration_ms").asLong(), load.ok(), load.failed(),
                    load.failures());
        }
    }

    private static RelaunchInstance started(Path jar) throws IOException {
        assertThat(jar).as("built by the reactor before this module").exists();
        RelaunchInstance r = new RelaunchInstance("GREETING=Hello from the first .env", "NOTES_MAX=200",
                "DATABASE_PASSWORD=example-secret-4711").withApiBase(BASE);
        try {
            r.startSupervisedCommand(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
            JsonNode hello = r.get("/api/hello").json();
            r.track(hello.path("pid").asLong());
            assertThat(hello.path("greeting").asText()).isEqualTo("Hello from the first .env");
            assertThat(r.healthPid()).isEqualTo(hello.path("pid").asLong());
            return r;
        } catch (RuntimeException | AssertionError e) {
            r.close();
            throw e;
        }
    }

    private static void editGreeting(RelaunchInstance r, String greeting) throws IOException {
        String now = r.get("/api/hello").json().path("greeting").asText();
        r.writeEnv(Files.readString(r.envFile()).replace(now, greeting));
        JsonNode entries = r.get(BASE + "/api/v1/settings/env").json().path("data").path("entries");
        for (JsonNode e : entries) {
            if (e.path("key").asText().equals("GREETING")) {
                assertThat(e.path("changed_since_start").asBoolean()).as(e.toString()).isTrue();
                return;
            }
        }
        throw new AssertionError("no GREETING in " + entries);
    }

    private static Restart restartUnderLoad(RelaunchInstance r) {
        LoadClients load = new LoadClients(r.port(), List.of(
                new LoadClients.Kind("keepalive", 4, "/api/hello", true, 150, 3),
                new LoadClients.Kind("fresh", 2, "/api/hello", false, 5)));
        JsonNode op;
        try {
            op = r.awaitOp(r.requestRestart());
        } finally {
            load.close();
        }
        return new Restart(op, load);
    }

    private static void assertOwnRoutesCarryNoRelaunchHeader(RelaunchInstance r) {
        for (String own : List.of("/", "/api/hello", "/api/notes", "/no-such-page")) {
            RelaunchInstance.Response res = r.get(own);
            assertThat(res.headers().keySet()).as("relaunch's headers on the app's own route %s", own)
                    .noneMatch(h -> h.equalsIgnoreCase("Content-Security-Policy")
                            || h.equalsIgnoreCase("X-Frame-Options")
                            || h.equalsIgnoreCase("Cross-Origin-Opener-Policy"));
        }
        assertThat(r.get(BASE + "/api/v1/health").header("X-Frame-Options")).isEqualTo("DENY");
    }

    private static Path jar(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
