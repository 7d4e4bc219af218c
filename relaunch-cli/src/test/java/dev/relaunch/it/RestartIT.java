package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The restart engine with real processes: blue-green handoffs, failures that keep the old server, crashes. */
class RestartIT {

    @Test
    void tenRestartsThroughTheApiEachServeANewPid() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.startSupervised();
            Set<String> servers = new HashSet<>();
            servers.add(RelaunchInstance.processIdentity(r.healthPid()));
            for (int i = 0; i < 10; i++) {
                long before = r.healthPid();
                JsonNode op = r.awaitOp(r.requestRestart());
                assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
                assertThat(op.path("pid_before").asLong()).isEqualTo(before);
                long after = op.path("pid_after").asLong();
                assertThat(r.healthPid()).isEqualTo(after);
                assertThat(servers.add(RelaunchInstance.processIdentity(after)))
                        .as("PID %d is a new process", after).isTrue();
                r.track(after);
            }
            assertThat(servers).hasSize(11);
        }
    }

    @Test
    void tenRestartsThroughTheCliEachServeANewPid() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.startSupervised();
            Set<String> servers = new HashSet<>();
            servers.add(RelaunchInstance.processIdentity(r.healthPid()));
            for (int i = 0; i < 10; i++) {
                RelaunchInstance.Result res = r.cli("restart", "--wait", "--json");
                assertThat(res.exit()).as(res.out() + res.err()).isZero();
                JsonNode op = res.json();
                assertThat(op.path("status").asText()).isEqualTo("restarted");
                assertThat(op.path("requested_by").asText()).isEqualTo("cli");
                long after = op.path("pid_after").asLong();
                assertThat(r.healthPid()).isEqualTo(after);
                assertThat(servers.add(RelaunchInstance.processIdentity(after)))
                        .as("PID %d is a new process", after).isTrue();
            }
            RelaunchInstance.Result plain = r.cli("restart", "--wait");
            assertThat(plain.exit()).isZero();
            assertThat(plain.out()).startsWith("Restarted: PID ");
        }
    }

    @Test
    void inFlightRequestCompletesAndALoopOfRequestsSeesNoFailureDuringRestart() throws Exception {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.startSupervised();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(
                    URI.create(r.url() + "/api/v1/test/sleep?ms=2000")).build(), HttpResponse.BodyHandlers.ofString());
            r.awaitSleepRequestInProgress();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            ExecutorService loop = Executors.newFixedThreadPool(2);
            for (int w = 0; w < 2; w++) {
                boolean fresh = w == 0;
                loop.execute(() -> {
                    HttpClient keepAlive = HttpClient.newHttpClient();
                    while (running.get()) {
                        HttpClient c = fresh ? HttpClient.newHttpClient() : keepAlive;
                        try {
                            HttpResponse<String> res = c.send(HttpRequest.newBuilder(
                                    URI.create(r.url() + "/api/v1/health")).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            (res.statusCode() == 200 ? ok : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            String opId = r.requestRestart();
            JsonNode op = r.awaitOp(opId);
            running.set(false);
            loop.shutdown();
            loop.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            HttpResponse<String> slowResponse = slow.get(30, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("restart %s: %d requests ok, %d failed during the restart; slow request %d%n",
                    op.path("status").asText(), ok.get(), failed.get(), slowResponse.statusCode());
            assertThat(op.path("status").asText()).isEqualTo("restarted");
            assertThat(slowResponse.statusCode()).isEqualTo(200);
            assertThat(RelaunchInstance.JSON.readTree(slowResponse.body()).path("pid").asLong())
                    .isEqualTo(op.path("pid_before").asLong());
            assertThat(ok.get()).isGreaterThan(10);
            assertThat(failed.get()).isZero();
        }
    }

    @Test
    void failedStartsKeepTheOldServerServingAndAFixedEnvRestartsFine() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.startSupervised();
            long original = r.healthPid();
            String good = Files.readString(r.envFile());

            r.writeEnv(good + "PORT=abc\n");
            JsonNode bad = r.awaitOp(r.requestRestart());
            assertThat(bad.path("status").asText()).isEqualTo("failed");
            assertThat(bad.path("error").path("code").asText()).isEqualTo("config_invalid");
            assertThat(bad.path("error").path("message").asText()).contains("PORT=abc");
            assertThat(bad.path("log_tail").toString()).contains("PORT=abc");
            assertThat(r.healthPid()).isEqualTo(original);

            r.writeEnv(good + "TEST_STARTUP_FAILURE=crash\n");
            JsonNode crash = r.awaitOp(r.requestRestart());
            assertThat(crash.path("status").asText()).isEqualTo("failed");
            assertThat(crash.path("error").path("code").asText()).isEqualTo("startup_failed");
            assertThat(crash.path("log_tail").toString()).contains("simulating a crash");
            assertThat(r.healthPid()).isEqualTo(original);

            r.writeEnv(good.replace("STARTUP_TIMEOUT_MS=60000", "STARTUP_TIMEOUT_MS=2000")
                    + "TEST_STARTUP_FAILURE=hang\n");
            JsonNode hang = r.awaitOp(r.requestRestart());
            assertThat(hang.path("status").asText()).isEqualTo("failed");
            assertThat(hang.path("error").path("code").asText()).isEqualTo("startup_timeout");
            assertThat(r.healthPid()).isEqualTo(original);

            r.writeEnv(good);
            String fixedId = r.requestRestart();
            JsonNode fixed = r.awaitOp(fixedId);
            assertThat(fixed.path("status").asText()).as("%s%s", fixed, r.diagnostics()).isEqualTo("restarted");
            assertThat(r.healthPid()).isEqualTo(fixed.path("pid_after").asLong()).isNotEqualTo(original);
            // "restarted" comes before the old server has drained and exited: count once the record says it has
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> r.opFromDisk(fixedId), op -> op.hasNonNull("old_exited_at"));
            // the supervisor, the serving server and at most one standby (plus a class-data training run):
            // every child of a failed restart is gone
            assertThat(r.strays().stream().filter(p -> !p.info().commandLine().orElse("").contains("--cds-training")))
                    .hasSizeBetween(2, 3);
        }
    }

    @Test
    void afterARollbackSettingsListsTheRestoredValuesAsTheEnvFilesNotTheEnvironments() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance("RESTART_STRATEGY=stop-start", "GREETING=hello",
                "TEST_STARTUP_FAILURE=")) {
            r.startSupervised();
            String good = Files.readString(r.envFile());
            r.writeEnv(good.replace("GREETING=hello", "GREETING=bonjour")
                    .replace("TEST_STARTUP_FAILURE=", "TEST_STARTUP_FAILURE=crash"));
            RelaunchInstance.Result restart = r.cli("restart", "--wait", "--json");
            JsonNode op = restart.json();
            assertThat(op.path("rolled_back").asBoolean()).as(restart.out() + r.diagnostics()).isTrue();
            r.track(op.path("rollback_pid").asLong());

            Map<String, JsonNode> rows = new HashMap<>();
            r.get("/api/v1/settings/env").json().path("data").path("entries")
                    .forEach(e -> rows.put(e.path("key").asText(), e));
            for (String key : List.of("GREETING", "APP_ENV", "RESTART_STRATEGY")) {
                assertThat(rows.get(key).path("source").asText()).as(key).isEqualTo(".env");
                assertThat(rows.get(key).path("overridden").asBoolean()).as(key).isFalse();
            }
            assertThat(rows.get("GREETING").path("value").asText()).isEqualTo("hello");
            assertThat(rows.get("GREETING").path("pending").asBoolean()).as("bonjour applies at the next restart")
                    .isTrue();
        }
    }

    @Test
    void killingTheOldServerDuringDrainOrTheNewOneDuringStartupLeavesAServingServer() throws Exception {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.startSupervised();
            HttpClient client = HttpClient.newHttpClient();
            client.sendAsync(HttpRequest.newBuilder(URI.create(r.url() + "/api/v1/test/sleep?ms=8000")).build(),
                    HttpResponse.BodyHandlers.discarding());
            r.awaitSleepRequestInProgress();
            String opId = r.requestRestart();
            JsonNode draining = Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> r.opFromDisk(opId), op -> op.path("status").asText().equals("draining"));
            ProcessHandle.of(draining.path("pid_before").asLong()).ifPresent(ProcessHandle::destroyForcibly);
            JsonNode done = r.awaitOp(opId);
            assertThat(done.path("status").asText()).isEqualTo("restarted");
            assertThat(r.healthPid()).isEqualTo(done.path("pid_after").asLong());

            long serving = r.healthPid();
            r.appendEnv("TEST_STARTUP_FAILURE=hang");
            String second = r.requestRestart();
            JsonNode starting = Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> r.opFromDisk(second), op -> op.path("status").asText().equals("starting"));
            ProcessHandle.of(starting.path("pid_after").asLong()).ifPresent(ProcessHandle::destroyForcibly);
            JsonNode failed = r.awaitOp(second);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error").path("code").asText()).isEqualTo("startup_failed");
            assertThat(failed.path("error").path("message").asText()).contains("137");
            assertThat(r.healthPid()).isEqualTo(serving);
        }
    }

    @Test
    void simultaneousRestartRequestsMakeOneOperation() throws Exception {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.startSupervised();
            long before = r.opCount();
            int n = 8;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<CompletableFuture<String>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return r.requestRestart();
                }, pool));
            }
            go.countDown();
            Set<String> distinct = new HashSet<>();
            for (CompletableFuture<String> f : ids) {
                distinct.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(distinct).hasSize(1);
            assertThat(r.awaitOp(distinct.iterator().next()).path("status").asText()).isEqualTo("restarted");
            assertThat(r.opCount()).isEqualTo(before + 1);
        }
    }

    @Test
    void aSupervisorKilledWithSigkillTakesItsServerAlongAndTheNextStartCleansUp() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            JsonNode started = r.startSupervised();
            long sup = started.path("supervisor_pid").asLong();
            long srv = started.path("server_pid").asLong();
            ProcessHandle.of(sup).ifPresent(ProcessHandle::destroyForcibly);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> ProcessHandle.of(srv).map(p -> !p.isAlive()).orElse(true));
            assertThat(r.dir().resolve("instance/relaunch.sock")).exists();
            assertThat(r.cli("status").exit()).isEqualTo(3);
            JsonNode again = r.startSupervised();
            assertThat(again.path("supervisor_pid").asLong()).isNotEqualTo(sup);
            assertThat(r.healthPid()).isEqualTo(again.path("server_pid").asLong());
            RelaunchInstance.Result second = r.cli("start", "--detach");
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.err()).contains("already running");
        }
    }

    @Test
    void aStandaloneServerRestartsIntoADetachedSuccessorThatOutlivesIt() throws Exception {
        try (RelaunchInstance r = new RelaunchInstance()) {
            Process parent = r.startStandalone();
            assertThat(r.get("/api/v1/info").json().path("data").path("mode").asText()).isEqualTo("standalone");
            String opId = r.requestRestart();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !parent.isAlive());
            assertThat(parent.exitValue()).isZero();
            JsonNode op = r.awaitOp(opId);
            assertThat(op.path("status").asText()).isEqualTo("restarted");
            long successor = op.path("pid_after").asLong();
            r.track(successor);
            assertThat(r.healthPid()).isEqualTo(successor);
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> r.cli("status", "--json").json().path("server").path("pid").asLong() == successor);
            String second = r.requestRestart();
            JsonNode op2 = r.awaitOp(second);
            assertThat(op2.path("status").asText()).isEqualTo("restarted");
            r.track(op2.path("pid_after").asLong());
            assertThat(r.healthPid()).isEqualTo(op2.path("pid_after").asLong());
        }
    }

    @Test
    void aCrashedServerIsStartedAgainAndRecorded() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            JsonNode started = r.startSupervised();
            long srv = started.path("server_pid").asLong();
            ProcessHandle.of(srv).ifPresent(ProcessHandle::destroyForcibly);
            JsonNode op = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> r.get("/api/v1/settings/restart/ops").json().path("data").get(0),
                            o -> o.path("status").asText().equals("restarted"));
            assertThat(op.path("requested_by").asText()).isEqualTo("crash");
            assertThat(op.path("pid_before").asLong()).isEqualTo(srv);
            assertThat(op.path("exit_code").asInt()).isEqualTo(137);
            assertThat(r.healthPid()).isEqualTo(op.path("pid_after").asLong());
        }
    }

    @Test
    void aServerThatAlwaysCrashesStopsTheSupervisorAfterTheBurstLimit() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance("TEST_CRASH_AFTER_MS=200")) {
            JsonNode started = r.startSupervised();
            long sup = started.path("supervisor_pid").asLong();
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> ProcessHandle.of(sup).map(p -> !p.isAlive()).orElse(true));
            RelaunchInstance.Result status = r.cli("status");
            assertThat(status.exit()).isEqualTo(3);
            assertThat(status.out()).contains("gave_up", "crashed 5 times");
            assertThat(Files.readString(r.dir().resolve("instance/logs/supervisor.log")))
                    .contains("stopped retrying");
        }
    }
}
