package dev.relaunch.maven;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The supervisor process {@code relaunch:run} started, stopped with its app when Maven ends (Ctrl-C sends SIGINT to
 * Maven; a terminal also sends it to the supervisor, a {@code kill -INT} of Maven alone does not) or when
 * {@link #close} is called: SIGTERM, then after a grace period a forced kill of it and every process it started.
 */
final class Supervised implements AutoCloseable {
    private static final long GRACE_SECONDS = 30;

    private final Process process;
    private final Thread shutdownHook;
    private volatile boolean stopRequested;

    private Supervised(Process process) {
        this.process = process;
        this.shutdownHook = new Thread(this::stop, "relaunch-stop");
    }

    static Supervised start(ProcessBuilder pb) throws IOException {
        Supervised s = new Supervised(pb.redirectInput(ProcessBuilder.Redirect.PIPE).start());
        s.process.getOutputStream().close(); // no input: the app reads end-of-file, never Maven's terminal
        Runtime.getRuntime().addShutdownHook(s.shutdownHook);
        return s;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Whether Maven's end or {@link #close} stopped it (then its exit code says nothing about the app). */
    boolean stoppedOnRequest() {
        return stopRequested;
    }

    private void stop() {
        stopRequested = true;
        // the app is the supervisor's child: once the supervisor is gone it is no longer its descendant
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle p : tree) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.onExit().get(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // a process that cannot be reaped in time is past saving; Maven is ending anyway
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Maven is ending: the hook runs (or ran) anyway
        }
    }
}
