package dev.relaunch.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrashPolicyTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void backOffDoublesFromHalfASecondUpToThirtySeconds() {
        CrashPolicy p = new CrashPolicy();
        long[] expected = {500, 1000, 2000, 4000};
        for (int i = 0; i < 4; i++) {
            assertThat(p.recordCrash(t0.plusSeconds(i))).isTrue();
            assertThat(p.backoffMs()).isEqualTo(expected[i]);
        }
        CrashPolicy slow = new CrashPolicy();
        for (int i = 0; i < 4; i++) {
            slow.recordCrash(t0.plus(Duration.ofMinutes(6L * i)));
        }
        assertThat(slow.backoffMs()).isEqualTo(500);
    }

    @Test
    void theFifthCrashWithinFiveMinutesStopsTheRetries() {
        CrashPolicy p = new CrashPolicy();
        for (int i = 0; i < 4; i++) {
            assertThat(p.recordCrash(t0.plusSeconds(10L * i))).isTrue();
        }
        assertThat(p.recordCrash(t0.plusSeconds(60))).isFalse();
    }

    @Test
    void crashesOlderThanTheWindowAreForgotten() {
        CrashPolicy p = new CrashPolicy();
        for (int i = 0; i < 4; i++) {
            p.recordCrash(t0.plusSeconds(i));
        }
        assertThat(p.recordCrash(t0.plus(Duration.ofMinutes(6)))).isTrue();
        assertThat(p.recentCrashes()).isEqualTo(1);
    }

    @Test
    void theDelayNeverExceedsThirtySeconds() {
        CrashPolicy p = new CrashPolicy();
        for (int i = 0; i < 40; i++) {
            p.recordCrash(t0);
        }
        assertThat(p.backoffMs()).isEqualTo(30_000);
    }
}
