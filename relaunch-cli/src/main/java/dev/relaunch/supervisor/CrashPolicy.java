package dev.relaunch.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When to start a crashed server again: exponential back-off (0.5 s doubling to 30 s) and a burst limit (5 crashes
 * within 5 minutes end the retries), so a server that always crashes cannot loop forever. Not thread-safe.
 */
final class CrashPolicy {
    static final int BURST = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final long FIRST_DELAY_MS = 500;
    static final long MAX_DELAY_MS = 30_000;

    private final Deque<Instant> crashes = new ArrayDeque<>();

    /** Records a crash; returns false when this one reaches the burst limit and retries must stop. */
    boolean recordCrash(Instant now) {
        crashes.addLast(now);
        while (!crashes.isEmpty() && crashes.peekFirst().isBefore(now.minus(WINDOW))) {
            crashes.removeFirst();
        }
        return crashes.size() < BURST;
    }

    int recentCrashes() {
        return crashes.size();
    }

    /** The delay before the next start: 0.5 s after the first crash in the window, doubling, at most 30 s. */
    long backoffMs() {
        int n = Math.max(1, crashes.size());
        return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS << Math.min(16, n - 1));
    }
}
