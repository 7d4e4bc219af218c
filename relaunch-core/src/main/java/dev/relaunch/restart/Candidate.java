package dev.relaunch.restart;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A newly spawned server process that is not serving yet. */
public interface Candidate {
    /** How long {@link #kill()} and a drain that ran out of time wait after SIGTERM before SIGKILL. */
    long KILL_GRACE_MS = 5_000;

    long pid();

    /** Completes with the bound port when the process reports {@code ready} on the control socket. */
    CompletableFuture<Integer> ready();

    /** Completes with the exit code when the process has exited. */
    CompletableFuture<Integer> exit();

    /** Its last output lines, oldest first, at most {@code max}. */
    List<String> logTail(int max);

    /** Where its full output is, for the user to read. */
    String logFile();

    /** Stops it: SIGTERM, then SIGKILL after {@link #KILL_GRACE_MS}. Returns once it has exited or was killed. */
    void kill();
}
