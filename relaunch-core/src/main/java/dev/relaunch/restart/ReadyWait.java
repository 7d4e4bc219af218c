package dev.relaunch.restart;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The one wait for a started server: until it is ready, it exits, or the start-up timeout passes. */
public final class ReadyWait {
    /** How the wait ended. */
    public enum Outcome { READY, EXITED, TIMED_OUT, INTERRUPTED }

    private ReadyWait() {}

    /**
     * Blocks until {@code c} is ready or has exited, at most {@code timeoutMs}. {@link Outcome#INTERRUPTED} keeps the
     * thread's interrupt flag set. The caller decides what each outcome means (kill it, fail the restart).
     */
    public static Outcome await(Candidate c, long timeoutMs) {
        try {
            CompletableFuture.anyOf(c.ready(), c.exit()).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.INTERRUPTED;
        } catch (ExecutionException e) {
            // a failed future still means the process is gone; told below
        }
        return c.ready().isDone() && !c.ready().isCompletedExceptionally() ? Outcome.READY : Outcome.EXITED;
    }
}
