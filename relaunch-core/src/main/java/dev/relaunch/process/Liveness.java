package dev.relaunch.process;

import dev.relaunch.platform.Platforms;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one place that answers "is this process still running?". A process that has exited is gone, reaped or not:
 * on Linux a zombie (state {@code Z}, as the {@link dev.relaunch.platform.Platform} reads it) has ended, though
 * {@link ProcessHandle#isAlive()} says true until its parent reaps it — and a parent blocked in a synchronous call (a
 * test harness, an IDE) may never reap it. Every wait for a process in relaunch asks here.
 *
 * <p>A {@link Process} this JVM started is the exception: the JDK reaps it at once, and its own {@code isAlive},
 * {@code onExit} and {@code waitFor} are right and also give its exit code (a zombie's exit code is known only to
 * whoever reaps it). Use those for such a process, and this class for a {@link ProcessHandle} of any other.
 */
public final class Liveness {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relaunch-exit-poller");
        t.setDaemon(true);
        return t;
    });

    private Liveness() {}

    /** Whether the process runs: false once it has exited, reaped or not, or when there is no such process. */
    public static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && !hasExited(process.pid());
    }

    /** Whether a process with this PID runs (see {@link #isRunning(ProcessHandle)}). */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(Liveness::isRunning).orElse(false);
    }

    /**
     * Waits until the process has exited, reaped or not, for at most {@code timeout}. Blocks the calling thread.
     *
     * @return true when it has exited
     */
    public static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return !isRunning(process);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /**
     * Completes once the process has exited, reaped or not. For a child of this JVM that is {@link
     * ProcessHandle#onExit()} (the JDK reaps its children); for any other process the state is polled, since the JDK's
     * own {@code onExit} of a non-child never completes while it is a zombie.
     */
    public static CompletableFuture<Void> onExit(ProcessHandle process) {
        if (isChild(process)) {
            return process.onExit().thenApply(p -> null);
        }
        CompletableFuture<Void> exited = new CompletableFuture<>();
        if (!isRunning(process)) {
            exited.complete(null);
            return exited;
        }
        ScheduledFuture<?> poll = POLLER.scheduleWithFixedDelay(() -> {
            if (!isRunning(process)) {
                exited.complete(null);
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
        exited.whenComplete((v, e) -> poll.cancel(false));
        return exited;
    }

    private static boolean isChild(ProcessHandle process) {
        return process.parent().map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false);
    }

    /** What the operating system says beyond {@link ProcessHandle}: e.g. a Linux zombie has exited. */
    static boolean hasExited(long pid) {
        return Platforms.current().hasExited(pid);
    }
}
