package dev.relaunch.cds;

import dev.relaunch.process.ChildProcesses;
import dev.relaunch.cli.RelaunchJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@link CdsArchive} in the background: a throw-away server on an ephemeral loopback port answers a few
 * requests and exits, and the JVM writes the classes it loaded. Runs at most once per archive key, at low priority
 * where {@code nice} exists, after the real server is ready, so it never delays a start.
 */
public final class CdsTrainer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CdsTrainer.class);
    private final Object lock = new Object();
    private volatile boolean running;
    private Process process;
    private boolean closed;

    /** Starts a training run unless an archive exists or one is already running. Never throws. */
    public void trainIfMissing(CdsArchive cds, Path envFile, Path workDir) {
        if (cds.existing().isPresent() || "0".equals(System.getenv("RELAUNCH_CDS"))) {
            return;
        }
        synchronized (lock) {
            if (running || closed) {
                return;
            }
            running = true;
        }
        try {
            Path tmp = cds.newTemp();
            List<String> cmd = RelaunchJvm.relaunch("serve", "--cds-training", "--env-file", envFile.toString())
                    .lowPriority().withoutUserOptions().jvmOptions(cds.trainingOptions(tmp)).build();
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            ChildProcesses.prepareEnvironment(pb.environment());
            Process p;
            synchronized (lock) {
                p = ChildProcesses.start(pb);
                process = p;
            }
            log.info("Creating the class-data archive for faster restarts in the background (PID {})", p.pid());
            p.onExit().thenRun(() -> {
                boolean ok = p.exitValue() == 0 && cds.install(tmp);
                if (ok) {
                    log.info("Class-data archive ready: {}; restarts start faster from now on", cds.archive());
                } else {
                    log.warn("Could not create the class-data archive (exit code {}); restarts work, just slower",
                            p.exitValue());
                }
                synchronized (lock) {
                    running = false;
                    process = null;
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("Could not start the class-data training run: {}", e.getMessage());
            synchronized (lock) {
                running = false;
            }
        }
    }

    /** Creates the archive now, waiting up to {@code timeoutSeconds}; true when an archive exists afterwards. */
    public boolean trainAndWait(CdsArchive cds, Path envFile, Path workDir, long timeoutSeconds) {
        trainIfMissing(cds, envFile, workDir);
        Process p;
        synchronized (lock) {
            p = process;
        }
        if (p != null) {
            try {
                if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                p.onExit().get(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (running && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // the exit callback installs the archive right after the exit
                }
            } catch (Exception e) {
                return false;
            }
        }
        return cds.existing().isPresent();
    }

    /** Stops a training run in progress (the server is stopping); no new run starts after this. */
    @Override
    public void close() {
        Process p;
        synchronized (lock) {
            closed = true;
            p = process;
        }
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
