package dev.relaunch.supervisor;

import dev.relaunch.restart.ColdStartStrategy;
import dev.relaunch.restart.Handoff;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a new server when the serving one exits unexpectedly, as a {@code crash} operation (cold start after a
 * back-off), until {@link CrashPolicy} says the crashes come too fast; then the supervisor gives up.
 */
final class CrashRecovery {
    private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);

    private final SupervisorState state;
    private final SupervisorHost host;
    private final Supplier<RestartCoordinator> coordinator;
    private final OpStore store;
    private final String logFile;
    private final Consumer<String> giveUp;
    private final CrashPolicy policy = new CrashPolicy();

    /** {@code giveUp} receives the reason once retries end. */
    CrashRecovery(SupervisorState state, SupervisorHost host, Supplier<RestartCoordinator> coordinator, OpStore store,
                  String logFile, Consumer<String> giveUp) {
        this.state = state;
        this.host = host;
        this.coordinator = coordinator;
        this.store = store;
        this.logFile = logFile;
        this.giveUp = giveUp;
    }

    /** Every child's exit comes here; only the serving one's matters. */
    void childExited(ChildProcess c, Integer code) {
        if (state.stopping() || !host.isServing(c) || coordinator.get() == null) {
            return;
        }
        log.warn("Server PID {} exited unexpectedly with code {}", c.pid(), code);
        Thread t = new Thread(() -> recover(c, code == null ? -1 : code), "crash-recovery");
        t.setDaemon(true);
        t.start();
    }

    int recentCrashes() {
        synchronized (policy) {
            return policy.recentCrashes();
        }
    }

    private void recover(ChildProcess dead, int code) {
        List<String> tail = dead.logTail(Handoff.LOG_TAIL_LINES);
        RestartCoordinator coord = coordinator.get();
        boolean first = true;
        while (!state.stopping()) {
            // a restart already running will produce a serving child (or fail); wait for it first
            coord.completion().ifPresent(CompletableFuture::join);
            if (host.servesOtherThan(dead)) {
                return;
            }
            boolean allowed;
            long delay;
            synchronized (policy) {
                allowed = policy.recordCrash(Instant.now());
                delay = policy.backoffMs();
            }
            if (!allowed) {
                giveUp.accept("the server crashed " + CrashPolicy.BURST + " times within "
                        + CrashPolicy.WINDOW.toMinutes() + " minutes (last: PID " + dead.pid() + ", exit code " + code
                        + "); relaunch stopped retrying. Read " + logFile + ", fix the cause, then run "
                        + "`relaunch start` again");
                return;
            }
            state.set("recovering");
            final boolean firstTry = first;
            OpRecord op = coord.request("crash", new ColdStartStrategy(delay), r -> r
                    .withPidBefore(dead.pid())
                    .withCrash(firstTry ? code : null, firstTry ? tail : List.of(), logFile));
            first = false;
            log.warn("Starting a new server after the crash of PID {} in {} ms (operation {})", dead.pid(), delay,
                    op.opId());
            OpRecord done = coord.completion().map(CompletableFuture::join).orElse(op);
            done = store.find(op.opId()).orElse(done);
            if (done.status() == OpStatus.RESTARTED || done.status() == OpStatus.STARTED_BUT_UNHEALTHY) {
                state.set("running");
                return;
            }
        }
    }
}
