package dev.relaunch.restart;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** One operation in progress: the record, the host, and the steps strategies share. Used by one thread. */
public final class Handoff {
    /** A started process reports these exit codes for failures it understands (see the serve command). */
    public static final int EXIT_CONFIG_INVALID = 2;
    public static final int EXIT_PORT_UNAVAILABLE = 3;
    public static final int LOG_TAIL_LINES = 50;
    static final long KILL_GRACE_MS = 5_000;

    private OpRecord record;
    private final OpStore store;
    private final ServerHost host;
    private final Clock clock;
    private final RestartCoordinator.Limits limits;
    private final Consumer<OpRecord> onChange;

    Handoff(OpRecord record, OpStore store, ServerHost host, Clock clock, RestartCoordinator.Limits limits,
            Consumer<OpRecord> onChange) {
        this.record = record;
        this.store = store;
        this.host = host;
        this.clock = clock;
        this.limits = limits;
        this.onChange = onChange;
    }

    public OpRecord record() {
        return record;
    }

    public ServerHost host() {
        return host;
    }

    public RestartCoordinator.Limits limits() {
        return limits;
    }

    void phase(OpStatus status) {
        save(record.withPhase(status, clock.instant()));
    }

    private Candidate candidate;
    private boolean promoted;

    /**
     * Spawns the new server, records its PID and the {@code starting} phase, and waits until it is ready (phase
     * {@code ready}). Returns null when it could not be spawned or did not become ready; the record is then failed.
     */
    Candidate startNew() {
        Candidate c;
        try {
            c = host.spawn(record.opId());
        } catch (java.io.IOException e) {
            fail("spawn_failed", "cannot start a new server process: " + e.getMessage(), null);
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
        save(record.withPidAfter(c.pid()));
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

    void fail(String code, String message, Candidate c) {
        end(OpStatus.FAILED, code, message, c);
    }

    void end(OpStatus status, String code, String message, Candidate c) {
        List<String> tail = c == null ? List.of() : c.logTail(LOG_TAIL_LINES);
        Integer exit = c != null && c.exit().isDone() ? c.exit().getNow(null) : null;
        OpRecord failed = record.withError(code, message, exit, tail, c == null ? null : c.logFile());
        save((promoted ? failed : failed.withPidAfter(null)).withPhase(status, clock.instant()));
    }

    private void save(OpRecord next) {
        record = next;
        store.save(next);
        onChange.accept(next);
    }

    /**
     * Waits until the candidate is ready, exits, or the start-up timeout passes. On exit or timeout the operation is
     * failed (the candidate killed) and false is returned.
     */
    boolean awaitReady(Candidate c) {
        CompletableFuture<Object> first = CompletableFuture.anyOf(c.ready(), c.exit());
        try {
            first.get(limits.startupTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            c.kill();
            fail("startup_timeout", "the new server (PID " + c.pid() + ") did not report ready within "
                    + limits.startupTimeoutMs() + " ms (STARTUP_TIMEOUT_MS); it was stopped", c);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.kill();
            fail("interrupted", "the restart was interrupted (the supervisor is stopping)", c);
            return false;
        } catch (ExecutionException e) {
            // a failed future still means the process is gone; handled below
        }
        if (c.ready().isDone() && !c.ready().isCompletedExceptionally()) {
            return true;
        }
        int code = c.exit().join();
        c.kill();
        switch (code) {
            case EXIT_CONFIG_INVALID -> fail("config_invalid", "the new server refused the configuration: "
                    + firstProblem(c) + " (fix .env and restart again)", c);
            case EXIT_PORT_UNAVAILABLE -> fail("port_unavailable", "the new server could not bind the port: "
                    + firstProblem(c), c);
            default -> fail("startup_failed", "the new server (PID " + c.pid() + ") exited with code " + code
                    + " during start-up" + (code == 137 ? " (killed by SIGKILL)" : ""), c);
        }
        return false;
    }

    /** The first line of the candidate's output that states a problem ("error: ..."), for the op's message. */
    private static String firstProblem(Candidate c) {
        List<String> tail = c.logTail(LOG_TAIL_LINES);
        return tail.stream().filter(l -> l.contains("error: ")).map(l -> l.substring(l.indexOf("error: ") + 7))
                .map(String::strip).findFirst()
                .or(() -> tail.stream().filter(l -> l.contains("ERROR")).map(String::strip).findFirst())
                .orElse("see the log tail");
    }

    /** Waits for the old server to drain and exit; the host kills it after the timeout plus a grace period. */
    void retireOld() {
        try {
            host.retire(limits.drainTimeoutMs()).get(limits.drainTimeoutMs() + 2 * KILL_GRACE_MS,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the host has already escalated to a kill; the record says draining ended either way
        }
    }
}
