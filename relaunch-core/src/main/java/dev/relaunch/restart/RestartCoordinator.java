package dev.relaunch.restart;

import dev.relaunch.config.RestartStrategyName;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts restart requests and runs at most one handoff at a time. Thread-safe: {@link #request} may be called from
 * any thread (control socket, HTTP); while an operation runs, every request returns that same operation.
 */
public final class RestartCoordinator implements AutoCloseable {
    /** The most a request waits for an operation whose final record is saved to be cleared by its worker. */
    static final long FINISHED_OPERATION_WAIT_MS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(RestartCoordinator.class);

    /**
     * The limits a handoff runs with, re-read for each restart so a changed {@code .env} applies.
     * {@code outageReason} (may be null) says why a restart with an outage could not be blue-green, for the record.
     */
    public record Limits(RestartStrategyName strategy, long startupTimeoutMs, long drainTimeoutMs,
                         String outageReason) {
        public Limits(RestartStrategyName strategy, long startupTimeoutMs, long drainTimeoutMs) {
            this(strategy, startupTimeoutMs, drainTimeoutMs, null);
        }
    }

    private final OpStore store;
    private final ServerHost host;
    private final Supplier<Limits> limits;
    private final Clock clock;
    private final ExecutorService worker;
    private OpRecord current;
    private CompletableFuture<OpRecord> currentDone;
    private OpRecord last;

    public RestartCoordinator(OpStore store, ServerHost host, Supplier<Limits> limits, Clock clock) {
        this.store = store;
        this.host = host;
        this.limits = limits;
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "restart-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a restart, or returns the one in progress. Returns at once; the handoff runs in the background. */
    public OpRecord request(String requestedBy) {
        Limits l = limits.get();
        return request(requestedBy, RestartStrategy.of(l.strategy()), UnaryOperator.identity(), l);
    }

    /**
     * Starts an operation with the given strategy (e.g. a cold start after a crash), or returns the one in
     * progress. {@code initial} may add facts to the first record (the crashed PID, its exit code and log tail).
     */
    public OpRecord request(String requestedBy, RestartStrategy strategy, UnaryOperator<OpRecord> initial) {
        return request(requestedBy, strategy, initial, limits.get());
    }

    private synchronized OpRecord request(String requestedBy, RestartStrategy strategy,
                                          UnaryOperator<OpRecord> initial, Limits l) {
        awaitEndOfFinishedOperation();
        if (current != null) {
            log.info("Restart requested by {} joins operation {} already in progress", requestedBy, current.opId());
            return current;
        }
        OpRecord op = initial.apply(OpRecord.pending(OpIds.next(), requestedBy, host.servingPid().isPresent()
                ? host.servingPid().getAsLong() : null, strategy.name(), strategy.hasOutage(), clock.instant())
                .withOutageReason(strategy.name().equals(l.strategy().label()) ? l.outageReason() : null));
        store.save(op);
        current = op;
        currentDone = new CompletableFuture<>();
        CompletableFuture<OpRecord> done = currentDone;
        log.info("Restart {} requested by {} (strategy {}, PID {})", op.opId(), requestedBy, strategy.name(),
                op.pidBefore());
        worker.execute(() -> done.complete(run(strategy, op, l)));
        return op;
    }

    /**
     * An operation whose final record is saved already reads as over to everyone who polls it, but its worker clears
     * it a moment later: a request in between would join it and get its finished record back. So a request waits
     * (the lock released) until the worker has cleared it, then starts a new operation; after
     * {@value #FINISHED_OPERATION_WAIT_MS} ms it joins, as before.
     */
    private void awaitEndOfFinishedOperation() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FINISHED_OPERATION_WAIT_MS);
        while (current != null && current.status().isFinal()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** An operation started or joined by {@link #start}, and the future of its final record. */
    public record Started(OpRecord op, CompletableFuture<OpRecord> done) {}

    /**
     * As {@link #request(String)}, with {@code initial} applied to a new operation's first record, and the future of
     * the final record of the operation started or joined (a joined one keeps its own requester and facts).
     */
    public synchronized Started start(String requestedBy, UnaryOperator<OpRecord> initial) {
        Limits l = limits.get();
        OpRecord op = request(requestedBy, RestartStrategy.of(l.strategy()), initial, l);
        return new Started(op, currentDone);
    }

    /** Completes with the final record of the operation in progress; empty when none runs. */
    public synchronized Optional<CompletableFuture<OpRecord>> completion() {
        return Optional.ofNullable(currentDone);
    }

    private OpRecord run(RestartStrategy strategy, OpRecord op, Limits l) {
        Handoff h = new Handoff(op, store, host, clock, l, this::update);
        try {
            host.beforeHandoff(op);
            strategy.run(h);
        } catch (RuntimeException e) {
            log.error("Restart {} failed unexpectedly", op.opId(), e);
            h.abort();
            h.fail(OpErrorCode.INTERNAL_ERROR, "restart failed unexpectedly: " + e, null);
            h.rollBack();
        } finally {
            OpRecord done = h.record();
            synchronized (this) {
                current = null;
                currentDone = null;
                last = done;
                notifyAll(); // a request waiting for this operation to end starts its own
            }
            store.prune();
            log.info("Restart {} ended {} (PID {} -> {}, {} ms){}", done.opId(), done.status().label(),
                    done.pidBefore(), done.pidAfter(), done.durationMs(),
                    done.error() == null ? "" : ": " + done.error().code() + ": " + done.error().message());
            host.afterHandoff(done);
        }
        return h.record();
    }

    private synchronized void update(OpRecord op) {
        if (current != null && current.opId().equals(op.opId())) {
            current = op;
        }
    }

    public synchronized Optional<OpRecord> inProgress() {
        return Optional.ofNullable(current);
    }

    public synchronized Optional<OpRecord> last() {
        return Optional.ofNullable(last);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
