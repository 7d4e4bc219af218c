package dev.relaunch.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.config.RestartStrategyName;
import dev.relaunch.launch.LaunchContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartCoordinatorTest {
    @TempDir
    Path dir;

    FakeHost host;
    OpStore store;
    RestartCoordinator coordinator;
    RestartStrategyName strategy = RestartStrategyName.BLUE_GREEN;
    long startupTimeout = 5_000;

    @BeforeEach
    void setUp() {
        host = new FakeHost();
        store = new OpStore(dir);
        coordinator = new RestartCoordinator(store, host,
                () -> new RestartCoordinator.Limits(strategy, startupTimeout, 1_000), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        coordinator.close();
    }

    private OpRecord finish(OpRecord op) throws Exception {
        return coordinator.completion().map(f -> f.join()).orElseGet(() -> store.find(op.opId()).orElseThrow());
    }

    @Test
    void blueGreenStartsTheNewServerBeforeRetiringTheOldOne() throws Exception {
        OpRecord done = finish(coordinator.request("ui"));
        assertThat(done.status()).isEqualTo(OpStatus.RESTARTED);
        assertThat(done.pidBefore()).isEqualTo(1L);
        assertThat(done.pidAfter()).isEqualTo(1001L);
        assertThat(done.phases()).extracting(OpRecord.Phase::name)
                .containsExactly("pending", "starting", "ready", "draining", "restarted");
        assertThat(host.events).containsExactly("spawn 1001", "health 1001", "promote 1001", "retire");
        assertThat(done.oldExitedAt()).isNotNull();
        assertThat(done.rolledBack()).isFalse();
        assertThat(done.durationMs()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(store.find(done.opId())).contains(done);
    }

    @Test
    void aNewServerThatRefusesItsConfigurationFailsAndTheOldOneStays() throws Exception {
        host.behaviour = c -> c.exit.complete(LaunchContract.EXIT_CONFIG_INVALID);
        OpRecord done = finish(coordinator.request("ui"));
        assertThat(done.status()).isEqualTo(OpStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("config_invalid");
        assertThat(done.error().message()).contains("PORT=abc is not a number");
        assertThat(done.logTail()).contains("error: PORT=abc is not a number");
        assertThat(done.exitCode()).isEqualTo(2);
        assertThat(done.pidAfter()).isNull();
        assertThat(host.serving).isEqualTo(1);
        assertThat(host.events).doesNotContain("retire");
    }

    @Test
    void aNewServerThatCannotBindFailsAsPortUnavailable() throws Exception {
        host.behaviour = c -> c.exit.complete(LaunchContract.EXIT_PORT_UNAVAILABLE);
        OpRecord done = finish(coordinator.request("api"));
        assertThat(done.error().code()).isEqualTo("port_unavailable");
        assertThat(host.serving).isEqualTo(1);
    }

    @Test
    void aNewServerThatCrashesFailsAsStartupFailed() throws Exception {
        host.behaviour = c -> c.exit.complete(1);
        OpRecord done = finish(coordinator.request("api"));
        assertThat(done.error().code()).isEqualTo("startup_failed");
        assertThat(done.error().message()).contains("exited with code 1");
    }

    @Test
    void aNewServerThatNeverBecomesReadyIsKilledAfterTheTimeout() throws Exception {
        startupTimeout = 200;
        host.behaviour = c -> { };
        OpRecord done = finish(coordinator.request("api"));
        assertThat(done.status()).isEqualTo(OpStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("startup_timeout");
        assertThat(host.spawned.get(0).killed).isTrue();
        assertThat(host.serving).isEqualTo(1);
    }

    @Test
    void aNewServerThatDiesRightAfterReadyIsStartedButUnhealthy() throws Exception {
        host.behaviour = c -> {
            c.ready.complete(8080);
            c.exit.complete(70);
        };
        OpRecord done = finish(coordinator.request("api"));
        assertThat(done.status()).isEqualTo(OpStatus.STARTED_BUT_UNHEALTHY);
    }

    @Test
    void concurrentRequestsJoinTheOperationInProgress() throws Exception {
        CompletableFuture<Void> drain = new CompletableFuture<>();
        host.drain = drain;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<CompletableFuture<OpRecord>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(CompletableFuture.supplyAsync(() -> coordinator.request("ui"), pool));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<OpRecord> f : all) {
            ids.add(f.get(5, TimeUnit.SECONDS).opId());
        }
        assertThat(ids).hasSize(1);
        drain.complete(null);
        OpRecord done = finish(store.find(ids.iterator().next()).orElseThrow());
        assertThat(done.status()).isEqualTo(OpStatus.RESTARTED);
        assertThat(host.spawned).hasSize(1);
        pool.shutdown();
        OpRecord next = coordinator.request("ui");
        assertThat(next.opId()).isNotEqualTo(done.opId());
        finish(next); // the temp folder is deleted after the test: let the operation write its last record first
    }

    @Test
    void stopStartChecksTheConfigurationBeforeStoppingAnything() throws Exception {
        strategy = RestartStrategyName.STOP_START;
        host.configProblems = List.of(".env:3: PORT=abc is not a number");
        OpRecord done = finish(coordinator.request("cli"));
        assertThat(done.status()).isEqualTo(OpStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("config_invalid");
        assertThat(done.outage()).isTrue();
        assertThat(host.events).isEmpty();
    }

    @Test
    void stopStartRetiresTheOldServerFirst() throws Exception {
        strategy = RestartStrategyName.STOP_START;
        OpRecord done = finish(coordinator.request("cli"));
        assertThat(done.status()).isEqualTo(OpStatus.RESTARTED);
        assertThat(done.strategy()).isEqualTo("stop-start");
        assertThat(host.events).containsExactly("retire", "spawn 1001", "health 1001", "promote 1001");
        assertThat(done.oldExitedAt()).isNotNull();
    }

    @Test
    void aReadyButUnhealthyNewServerIsStoppedAndTheOldOneKeepsServing() throws Exception {
        host.health.put(1001L, Health.unhealthy("GET http://127.0.0.1:8080/api/v1/health answered HTTP 500"));
        OpRecord done = finish(coordinator.request("ui"));
        assertThat(done.status()).isEqualTo(OpStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("unhealthy");
        assertThat(done.error().message()).contains("PID 1001", "answered HTTP 500");
        assertThat(done.logTail()).isNotEmpty();
        assertThat(done.pidAfter()).isNull();
        assertThat(host.spawned.get(0).killed).isTrue();
        assertThat(host.serving).isEqualTo(1);
        assertThat(host.events).doesNotContain("retire");
    }

    @Test
    void aFailedStopStartRestoresThePreviousConfiguration() throws Exception {
        strategy = RestartStrategyName.STOP_START;
        host.behaviour = c -> c.exit.complete(1);
        host.lastGood = c -> c.ready.complete(8080);
        OpRecord done = finish(coordinator.request("cli"));
        assertThat(done.status()).isEqualTo(OpStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("startup_failed");
        assertThat(done.error().message()).contains("restored the previous configuration (PID 1002)");
        assertThat(done.rolledBack()).isTrue();
        assertThat(done.rollbackPid()).isEqualTo(1002L);
        assertThat(done.pidBefore()).isEqualTo(1L);
        assertThat(done.pidAfter()).isNull();
        assertThat(done.phases()).extracting(OpRecord.Phase::name)
                .containsExactly("pending", "draining", "starting", "rolling_back", "failed");
        assertThat(host.events).containsExactly("retire", "spawn 1001", "restore 1002", "promote 1002");
        assertThat(host.serving).isEqualTo(1002);
    }

    @Test
    void anUnhealthyStopStartIsRolledBackToo() throws Exception {
        strategy = RestartStrategyName.STOP_START;
        host.health.put(1001L, Health.unhealthy("answered HTTP 500"));
        host.lastGood = c -> c.ready.complete(8080);
        OpRecord done = finish(coordinator.request("cli"));
        assertThat(done.error().code()).isEqualTo("unhealthy");
        assertThat(done.rolledBack()).isTrue();
        assertThat(host.spawned.get(0).killed).isTrue();
        assertThat(host.serving).isEqualTo(1002);
    }

    @Test
    void aRollbackThatFailsTooSaysSo() throws Exception {
        strategy = RestartStrategyName.STOP_START;
        host.behaviour = c -> c.exit.complete(1);
        host.lastGood = c -> c.exit.complete(1);
        OpRecord done = finish(coordinator.request("cli"));
        assertThat(done.status()).isEqualTo(OpStatus.FAILED);
        assertThat(done.rolledBack()).isFalse();
        assertThat(done.rollbackPid()).isNull();
        assertThat(done.error().message()).contains("starting the previous configuration again failed too");
    }

    @Test
    void aPortHeldByAnotherProgramFailsAsPortUnavailableWithItsHolderAndRollsBack() throws Exception {
        strategy = RestartStrategyName.STOP_START;
        host.portConflict = new ServerHost.PortConflict(5051, 4242L);
        host.lastGood = c -> c.ready.complete(5050);
        OpRecord done = finish(coordinator.request("cli"));
        assertThat(done.error().code()).isEqualTo("port_unavailable");
        assertThat(done.error().message()).contains("port 5051 is in use by PID 4242");
        assertThat(done.portHolderPid()).isEqualTo(4242L);
        assertThat(done.rolledBack()).isTrue();
        assertThat(host.events).containsExactly("retire", "restore 1001", "promote 1001");
    }

    @Test
    void anUnexpectedErrorStopsTheNewProcessInsteadOfLeavingTwoServers() throws Exception {
        host.behaviour = c -> c.ready.complete(8080);
        FakeHost.FakeCandidate[] made = new FakeHost.FakeCandidate[1];
        ServerHost failing = new ServerHost() {
            @Override
            public java.util.OptionalLong servingPid() {
                return host.servingPid();
            }

            @Override
            public List<String> checkConfiguration() {
                return List.of();
            }

            @Override
            public Candidate spawn(String opId) {
                made[0] = (FakeHost.FakeCandidate) host.spawn(opId);
                return made[0];
            }

            @Override
            public void promote(Candidate candidate) {
                throw new IllegalStateException("boom");
            }

            @Override
            public CompletableFuture<Void> retire(long drainTimeoutMs) {
                return host.retire(drainTimeoutMs);
            }
        };
        RestartCoordinator c = new RestartCoordinator(store, failing,
                () -> new RestartCoordinator.Limits(RestartStrategyName.BLUE_GREEN, 5_000, 1_000),
                Clock.systemUTC());
        OpRecord op = c.request("ui");
        OpRecord done = c.completion().map(CompletableFuture::join).orElseGet(() -> store.find(op.opId()).get());
        assertThat(done.status()).isEqualTo(OpStatus.FAILED);
        assertThat(done.error().code()).isEqualTo("internal_error");
        assertThat(made[0].killed).isTrue();
        c.close();
    }

    @Test
    void theCompletionFutureEndsWithinTheStartupTimeout() {
        startupTimeout = 300;
        host.behaviour = c -> { };
        OpRecord op = coordinator.request("ui");
        CompletableFuture<OpRecord> f = coordinator.completion().orElseThrow();
        assertThat(f).succeedsWithin(Duration.ofSeconds(10));
        assertThat(coordinator.inProgress()).isEmpty();
        assertThat(coordinator.last()).map(OpRecord::opId).contains(op.opId());
    }
}
