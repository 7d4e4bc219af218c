package dev.relaunch.watch;

import dev.relaunch.control.ControlRequest;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.restart.WatchState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restart on change ({@code relaunch start --watch}): watches the app's code and {@code .env}, and restarts through
 * the supervisor's {@link RestartCoordinator} as {@code requested_by: watch}, with the changed files in the record.
 * Says on the console what changed and how the restart ended. The rules of when live in {@link ChangeScheduler}.
 */
public final class Watching implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watching.class);
    /** Lines of a failed start shown on the console (the op record has more). */
    private static final int CONSOLE_TAIL = 12;

    private final List<Path> roots;
    private final Path workDir;
    private final Set<Path> excluded;
    private final long quietMs;
    private final WatchOptions options;
    private final CodeSnapshots snapshots;
    private final boolean userCommand;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watch-timer");
        t.setDaemon(true);
        return t;
    });
    private final ChangeScheduler scheduler;
    private PathWatcher watcher;
    private volatile RestartCoordinator coordinator;
    private volatile boolean closed;

    /**
     * @param command       the user's command; empty for the built-in server
     * @param ownClassPath  the built-in server's class path
     * @param workDir       the folder the app runs in
     * @param instanceDir   relaunch's runtime folder: never watched; copies of the code go there
     * @param logsDir       never watched either
     * @param commandsInUse the command lines of running children and of the one a rollback would start, so their
     *                      copies of the code are kept
     */
    public Watching(WatchOptions options, List<String> command, String ownClassPath, Path envFile, Path workDir,
                    Path instanceDir, Path logsDir, Supplier<Collection<List<String>>> commandsInUse) {
        Set<Path> all = new LinkedHashSet<>(WatchTargets.defaults(command, ownClassPath, System.getenv("CLASSPATH"),
                envFile, workDir));
        options.extraPaths().forEach(p -> all.add(p.toAbsolutePath().normalize()));
        this.roots = new ArrayList<>(all);
        this.workDir = workDir;
        this.excluded = new LinkedHashSet<>(List.of(instanceDir.toAbsolutePath().normalize(),
                logsDir.toAbsolutePath().normalize()));
        this.quietMs = options.quietMs();
        this.options = options;
        this.userCommand = !command.isEmpty();
        this.snapshots = new CodeSnapshots(instanceDir.toAbsolutePath().resolve("watch").resolve("code"), workDir,
                commandsInUse);
        this.scheduler = new ChangeScheduler(Clock.systemUTC(), (task, delayMs) -> {
            var f = timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }, this::restart, quietMs, Files::exists, this::display);
    }

    /**
     * How each start of the user's command is changed: its code runs from a copy ({@link CodeSnapshots}). The
     * built-in server runs as it is.
     */
    public UnaryOperator<List<String>> commandRewrite() {
        return userCommand ? snapshots::apply : UnaryOperator.identity();
    }

    /**
     * Starts watching files; changes are kept until {@link #restartThrough} (the app's first start may still run).
     */
    public synchronized void watchFiles() throws IOException {
        snapshots.clear();
        watcher = new PathWatcher(roots, workDir, p -> excluded.stream().anyMatch(p::startsWith),
                scheduler::changed);
        watcher.start();
        log.info("Watching for changes (restart {} ms after the last one): {}", quietMs, String.join(", ",
                paths()));
        if (roots.size() == 1 && options.extraPaths().isEmpty()) {
            log.warn("Only .env is watched: the command names no class-path folder, jar or source file of its own "
                    + "(it is not `java -cp …`, `java -jar …` or `java App.java`); add your code with --watch-path");
        }
    }

    /** The app serves: changes from now on restart it through {@code restarts}. */
    public void restartThrough(RestartCoordinator restarts) {
        this.coordinator = restarts;
        scheduler.start();
    }

    private List<String> paths() {
        return roots.stream().map(this::display).toList();
    }

    private String display(Path p) {
        return WatchTargets.display(p, workDir);
    }

    /** The state for {@code status}, the plugin's info and the UI. */
    public WatchState state() {
        return scheduler.state(paths());
    }

    /** {@code watch pause|resume} on the control socket. */
    public WatchState answer(ControlRequest.Watch request) {
        if (request.pause()) {
            scheduler.pause();
            log.info("Watching paused: changes wait until it is resumed");
        } else {
            scheduler.resume();
            log.info("Watching resumed");
        }
        return state();
    }

    /** {@code build} on the control socket: a build tool's report. */
    public void answer(ControlRequest.Build request) {
        if (request.phase().equals("failed")) {
            log.warn("The build failed{}: the old version keeps serving; the next successful build restarts",
                    request.message() == null ? "" : " (" + request.message() + ")");
        } else {
            log.info("Build {}", request.phase());
        }
        scheduler.build(request.phase(), request.message(), request.logTail());
    }

    private ChangeScheduler.Restart restart(List<Path> changed, Instant lastChangeAt) {
        if (closed) {
            throw new IllegalStateException("relaunch is stopping");
        }
        OpRecord.Changes changes = scheduler.changes(changed);
        String what = describe(changes);
        Optional<OpRecord> last = coordinator.last();
        if (coordinator.inProgress().isEmpty() && last.isPresent()
                && Instant.parse(last.get().requestedAt()).isAfter(lastChangeAt)) {
            // e.g. "Save and restart" in the Settings tab: the restart it asked for already read the change
            log.info("Change in {}: already applied by restart {}", what, last.get().opId());
            return new ChangeScheduler.Restart(last.get().opId(), true, CompletableFuture.completedFuture(last.get()));
        }
        log.info("Change in {}: restarting", what);
        RestartCoordinator.Started s = coordinator.start("watch", op -> op.withChanges(changes));
        boolean includes = !Instant.parse(s.op().requestedAt()).isBefore(lastChangeAt);
        if (!includes) {
            log.info("A restart asked for before the change runs ({}); another follows it", s.op().opId());
        }
        CompletableFuture<OpRecord> done = s.done() == null ? CompletableFuture.completedFuture(s.op()) : s.done();
        done.whenComplete((op, e) -> {
            if (op != null && includes) {
                report(what, op);
            }
        });
        return new ChangeScheduler.Restart(s.op().opId(), includes, done);
    }

    private static void report(String what, OpRecord op) {
        if (op.status() == OpStatus.RESTARTED) {
            log.info("Restarted after a change in {}: PID {} -> {} in {} ms", what, op.pidBefore(), op.pidAfter(),
                    op.durationMs());
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Restart after a change in ").append(what).append(" ").append(op.status().label());
        if (op.error() != null) {
            sb.append(" (").append(op.error().code()).append(": ").append(op.error().message()).append(")");
        }
        if (op.rolledBack()) {
            sb.append("; the previous version serves again as PID ").append(op.rollbackPid());
        } else if (op.outage()) {
            sb.append("; the previous version could not be started again: nothing serves (see relaunch status)");
        } else if (op.pidBefore() != null) {
            sb.append("; the old version keeps serving (PID ").append(op.pidBefore()).append(")");
        }
        sb.append("; the next change tries again");
        List<String> tail = op.logTail();
        if (!tail.isEmpty()) {
            sb.append(". The new process's last lines:");
            tail.subList(Math.max(0, tail.size() - CONSOLE_TAIL), tail.size())
                    .forEach(l -> sb.append(System.lineSeparator()).append("    ").append(l));
        }
        log.warn(sb.toString());
    }

    /** "Greeting.class (+2 more)". */
    static String describe(OpRecord.Changes changes) {
        String first = changes.paths().isEmpty() ? "?" : Path.of(changes.paths().get(0)).getFileName().toString();
        return changes.count() > 1 ? first + " (+" + (changes.count() - 1) + " more)" : first;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        timer.shutdownNow();
    }
}
