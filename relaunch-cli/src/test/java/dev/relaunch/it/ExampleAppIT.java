package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user's own app with the plugin, run by the supervisor: {@code examples/javalin-notes}, built by Maven into its
 * own jar from the relaunch-javalin artifact (as a user's build would), started with
 * {@code relaunch start -- java -jar javalin-notes.jar}. A restart through the plugin's API under load gives a new
 * PID with the new {@code .env} value and fails no request; the app's own routes carry none of relaunch's headers.
 */
class ExampleAppIT {
    private static final Path NOTES_JAR = Path.of(System.getProperty("relaunch.notes.jar",
            "../examples/javalin-notes/target/javalin-notes.jar")).toAbsolutePath().normalize();
    private static final String BASE = "/admin/relaunch";

    @Test
    void restartingTheExampleAppUnderLoadAppliesTheNewEnvWithoutAFailedRequest() throws IOException {
        assertThat(NOTES_JAR).as("built by the reactor before this module").exists();
        try (RelaunchInstance r = new RelaunchInstance("GREETING=Hello from the first .env",
                "DATABASE_PASSWORD=example-secret-4711").withApiBase(BASE)) {
            r.startSupervisedCommand(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-jar", NOTES_JAR.toString()));
            JsonNode hello = r.get("/api/hello").json();
            long before = hello.path("pid").asLong();
            r.track(before);
            assertThat(hello.path("greeting").asText()).isEqualTo("Hello from the first .env");
            assertThat(r.healthPid()).isEqualTo(before);

            RelaunchInstance.Response page = r.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Hello from the first .env").contains("href=\"/admin/relaunch/\"");
            for (String own : List.of("/", "/api/hello", "/api/notes")) {
                RelaunchInstance.Response res = r.get(own);
                assertThat(res.headers().keySet()).as("relaunch's headers on the app's own route %s", own)
                        .noneMatch(h -> h.equalsIgnoreCase("Content-Security-Policy")
                                || h.equalsIgnoreCase("X-Frame-Options")
                                || h.equalsIgnoreCase("Cross-Origin-Opener-Policy"));
            }
            JsonNode env = r.get(BASE + "/api/v1/settings/env").json().path("data");
            assertThat(env.path("entries").findValuesAsText("key")).contains("GREETING", "DATABASE_PASSWORD");
            assertThat(env.toString()).doesNotContain("example-secret-4711");

            assertThat(entry(env, "GREETING").path("source").asText()).as("passed on by the supervisor, from .env")
                    .isEqualTo(".env");

            Files.writeString(r.envFile(), Files.readString(r.envFile())
                    .replace("Hello from the first .env", "Hello after the restart"));
            JsonNode changed = entry(r.get(BASE + "/api/v1/settings/env").json().path("data"), "GREETING");
            assertThat(changed.path("changed_since_start").asBoolean()).as(changed.toString()).isTrue();
            LoadClients load = new LoadClients(r.port(), List.of(
                    new LoadClients.Kind("keepalive", 4, "/api/hello", true, 150, 3),
                    new LoadClients.Kind("fresh", 2, "/api/hello", false, 5)));
            JsonNode op;
            try {
                op = r.awaitOp(r.requestRestart());
            } finally {
                load.close();
            }
            assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
            JsonNode after = r.get("/api/hello").json();
            r.track(after.path("pid").asLong());
            assertThat(after.path("greeting").asText()).isEqualTo("Hello after the restart");
            assertThat(after.path("pid").asLong()).isNotEqualTo(before).isEqualTo(op.path("pid_after").asLong());
            assertThat(r.get("/api/notes").status()).isEqualTo(200);
            System.out.printf("example app: PID %d -> %d, %d requests ok, %d failed; %s%n", before,
                    after.path("pid").asLong(), load.ok(), load.failed(), load.failures());
            assertThat(load.failures()).as("failed requests during the restart").isEmpty();
            assertThat(load.ok()).isGreaterThan(20);
        }
    }

    private static JsonNode entry(JsonNode envData, String key) {
        for (JsonNode e : envData.path("entries")) {
            if (e.path("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no " + key + " in " + envData);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
