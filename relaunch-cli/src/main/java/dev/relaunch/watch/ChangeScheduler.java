package dev.relaunch.watch;

import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.WatchState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a file change restarts the app. The rules:
 * <ul>
 *   <li>a restart starts once no change came for the quiet period: a burst of changes gives one restart;</li>
 *   <li>while a changed file is missing (deleted, not written again), the wait is {@link #MISSING_QUIET_MS} instead:
 *       a build deletes its output before writing it again ({@code mvn compile} deletes a module's classes about
 *       0.5 s before {@code javac} writes them), so a short quiet period cannot split such a build in two;</li>
 *   <li>at most one restart runs at a time; changes seen while one runs give exactly one more after it (none is
 *       lost, none restarts twice);</li>
 *   <li>nothing restarts while paused; resuming restarts once for the changes made meanwhile;</li>
 *   <li>while a build tool says a build runs (at most {@link #BUILD_LIMIT}), changes wait; its success lets them go
 *       after {@link #SETTLE_MS}; its failure keeps them until its next report, and the old version serving;</li>
 *   <li>a failed restart is not tried again: the next change tries again (never a restart loop);</li>
 *   <li>nothing restarts before {@link #start} (the app's first start); changes seen before restart it once then.</li>
 * </ul>
 * No file system and no process here: time comes from the {@link Clock}, delays from {@link Timers}, restarts from
 * the {@link Restarter}, so the rules are tested as they are. Thread-safe.
 */
public final class ChangeScheduler {
    private static final Logger log = LoggerFactory.getLogger(ChangeScheduler.class);
    /** After a build's success, for the last file events of its output to arrive. */
    public static final long SETTLE_MS = 100;
    /**
     * The wait after the last change while a changed file is missing. Measured (bench/bursts): {@code mvn compile}'s
     * gap between deleting a class and writing it again is 0.48-0.6 s on an idle machine.
     */
    public static final long MISSING_QUIET_MS = 2_000;
    /** A build that never reports its end holds restarts no longer than this. */
    public static final Duration BUILD_LIMIT = Duration.ofSeconds(120);

    /** Runs a task after a delay; returns what cancels it. */
    public interface Timers {
        Runnable schedule(Runnable task, long delayMs);
    }

    /** Starts a restart for the given changes. */
    public interface Restarter {
        /**
         * @param changed      the changed files, in the order first seen
         * @param lastChangeAt when the last of them was seen
         */
        Restart restart(List<Path> changed, Instant lastChangeAt);
    }

    /**
     * A restart started or joined.
     *
     * @param includesChanges false when it joined an operation asked for before the changes were seen: the changes
     *                        are then restarted again after it
     * @param done            completes when the operation has ended
     */
    public record Restart(String opId, boolean includesChanges, CompletableFuture<OpRecord> done) {}

    private final Clock clock;
    private final Timers timers;
    private final Restarter restarter;
    private final long quietMs;
    private final Predicate<Path> exists;
    private final Function<Path, String> display;
    private final Set<Path> pending = new LinkedHashSet<>();
    private Instant lastChangeAt;
    private boolean started;
    private boolean paused;
    private boolean restarting;
    private boolean heldByFailedBuild;
    private Instant buildStartedAt;
    private WatchState.Build build;
    private WatchState.LastChange lastChange;
    private Runnable cancelTimer = () -> {};
    private Runnable cancelBuildLimit = () -> {};
    private long generation;

    /**
     * @param exists  whether a changed file is there now (the file system's answer, asked when a change arrives)
     * @param display turns a changed file into the text records and the UI show (relative to the app's folder)
     */
    public ChangeScheduler(Clock clock, Timers timers, Restarter restarter, long quietMs, Predicate<Path> exists,
                           Function<Path, String> display) {
        this.clock = clock;
        this.timers = timers;
        this.restarter = restarter;
        this.quietMs = quietMs;
        this.exists = exists;
        this.display = display;
    }

    /** Files changed (created, written, deleted); the quiet period starts again. */
    public synchronized void changed(Collection<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        pending.addAll(files);
        lastChangeAt = clock.instant();
        arm(quiet());
    }

    /** The wait after the last change: longer while a changed file is missing (a build between delete and write). */
    private long quiet() {
        return pending.stream().anyMatch(exists.negate()) ? Math.max(quietMs, MISSING_QUIET_MS) : quietMs;
    }

    /** The app serves: from now on changes restart it (once at once for changes seen meanwhile). */
    public synchronized void start() {
        started = true;
        arm(0);
    }

    public synchronized void pause() {
        paused = true;
        cancelTimer.run();
    }

    public synchronized void resume() {
        paused = false;
        arm(quiet());
    }

    /** A build tool's report: {@code started}, {@code succeeded} or {@code failed}. */
    public synchronized void build(String phase, String message, List<String> logTail) {
        Instant now = clock.instant();
        build = new WatchState.Build(phase, now.toString(), message, logTail);
        cancelBuildLimit.run();
        switch (phase) {
            case "started" -> {
                buildStartedAt = now;
                heldByFailedBuild = false;
                cancelTimer.run();
                cancelBuildLimit = timers.schedule(() -> buildLimitReached(now), BUILD_LIMIT.toMillis());
            }
            case "succeeded" -> {
                buildStartedAt = null;
                heldByFailedBuild = false;
                arm(SETTLE_MS);
            }
            case "failed" -> {
                buildStartedAt = null;
                heldByFailedBuild = true;
                cancelTimer.run();
            }
            default -> throw new IllegalArgumentException("unknown build phase " + phase);
        }
    }

    private synchronized void buildLimitReached(Instant startedAt) {
        if (startedAt.equals(buildStartedAt)) {
            log.warn("The build started at {} did not report its end within {} s: changes restart the app again",
                    startedAt, BUILD_LIMIT.toSeconds());
            buildStartedAt = null;
            arm(0);
        }
    }

    /** Starts the quiet period (again); the timer does nothing when a restart may not start when it fires. */
    private void arm(long delayMs) {
        cancelTimer.run();
        if (!mayRestart()) {
            return;
        }
        long gen = ++generation;
        cancelTimer = timers.schedule(() -> fire(gen), Math.max(0, delayMs));
    }

    private boolean mayRestart() {
        return started && !pending.isEmpty() && !paused && !restarting && buildStartedAt == null && !heldByFailedBuild;
    }

    private synchronized void fire(long gen) {
        if (gen != generation || !mayRestart()) {
            return;
        }
        List<Path> changes = new ArrayList<>(pending);
        Instant at = lastChangeAt;
        pending.clear();
        restarting = true;
        Restart r;
        try {
            r = restarter.restart(changes, at);
        } catch (RuntimeException e) {
            // the supervisor cannot restart now (stopping, gave up): keep the changes for the next chance
            log.warn("Cannot restart after the change: {}", e.getMessage());
            restarting = false;
            requeue(changes);
            return;
        }
        lastChange = new WatchState.LastChange(at.toString(), shown(changes), changes.size(), r.opId());
        r.done().whenComplete((op, e) -> finished(r, changes));
    }

    private synchronized void finished(Restart r, List<Path> changes) {
        restarting = false;
        if (!r.includesChanges()) {
            requeue(changes);
        }
        if (lastChangeAt != null) {
            long sinceLast = Duration.between(lastChangeAt, clock.instant()).toMillis();
            arm(quiet() - sinceLast);
        }
    }

    /** Puts changes back before the ones seen since. */
    private void requeue(List<Path> changes) {
        Set<Path> all = new LinkedHashSet<>(changes);
        all.addAll(pending);
        pending.clear();
        pending.addAll(all);
    }

    /** What the status shows; {@code enabled}, paths and quiet period are added by the caller. */
    public synchronized WatchState state(List<String> paths) {
        OpRecord.Changes p = pending.isEmpty() ? null : changes(new ArrayList<>(pending));
        return new WatchState(true, paused, paths, quietMs, p, lastChange, build);
    }

    /** The changes as an operation records them: the first few, shown, and how many. */
    public OpRecord.Changes changes(List<Path> files) {
        return new OpRecord.Changes(shown(files), files.size());
    }

    private List<String> shown(List<Path> files) {
        return files.stream().limit(OpRecord.Changes.MAX_PATHS).map(display).toList();
    }
}
