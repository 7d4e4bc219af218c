package dev.relaunch.restart;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link Candidate} that is an operating-system process started by this JVM: its PID, and a {@code ready} that
 * completes with the port once whoever watches it learns that it serves.
 */
public abstract class ProcessCandidate implements Candidate {
    protected final Process process;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();

    protected ProcessCandidate(Process process) {
        this.process = process;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<Integer> ready() {
        return ready;
    }

    /** It serves on {@code port}; later calls change nothing. */
    protected void becameReady(int port) {
        ready.complete(port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }
}
