package dev.relaunch.restart;

import dev.relaunch.launch.LaunchContract;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One operation in progress: the record, the host, and the steps strategies share. Driven by one thread; only the
 * late "old process exited" note may arrive from another, so saving is synchronized.
 */
public final class Handoff {
    public static final int LOG_TAIL_LINES = 50;
    /** How long a stop-then-start waits for its port to be released by another program. */
    static final long PORT_WAIT_MS = 5_000;
    /** The most a health check may take. */
    static final long HEALTH_BUDGET_MS = 15_000;

    private OpRecord record;
    private final OpStore store;
    private final ServerHost host;
    private final Clock clock;
    private final RestartCoordinator.Limits limits;
    private final Consumer<OpRecord> onChange;
    private Candidate candidate;
    private boolean promoted;
    /** Set by a strategy that can roll back: a failure is recorded, its final phase waits for {@link #rollBack}. */
    private boolean rollbackOnFailure;
    private OpStatus pendingFailure;
    private Instant oldExitedAt;

    Handoff(OpRecord record, OpStore store, ServerHost host, Clock clock, RestartCoordinator.Limits limits,
            Consumer<OpRecord> onChange) {
        this.record = record;
        this.store = store;
        this.host = host;
        this.clock = clock;
        this.limits = limits;
        this.onChange = onChange;
    }

    public synchronized OpRecord record() {
        return record;
    }

    public ServerHost host() {
        return host;
    }

    public RestartCoordinator.Limits limits() {
        return limits;
    }

    void phase(OpStatus status) {
        save(record().withPhase(status, clock.instant()));
    }

    /** A failure from now on is kept open until {@link #rollBack} restores the previous configuration. */
    void rollBackOnFailure() {
        rollbackOnFailure = true;
    }

    /** True once the operation has failed (whether or not its final phase is written yet). */
    boolean failed() {
        return pendingFailure != null || record().status() == OpStatus.FAILED;
    }

    /**
     * Spawns the new server, records its PID and the {@code starting} phase, and waits until it is ready (phase
     * {@code ready}). Returns null when it could not be spawned or did not become ready; the record is then failed.
     */
    Candidate startNew() {
        Candidate c;
        try {
            c = host.spawn(record().opId());
        } catch (IOException e) {
            fail(OpErrorCode.SPAWN_FAILED, "cannot start a new server process: " + e.getMessage(), null);
            return null;
        }
        track(c);
        phase(OpStatus.STARTING);
        if (!awaitReady(c)) {
            return null;
        }
        phase(OpStatus.READY);
        return c;
    }

    /** Remembers the new process, so an unexpected failure can stop it instead of leaving it running. */
    void track(Candidate c) {
        candidate = c;
        save(record().withPidAfter(c.pid()));
    }

    void promote() {
        host.promote(candidate);
        promoted = true;
    }

    /** After an unexpected error: a new process that was never promoted must not keep running. */
    void abort() {
        if (candidate != null && !promoted) {
            candidate.kill();
        }
    }

    void fail(OpErrorCode code, String message, Candidate c) {
        end(OpStatus.FAILED, code, message, c);
    }

    void end(OpStatus status, OpErrorCode code, String message, Candidate c) {
        List<String> tail = c == null ? List.of() : c.logTail(LOG_TAIL_LINES);
        Integer exit = c != null && c.exit().isDone() ? c.exit().getNow(null) : null;
        OpRecord failed = record().withError(code.code(), message, exit, tail, c == null ? null : c.logFile());
        failed = promoted ? failed : failed.withPidAfter(null);
        if (rollbackOnFailure && !promoted) {
            pendingFailure = status;
            save(failed);
            return;
        }
        save(failed.withPhase(status, clock.instant()));
    }

    /**
     * Checks the ready candidate as a user would see it; an unhealthy one is stopped and the operation fails with
     * {@code unhealthy} and its log tail. True when healthy.
     */
    boolean checkHealthy(Candidate c) {
        Health health = host.checkHealth(c, Math.min(limits.startupTimeoutMs(), HEALTH_BUDGET_MS));
        if (health.healthy()) {
            return true;
        }
        c.kill();
        fail(OpErrorCode.UNHEALTHY, "the new server (PID " + c.pid() + ") reported ready but failed its health check: "
                + health.problem() + "; it was stopped", c);
        return false;
    }

    /**
     * Waits until the candidate is ready, exits, or the start-up timeout passes. On exit or timeout the operation is
     * failed (the candidate killed) and false is returned.
     */
    boolean awaitReady(Candidate c) {
        switch (ReadyWait.await(c, limits.startupTimeoutMs())) {
            case READY:
                return true;
            case TIMED_OUT:
                c.kill();
                fail(OpErrorCode.STARTUP_TIMEOUT, "the new server (PID " + c.pid() + ") did not report ready within "
                        + limits.startupTimeoutMs() + " ms (STARTUP_TIMEOUT_MS); it was stopped", c);
                return false;
            case INTERRUPTED:
                c.kill();
                fail(OpErrorCode.INTERRUPTED, "the restart was interrupted (the supervisor is stopping)", c);
                return false;
            default:
                break;
        }
        int code = c.exit().join();
        c.kill();
        switch (code) {
            case LaunchContract.EXIT_CONFIG_INVALID -> fail(OpErrorCode.CONFIG_INVALID,
                    "the new server refused the configuration: " + firstProblem(c) + " (fix .env and restart again)",
                    c);
            case LaunchContract.EXIT_PORT_UNAVAILABLE -> {
                ServerHost.PortConflict conflict = host.awaitPortFree(0).orElse(null);
                if (conflict != null) {
                    save(record().withPortHolder(conflict.holderPid())); // before the record turns final
                }
                fail(OpErrorCode.PORT_UNAVAILABLE, "the new server could not bind the port: " + firstProblem(c)
                        + (conflict == null ? "" : " (" + conflict.describe() + ")"), c);
            }
            default -> fail(OpErrorCode.STARTUP_FAILED, "the new server (PID " + c.pid() + ") exited with code " + code
                    + " during start-up" + (code == 137 ? " (killed by SIGKILL)" : ""), c);
        }
        return false;
    }

