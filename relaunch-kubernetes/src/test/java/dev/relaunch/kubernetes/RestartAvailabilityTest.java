package dev.relaunch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestartAvailabilityTest {
    private Instant now = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void theApiServerIsAskedAgainOnlyOnceTheAnswerIsOlderThanKeep() {
        AtomicInteger asked = new AtomicInteger();
        RestartAvailability a = new RestartAvailability(() -> Optional.of("paused " + asked.incrementAndGet()),
                () -> now);

        assertThat(a.reason()).contains("paused 1");
        now = now.plus(RestartAvailability.KEEP).minusMillis(1);
        assertThat(a.reason()).contains("paused 1");
        now = now.plusMillis(1);
        assertThat(a.reason()).contains("paused 2");
        assertThat(asked).hasValue(2);
    }

    @Test
    void aCheckThatFailsSaysNothingAndIsTriedAgainLater() {
        AtomicInteger asked = new AtomicInteger();
        RestartAvailability a = new RestartAvailability(() -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("connection refused");
            }
            return Optional.of("pod debug has no owner");
        }, () -> now);

        assertThat(a.reason()).isEmpty();
        now = now.plus(RestartAvailability.KEEP);
        assertThat(a.reason()).contains("pod debug has no owner");
    }
}
