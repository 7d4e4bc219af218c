package dev.relaunch.supervisor;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * What the supervisor is doing ({@code starting, running, recovering, down, stopping, gave_up}) and why it stops; the
 * main thread waits here until a stop is requested. A listener (systemd's notifier) hears every change, and the
 * start of each restart ({@link #RESTARTING}), which leaves the state as it is: the old server keeps serving.
 * Thread-safe.
 */
final class SupervisorState {
    static final String GAVE_UP = "gave_up";
    /** No server serves (a failed stop-then-start that could not restore the previous one); a restart tries again. */
    static final String DOWN = "down";
    /** Told to the listener when a restart begins; never the state itself. */
    static final String RESTARTING = "restarting";

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile String state = "starting";
    private volatile String stopReason;
    private volatile boolean stopping;
    private volatile int exitCode;
    private final Consumer<String> listener;

    SupervisorState() {
        this(s -> { });
    }

    /** {@code listener} is called on the changing thread, after the change; it must not block. */
    SupervisorState(Consumer<String> listener) {
        this.listener = listener;
    }

    String state() {
        return state;
    }

    void set(String s) {
        if (!GAVE_UP.equals(state) && !(stopping && !s.equals("stopping"))) {
            state = s;
            listener.accept(s);
        }
    }

    boolean gaveUp() {
        return GAVE_UP.equals(state);
    }

    boolean stopping() {
        return stopping;
    }

    /** A restart begins (see {@link #RESTARTING}). */
    void restarting() {
        if (!stopping && !GAVE_UP.equals(state)) {
            listener.accept(RESTARTING);
        }
    }

    void markStopping() {
        stopping = true;
        set("stopping");
    }

    String stopReason() {
        return stopReason;
    }

    int exitCode() {
        return exitCode;
    }

    void exitCode(int code) {
        exitCode = code;
    }

    /** Asks the main thread to stop; the first reason is kept. */
    void requestStop(String why) {
        if (stopReason == null) {
            stopReason = why;
        }
        stopRequested.countDown();
    }

    /** The supervisor stops retrying crashed servers and exits with code 3. */
    void giveUp(String reason) {
        state = GAVE_UP;
        stopReason = reason;
        exitCode = 3;
        listener.accept(GAVE_UP);
        stopRequested.countDown();
    }

    void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }
}
