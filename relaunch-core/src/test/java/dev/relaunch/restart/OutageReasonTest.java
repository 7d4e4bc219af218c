package dev.relaunch.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.config.RestartStrategyName;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart that had to be stop-then-start says why in its record, as the UI and the CLI show it. */
class OutageReasonTest {
    private static final String WHY = "this platform cannot hand over the port";

    @TempDir
    Path dir;

    private OpRecord restart(RestartStrategyName strategy, String reason) {
        OpStore store = new OpStore(dir);
        try (RestartCoordinator c = new RestartCoordinator(store, new FakeHost(),
                () -> new RestartCoordinator.Limits(strategy, 5_000, 1_000, reason), Clock.systemUTC())) {
            OpRecord op = c.request("ui");
            return c.completion().map(f -> f.join()).orElseGet(() -> store.find(op.opId()).orElseThrow());
        }
    }

    @Test
    void aStopThenStartForcedByThePlatformRecordsTheReason() {
        OpRecord done = restart(RestartStrategyName.STOP_START, WHY);
        assertThat(done.status()).isEqualTo(OpStatus.RESTARTED);
        assertThat(done.outage()).isTrue();
        assertThat(done.outageReason()).isEqualTo(WHY);
        @SuppressWarnings("unchecked")
        Map<String, Object> wire = (Map<String, Object>) dev.relaunch.json.WireJson.toValue(done);
        assertThat(wire).containsEntry("outage_reason", WHY);
    }

    @Test
    void aRestartWithoutOutageOrWithoutReasonRecordsNone() {
        assertThat(restart(RestartStrategyName.STOP_START, null).outageReason()).isNull();
        OpRecord pending = OpRecord.pending("x", "ui", 1L, "blue-green", false, java.time.Instant.now());
        assertThat(pending.withOutageReason(WHY).outageReason()).as("no outage, nothing to explain").isNull();
    }

    @Test
    void aCrashColdStartDoesNotBorrowTheReasonOfTheConfiguredStrategy() {
        OpStore store = new OpStore(dir);
        FakeHost host = new FakeHost();
        try (RestartCoordinator c = new RestartCoordinator(store, host,
                () -> new RestartCoordinator.Limits(RestartStrategyName.STOP_START, 5_000, 1_000, WHY),
                Clock.systemUTC())) {
            OpRecord op = c.request("crash", new ColdStartStrategy(0), r -> r.withCrash(1, List.of(), null));
            assertThat(op.strategy()).isEqualTo("cold-start");
            assertThat(op.outageReason()).isNull();
            c.completion().ifPresent(CompletableFuture::join);
        }
    }
}
