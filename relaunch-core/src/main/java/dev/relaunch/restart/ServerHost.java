package dev.relaunch.restart;

import dev.relaunch.process.PortHolder;
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

    /**
     * Completes once the process {@link #retire} just told to drain takes no new connections; {@code gone} is its
     * exit. A host that can see the process's sockets completes it when the process no longer holds a listening
     * socket on the port. The default cannot tell: it completes at the exit or after {@code fallbackMs}.
     */
    default CompletableFuture<Void> stoppedAccepting(CompletableFuture<Void> gone, long fallbackMs) {
        CompletableFuture<Void> timer = new CompletableFuture<>();
        timer.completeOnTimeout(null, fallbackMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        return CompletableFuture.anyOf(gone, timer).handle((r, e) -> null);
    }

    /** Problems in the configuration a new process would read now (fresh {@code .env}); empty when valid. */
    java.util.List<String> checkConfiguration();

    /**
     * Checks a ready candidate as a user would: its health route answers 2xx with its own PID on a fresh connection.
     * Takes at most {@code budgetMs}. The default trusts the ready report.
     */
    default Health checkHealth(Candidate candidate, long budgetMs) {
        return Health.HEALTHY;
    }

    /**
     * After the old process was stopped and no new one serves: starts again the command and environment that served
     * last. Null when this host cannot (the default).
     */
    default Candidate spawnLastGood(String opId) throws IOException {
        return null;
    }

    /**
     * Before a stop-then-start spawns its new process: waits up to {@code timeoutMs} until the port that process will
     * bind is free. Empty when it is free (or the host cannot tell); else who holds it.
     */
    default java.util.Optional<PortConflict> awaitPortFree(long timeoutMs) {
        return java.util.Optional.empty();
    }

    /** Another program listens on the port a new process needs. */
    record PortConflict(int port, Long holderPid) {
        public String describe() {
            return "port " + port + " is in use by " + (holderPid == null ? "an unknown process"
                    : PortHolder.describePid(holderPid));
        }
    }

    /** Called when an operation begins, before its strategy runs (e.g. to tell a service manager). */
    default void beforeHandoff(OpRecord pending) {}

    /** Called once the operation record is final. A standalone server exits here after a handoff. */
    default void afterHandoff(OpRecord finalRecord) {}
}
