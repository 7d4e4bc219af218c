package dev.relaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.logging.LogSetup;
import dev.relaunch.supervisor.Supervisor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The workload of the CLI/supervisor JVM's class-data archive ({@code prepare --train-cli}, which the launcher runs
 * with {@code -XX:ArchiveClassesAtExit}): a supervised built-in server in a throw-away folder, asked for its status
 * over the control socket and stopped again, so this JVM loads what {@code start}, {@code status}, {@code restart}
 * and {@code stop} load, and the archive maps those classes into later CLI and supervisor starts.
 */
final class CliTraining {
    private CliTraining() {}

    /** Runs the round trip in {@code dir} (which holds a valid {@code .env}); false when it did not complete. */
    static boolean run(Path dir, Duration timeout) {
        Path env = dir.resolve(".env");
        ConfigLoader.Loaded loaded = ConfigLoader.load(env, System.getenv());
        if (!loaded.ok()) {
            return false;
        }
        Config config = loaded.require();
        LogSetup.toFile(config.logsDir(), "supervisor.log", false);
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Supervisor supervisor = new Supervisor(env, config, discard, discard, false);
        Thread main = new Thread(supervisor::run, "cli-training-supervisor");
        main.start();
        Path socket = SocketPaths.forInstance(config.instanceDir());
        boolean served = awaitServer(socket, System.nanoTime() + timeout.toNanos());
        try {
            ControlClient.call(socket, Map.of("cmd", "stop", "requested_by", "cli"), Duration.ofSeconds(5));
            main.join(timeout.toMillis());
        } catch (IOException | ControlException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return served && !main.isAlive();
    }

    private static boolean awaitServer(Path socket, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                JsonNode st = ControlClient.call(socket, Map.of("cmd", "status"), Duration.ofSeconds(2));
                if (st.path("server").isObject()) {
                    return true;
                }
            } catch (IOException | ControlException e) {
                // not up yet
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return false;
    }
}