    /**
     * Before a stop-then-start spawns: the port must be free; another program holding it fails the operation with
     * {@code port_unavailable} and the holder's PID after a few seconds of waiting. True when free.
     */
    boolean awaitPortFree() {
        ServerHost.PortConflict conflict = host.awaitPortFree(PORT_WAIT_MS).orElse(null);
        if (conflict == null) {
            return true;
        }
        save(record().withPortHolder(conflict.holderPid())); // before the record turns final
        fail(OpErrorCode.PORT_UNAVAILABLE, conflict.describe() + " (waited " + PORT_WAIT_MS / 1000
                + " s for it to close); "
                + "stop that program or change PORT in .env", null);
        return false;
    }

    /**
     * After a failure with the old process already stopped: starts the configuration that served last again and
     * ends the operation {@code failed} with {@code rolled_back} and the restored PID, or says that this failed too.
     */
    void rollBack() {
        OpStatus status = pendingFailure;
        if (status == null) {
            return;
        }
        pendingFailure = null;
        rollbackOnFailure = false;
        phase(OpStatus.ROLLING_BACK);
        OpRecord.OpError error = record().error();
        String outcome = "there was no previous configuration to restore";
        Long restored = null;
        try {
            Candidate prev = host.spawnLastGood(record().opId());
            if (prev != null && ReadyWait.await(prev, limits.startupTimeoutMs()) == ReadyWait.Outcome.READY) {
                host.promote(prev);
                restored = prev.pid();
                outcome = "restored the previous configuration (PID " + prev.pid() + ")";
            } else if (prev != null) {
                prev.kill();
                outcome = "starting the previous configuration again failed too (PID " + prev.pid() + "; see "
                        + prev.logFile() + ")";
            }
        } catch (IOException e) {
            outcome = "starting the previous configuration again failed too: " + e.getMessage();
        }
        OpRecord r = record();
        save(r.withError(error.code(), error.message() + "; " + outcome, r.exitCode(), r.logTail(), r.logFile())
                .withRollback(restored).withPhase(status, clock.instant()));
    }

    /** The first line of the candidate's output that states a problem ("error: ..."), for the op's message. */
    private static String firstProblem(Candidate c) {
        List<String> tail = c.logTail(LOG_TAIL_LINES);
        return tail.stream().filter(l -> l.contains("error: ")).map(l -> l.substring(l.indexOf("error: ") + 7))
                .map(String::strip).findFirst()
                .or(() -> tail.stream().filter(l -> l.contains("ERROR")).map(String::strip).findFirst())
                .orElse("see the log tail");
    }

    /**
     * Waits for the old server to drain and exit; the host kills it after the timeout plus a grace period. The
     * record notes when it exited ({@code old_exited_at}), even when that comes after the operation ended.
     */
    void retireOld() {
        retireOld(limits.drainTimeoutMs() + 2 * Candidate.KILL_GRACE_MS);
    }

    /**
     * Tells the old server to drain and waits at most {@code waitMs} for it to exit. Blue-green needs only the old
     * server to stop taking connections, which it does at once; its exit (after in-flight requests and a quiet
     * period for idle keep-alive connections) is recorded as {@code old_exited_at} when it happens.
     */
    void retireOld(long waitMs) {
        await(retireAndRecordExit(), waitMs);
    }

    /**
     * Blue-green's retirement: tells the old server to drain and returns once it takes no new connections, so that a
     * visitor after the record says {@code restarted} reaches the new server. The host tells when the old process has
     * closed its listening socket (or exited); where it cannot, this waits {@code fallbackMs}. At most {@code capMs}:
     * a wedged old server may never close it, and the new one serves anyway; the host kills the old one after the
     * drain timeout. Its exit is recorded as {@code old_exited_at} when it comes.
     */
    void retireOldUntilNotAccepting(long fallbackMs, long capMs) {
        await(host.stoppedAccepting(retireAndRecordExit(), fallbackMs), capMs);
    }

    private CompletableFuture<Void> retireAndRecordExit() {
        boolean hadOld = record().pidBefore() != null;
        CompletableFuture<Void> gone = host.retire(limits.drainTimeoutMs());
        if (hadOld) {
            gone.thenRun(this::oldExited);
        }
        return gone;
    }

    private static void await(CompletableFuture<Void> f, long waitMs) {
        try {
            f.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the host has already escalated to a kill; the record says draining ended either way
        }
    }

    private synchronized void oldExited() {
        oldExitedAt = clock.instant();
        save(record);
    }

    private synchronized void save(OpRecord next) {
        if (oldExitedAt != null && next.oldExitedAt() == null) {
            next = next.withOldExitedAt(oldExitedAt);
        }
        record = next;
        store.save(next);
        onChange.accept(next);
    }
}
