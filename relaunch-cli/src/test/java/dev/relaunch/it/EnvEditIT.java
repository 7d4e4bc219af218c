package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: editing {@code .env} through the API of a real server. Each edit changes only its line, is atomic for a
 * concurrent reader, keeps the previous version as {@code .env.bak}, is refused (and writes nothing) when based on a
 * stale version, and a restart applies it. Refusals by security rules and bad input are rows of {@link SecurityIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EnvEditIT {
    private static final String ENV = "/api/v1/settings/env";
    private static final String HEAD = "# relaunch test\r\nHOST=127.0.0.1\r\nPORT=0\r\nAPP_ENV=testing\r\n"
            + "STARTUP_TIMEOUT_MS=60000\r\n\r\n# the app\r\nexport GREETING='hello' # shown on the page\r\n"
            + "API_KEY=\"secret-0123456789\"\r\nFROM_SHELL=file value\r\n";

    private RelaunchInstance r;

    @BeforeAll
    void start() throws IOException {
        r = new RelaunchInstance();
        r.writeEnv(HEAD);
        r.withEnv("FROM_SHELL", "environment value");
        r.startSupervised();
    }

    @AfterAll
    void stop() throws IOException {
        if (r != null) {
            r.close();
        }
    }

    @Test
    @Order(1)
    void theListCarriesTheFileVersionAsETag() {
        RelaunchInstance.Response list = r.get(ENV);
        String version = list.json().path("data").path("version").asText();
        assertThat(version).hasSize(64);
        assertThat(list.header("ETag")).isEqualTo("\"" + version + "\"");
    }

    @Test
    @Order(2)
    void putChangesOnlyItsLineKeepsTheBackupAndTheRowIsPending() throws IOException {
        String before = Files.readString(r.envFile());
        RelaunchInstance.Response put = put("GREETING", "{\"value\":\"it's \\\"new\\\" # 2\\n$HOME \\\\ é\"}", version());

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String after = Files.readString(r.envFile());
        assertThat(after).isEqualTo(before.replace("export GREETING='hello' # shown on the page",
                "export GREETING=\"it's \\\"new\\\" # 2\\n$HOME \\\\ é\" # shown on the page"));
        assertThat(Files.readString(backup())).isEqualTo(before);
        JsonNode data = put.json().path("data");
        assertThat(data.path("version").asText()).isEqualTo(version());
        assertThat(put.header("ETag")).isEqualTo("\"" + data.path("version").asText() + "\"");
        assertThat(data.path("entry").path("pending").asBoolean()).isTrue();
        assertThat(data.path("entry").path("value").asText()).isEqualTo("hello"); // still the running value
        assertThat(data.path("entry").path("file_value").asText()).isEqualTo("it's \"new\" # 2\n$HOME \\ é");
        assertThat(r.get(ENV).json().path("data").path("changed_keys").toString()).contains("GREETING");
    }

    @Test
    @Order(3)
    void aStaleVersionIs409AndTheFileIsUnchanged() throws IOException {
        String stale = version();
        assertThat(put("NEW_ONE", "{\"value\":\"1\"}", stale).status()).isEqualTo(201);
        byte[] now = Files.readAllBytes(r.envFile());

        RelaunchInstance.Response conflict = put("GREETING", "{\"value\":\"lost update\"}", stale);

        assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.json().path("error").path("code").asText()).isEqualTo("version_conflict");
        assertThat(conflict.header("ETag")).isEqualTo("\"" + version() + "\"");
        assertThat(Files.readAllBytes(r.envFile())).isEqualTo(now);
        RelaunchInstance.Response add = put("NEW_ONE", "{\"value\":\"2\"}", version(), "If-None-Match", "*");
        assertThat(add.status()).as("an add of an existing key").isEqualTo(409);
        assertThat(add.json().path("error").path("code").asText()).isEqualTo("key_exists");
        assertThat(Files.readAllBytes(r.envFile())).isEqualTo(now);
    }

    @Test
    @Order(4)
    void deleteRemovesTheLineAndRestoreBringsItBack() throws IOException {
        String before = Files.readString(r.envFile());
        RelaunchInstance.Response delete = r.send(HttpRequest.newBuilder(URI.create(r.url() + ENV + "/NEW_ONE"))
                .DELETE(), "If-Match", "\"" + version() + "\"");
        assertThat(delete.status()).as(delete.body()).isEqualTo(200);
        assertThat(Files.readString(r.envFile())).isEqualTo(before.replace("NEW_ONE=1\r\n", ""));

        RelaunchInstance.Response restore = r.post("/api/v1/settings/env-backup/restore", "{}",
                "Content-Type", "application/json", "If-Match", "\"" + version() + "\"");
        assertThat(restore.status()).as(restore.body()).isEqualTo(200);
        assertThat(Files.readString(r.envFile())).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aConcurrentReaderNeverSeesAPartialFile() throws Exception {
        Set<String> written = ConcurrentHashMap.newKeySet();
        written.add(Files.readString(r.envFile()));
        AtomicBoolean done = new AtomicBoolean();
        List<String> torn = new ArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    String seen = new String(Files.readAllBytes(r.envFile()), StandardCharsets.UTF_8);
                    reads.incrementAndGet();
                    if (!seen.endsWith("\r\n") || !seen.contains("FROM_SHELL=file value")) {
                        torn.add(seen);
                    }
                } catch (NoSuchFileException e) {
                    torn.add("(no file)");
                } catch (IOException e) {
                    torn.add(e.toString());
                }
            }
        }, "env-reader");
        reader.start();
        try {
            for (int i = 0; i < 40; i++) {
                String value = "v" + i + "-" + "x".repeat(i * 50);
                RelaunchInstance.Response put = put("BULK", "{\"value\":\"" + value + "\"}", version());
                assertThat(put.status()).as(put.body()).isIn(200, 201);
            }
        } finally {
            done.set(true);
            reader.join(10_000);
        }
        assertThat(reads.get()).isPositive();
        assertThat(torn).as("reads of a partly written .env").isEmpty();
        assertThat(Files.readString(r.envFile())).contains("BULK=v39-");
    }

    @Test
    @Order(6)
    void aKeyTheEnvironmentSetsIsMarkedAndItsEditWarns() {
        JsonNode row = entry("FROM_SHELL");
        assertThat(row.path("overridden").asBoolean()).isTrue();
        assertThat(row.path("value").asText()).isEqualTo("environment value");

        RelaunchInstance.Response put = put("FROM_SHELL", "{\"value\":\"edited\"}", version());

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("data").path("warnings").toString()).contains("no effect");
        JsonNode list = r.get(ENV).json().path("data");
        assertThat(list.path("changed_keys").toString()).doesNotContain("FROM_SHELL");
        assertThat(list.path("ineffective_keys").toString()).contains("FROM_SHELL");
        assertThat(entry("FROM_SHELL").path("pending").asBoolean()).isFalse();
    }

    @Test
    @Order(7)
    void aRestartAppliesTheEditAndTheBadgeIsGone() {
        long before = r.healthPid();
        JsonNode op = r.awaitOp(r.requestRestart());
        assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
        r.track(op.path("pid_after").asLong());
        assertThat(r.healthPid()).isNotEqualTo(before);
        JsonNode greeting = entry("GREETING");
        assertThat(greeting.path("value").asText()).isEqualTo("it's \"new\" # 2\n$HOME \\ é");
        assertThat(greeting.path("pending").asBoolean()).isFalse();
        assertThat(r.get(ENV).json().path("data").path("changed_keys")).isEmpty();
    }

    @Test
    @Order(8)
    void aSecretAddedOrChangedThroughSettingsIsMaskedInTheLogsTabAtOnce() throws IOException {
        assertThat(put("SMTP_PASSWORD", "{\"value\":\"added-secret-4711\"}", version()).status()).isEqualTo(201);
        assertThat(put("API_KEY", "{\"value\":\"changed-secret-0815\"}", version()).status()).isEqualTo(200);
        // an app that logs them anyway (the Logs tab's masking is the second line of defence)
        Path log = Path.of(r.get("/api/v1/logs").json().path("data").path("file").asText());
        Files.writeString(log, "app says: added-secret-4711 and changed-secret-0815\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        String shown = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> r.get("/api/v1/logs?lines=1000").json().path("data").path("lines").toString(),
                        lines -> lines.contains("app says: "));
        assertThat(shown).contains("app says: ******** and ********")
                .doesNotContain("added-secret-4711").doesNotContain("changed-secret-0815");
    }

    private RelaunchInstance.Response put(String key, String body, String version, String... more) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json",
                "If-Match", "\"" + version + "\""));
        headers.addAll(List.of(more));
        return r.send(HttpRequest.newBuilder(URI.create(r.url() + ENV + "/" + key))
                .PUT(HttpRequest.BodyPublishers.ofString(body)), headers.toArray(String[]::new));
    }

    private String version() {
        return r.get(ENV).json().path("data").path("version").asText();
    }

    private JsonNode entry(String key) {
        for (JsonNode e : r.get(ENV).json().path("data").path("entries")) {
            if (e.path("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no row " + key);
    }

    private Path backup() {
        return r.envFile().resolveSibling(".env.bak");
    }
}
