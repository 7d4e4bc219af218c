package dev.relaunch.restart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@link CdsArchive} in the background: a throw-away server on an ephemeral loopback port answers a few
 * requests and exits, and the JVM writes the classes it loaded. Runs at most once per archive key, at low priority
 * where {@code nice} exists, after the real server is ready, so it never delays a start.
 */
public final class CdsTrainer {
    private static final Logger log = LoggerFactory.getLogger(CdsTrainer.class);
    private static final Object LOCK = new Object();
    private static boolean running;

    private CdsTrainer() {}

    /** Starts a training run unless an archive exists or one is already running. Never throws. */
    public static void trainIfMissing(CdsArchive cds, Path envFile, Path workDir) {
        if (cds.existing().isPresent() || "0".equals(System.getenv("RELAUNCH_CDS"))) {
            return;
        }
        synchronized (LOCK) {
            if (running) {
                return;
            }
            running = true;
        }
        try {
            Path tmp = cds.newTemp();
            List<String> cmd = new ArrayList<>();
            if (new File("/usr/bin/nice").canExecute()) {
                cmd.addAll(List.of("/usr/bin/nice", "-n", "10"));
            }
            cmd.add(ServerCommand.javaExecutable());
            cmd.addAll(ServerCommand.DEFAULT_JVM_OPTS);
            cmd.addAll(cds.trainingOptions(tmp));
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.relaunch.cli.Main", "serve",
                    "--cds-training", "--env-file", envFile.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            ServerCommand.clearRelaunchVariables(pb.environment());
            Process p = pb.start();
            log.info("Creating the class-data archive for faster restarts in the background (PID {})", p.pid());
            p.onExit().thenRun(() -> {
                boolean ok = p.exitValue() == 0 && cds.install(tmp);
                if (ok) {
                    log.info("Class-data archive ready: {}; restarts start faster from now on", cds.archive());
                } else {
                    log.warn("Could not create the class-data archive (exit code {}); restarts work, just slower",
                            p.exitValue());
                }
                synchronized (LOCK) {
                    running = false;
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("Could not start the class-data training run: {}", e.getMessage());
            synchronized (LOCK) {
                running = false;
            }
        }
    }
}
