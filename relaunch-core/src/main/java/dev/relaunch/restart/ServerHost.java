package dev.relaunch.restart;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The side of a restart that owns processes: the supervisor (children it spawned) or a standalone server (itself and
 * a detached successor). The {@link RestartCoordinator} drives a handoff through this interface only.
 */
public interface ServerHost {
    /** The PID serving now, or empty when no server runs (e.g. after a failed stop-then-start). */
    OptionalLong servingPid();

    /**
     * Starts a new server process for the operation; it reads {@code .env} afresh.
     *
     * @throws IOException when the process cannot be started at all (no java, no permission)
     */
    Candidate spawn(String opId) throws IOException;

    /** The candidate becomes the serving process; the previous one is now the one to retire. */
    void promote(Candidate candidate);

    /**
     * The previously serving process stops accepting, finishes in-flight requests within {@code drainTimeoutMs},
     * and exits; it is killed when it has not exited after the timeout plus a grace period. The future completes
     * when it is gone. Completes at once when there is nothing to retire.
     */
    CompletableFuture<Void> retire(long drainTimeoutMs);

    /** Problems in the configuration a new process would read now (fresh {@code .env}); empty when valid. */
    java.util.List<String> checkConfiguration();

    /** Called once the operation record is final. A standalone server exits here after a handoff. */
    default void afterHandoff(OpRecord finalRecord) {}
}
