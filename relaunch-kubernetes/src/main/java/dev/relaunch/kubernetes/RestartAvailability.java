package dev.relaunch.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why Restart Server cannot roll this pod's workload now, for {@code /api/v1/info}: every open page asks every few
 * seconds, so an answer is kept for {@link #KEEP} and the API server is asked at most that often. Never throws: a
 * check that fails says nothing (the button stays, and a click gets the API server's own answer).
 */
final class RestartAvailability {
    static final Duration KEEP = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(RestartAvailability.class);

    private final Supplier<Optional<String>> check;
    private final Supplier<Instant> now;
    private Optional<String> reason = Optional.empty();
    private Instant checkedAt;

    /** {@code check} returns the reason, or empty when a restart may be requested; it may throw. */
    RestartAvailability(Supplier<Optional<String>> check, Supplier<Instant> now) {
        this.check = check;
        this.now = now;
    }

    synchronized Optional<String> reason() {
        Instant at = now.get();
        if (checkedAt == null || !at.isBefore(checkedAt.plus(KEEP))) {
            try {
                reason = check.get();
            } catch (RuntimeException e) {
                log.debug("Cannot tell whether a restart is available now: {}", e.getMessage());
                reason = Optional.empty();
            }
            checkedAt = at;
        }
        return reason;
    }
}
