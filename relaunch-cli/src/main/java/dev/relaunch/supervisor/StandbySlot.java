package dev.relaunch.supervisor;

import dev.relaunch.control.ControlAnswer.Go;
import dev.relaunch.control.ControlRequest;
import dev.relaunch.restart.Candidate;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one warmed-up built-in server waiting for the next restart: it has loaded its classes but not read
 * {@code .env} nor bound the port, so a restart only has to say "go". Used only for the built-in server: a JVM that
 * already ran a user app's {@code main} could not see a new {@code .env}. Thread-safe.
 */
final class StandbySlot {
    private static final Logger log = LoggerFactory.getLogger(StandbySlot.class);

    /** A standby child; {@code go} answers its pending {@code standby} request. */
    private record Standby(ChildProcess child, String classPathKey, CompletableFuture<Go> go) {}

    private final AppCommand app;
    private final ChildSpawner spawner;
    private final BooleanSupplier enabled;
    private Standby standby;
    private boolean closed;
    /** Standbys handed a restart that have not picked up their "go" yet, by nonce. */
    private final Map<String, Standby> activated = new ConcurrentHashMap<>();

    StandbySlot(AppCommand app, ChildSpawner spawner, BooleanSupplier enabled) {
        this.app = app;
        this.spawner = spawner;
        this.enabled = enabled;
    }

    /**
     * The standby, activated for the operation, if it is alive and built from the current class path; it is used at
     * most once. A standby still warming up is taken too: it skips the rest of its warm-up when it next asks.
     */
    synchronized ChildProcess take(String opId) {
        Standby s = standby;
        standby = null;
        if (s == null) {
            return null;
        }
        if (s.child().isAlive() && s.classPathKey().equals(app.cds().archive().toString())) {
            activated.put(s.child().nonce(), s);
            s.child().exit().whenComplete((code, e) -> activated.remove(s.child().nonce()));
            log.info("Activating standby server PID {} for restart {}", s.child().pid(), opId);
            s.child().markActivated();
            s.go().complete(Go.go(opId));
            // the next standby warms up while this one activates: a restart soon after this one finds it further on
            refillInBackground();
            return s.child();
        }
        s.go().complete(Go.EXIT);
        s.child().terminate(Candidate.KILL_GRACE_MS);
        return null;
    }

    /** {@link #refill()} on a new thread: spawning a process takes a moment. */
    void refillInBackground() {
        Thread t = new Thread(this::refill, "standby-spawn");
        t.setDaemon(true);
        t.start();
    }

    /** Starts a new standby when enabled and none is there; runs after each start and restart. */
    synchronized void refill() {
        if (closed || standby != null || !app.builtIn() || !enabled.getAsBoolean()) {
            return;
        }
        try {
            ChildProcess c = spawner.spawn(app.next(), null, true);
            standby = new Standby(c, app.cds().archive().toString(), new CompletableFuture<>());
        } catch (IOException e) {
            log.warn("Cannot start a standby server ({}); restarts start a new process instead", e.getMessage());
        }
    }

    /** Answers a standby's {@code standby} request: now (not waiting), or once a restart takes it or it must exit. */
    Go answer(ControlRequest.Standby req) {
        ChildProcess c = spawner.byNonce(req.nonce());
        Standby s = activated.get(req.nonce());
        if (s == null) {
            synchronized (this) {
                s = standby;
            }
        }
        if (c == null || s == null || s.child() != c) {
            return Go.EXIT;
        }
        if (!req.waitForGo()) {
            return s.go().isDone() ? s.go().join() : Go.NOT_YET;
        }
        return s.go().join();
    }

    /** No standby from now on; a waiting one is told to exit (the supervisor stops the process). */
    synchronized void close() {
        closed = true;
        if (standby != null) {
            standby.go().complete(Go.EXIT);
        }
    }
}
