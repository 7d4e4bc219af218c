package dev.relaunch.builtin;

import dev.relaunch.handover.SharedListenerClient;
import dev.relaunch.process.Liveness;
import dev.relaunch.role.ProcessExit;
import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.Version;
import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.javalin.RelaunchSetup;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.logging.LogSetup;
import dev.relaunch.cds.CdsArchive;
import dev.relaunch.cds.CdsTrainer;
import dev.relaunch.web.ServerInfo;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process ({@code relaunch serve}): reads {@code .env}, binds the port and serves the built-in server
 * ({@link BuiltInServer}: the plugin at the root). The plugin reports ready to whoever started this process and
 * owns its restarts. Exit codes during start-up tell the restart engine what went wrong: 2 invalid configuration,
 * 3 port unavailable, 1 anything else.
 */
public final class ServerMain {
    private static Logger log;

    private final Path envFile;
    private final PrintStream err;
    private final CdsTrainer trainer = new CdsTrainer();

    public ServerMain(Path envFile, PrintStream err) {
        this.envFile = envFile;
        this.err = err;
    }

    /** The class-data training run; see {@link CdsTraining}. */
    public static int train(Path envFile) {
        return CdsTraining.run(envFile);
    }

    /**
     * A standby server (spawned by the supervisor ahead of time) loads and warms every class it needs, then waits
     * on the control socket for the next restart; only then does it read {@code .env} and bind. Returns false when
     * it is told to exit instead.
     */
    private boolean waitAsStandby(LaunchContract launch) {
        Path socket = launch.controlSocket();
        ProcessHandle.of(launch.launcherPid()).ifPresent(p -> Liveness.onExit(p).thenRun(() ->
                new ProcessExit().halt(0, "the supervisor that started this standby is gone")));
        String nonce = launch.nonce() == null ? "" : launch.nonce();
        try {
            // a restart may already be waiting for this process (restarts in quick succession): then skip the warm-up
            JsonNode early = ControlClient.call(socket, Map.of("cmd", "standby", "nonce", nonce,
                    "wait", false), Duration.ofSeconds(10));
            if (early.path("go").asBoolean(false) || early.path("exit").asBoolean(false)) {
                return early.path("go").asBoolean(false);
            }
            try {
                // a restart that takes this standby while it warms up waits for the warm-up no longer than one request
                CdsTraining.warmUp(envFile, () -> answered(socket, nonce));
                SharedListenerClient.preload();
            } catch (RuntimeException e) {
                // a cold standby is still a valid server; it only starts slower
            }
            JsonNode go = ControlClient.call(socket, Map.of("cmd", "standby", "nonce", nonce,
                    "wait", true), Duration.ofDays(3650));
            return go.path("go").asBoolean(false);
        } catch (IOException | ControlException e) {
            return false;
        }
    }

    /** Whether the supervisor has already answered this standby (go, or exit); asks without waiting. */
    private static boolean answered(Path socket, String nonce) {
        try {
            JsonNode a = ControlClient.call(socket, Map.of("cmd", "standby", "nonce", nonce, "wait", false),
                    Duration.ofSeconds(2));
            return a.path("go").asBoolean(false) || a.path("exit").asBoolean(false);
        } catch (IOException | ControlException e) {
            return false; // the wait below finds out for sure
        }
    }

    /** Starts serving and blocks: the process ends through the plugin's role (handoff, stop, supervisor gone). */
    public int run() {
        Instant activated = null;
        LaunchContract launch = LaunchContract.fromEnv(System.getenv());
        if (launch.role() == LaunchContract.Role.STANDBY) {
            if (!waitAsStandby(launch)) {
                return 0;
            }
            activated = Instant.now();
        }
        ConfigLoader.Loaded loaded = ConfigLoader.load(envFile, System.getenv());
        if (!loaded.ok()) {
            err.println("The configuration is invalid, the server cannot start:");
            loaded.problems().forEach(p -> err.println("  error: " + p));
            err.println("Fix " + envFile.toAbsolutePath().normalize() + " (or the environment) and try again; "
                    + "`relaunch check` lists every problem.");
            return LaunchContract.EXIT_CONFIG_INVALID;
        }
        Config config = loaded.require();
        try {
            SocketPaths.ownerOnlyDirectory(config.instanceDir());
            Files.createDirectories(config.logsDir());
        } catch (IOException e) {
            err.println("ERROR cannot create " + config.logsDir() + ": " + e.getMessage());
            return 1;
        }
        LogSetup.toFile(config.logsDir(), "server.log", true);
        log = LoggerFactory.getLogger(ServerMain.class);

        ServerInfo info = activated == null ? ServerInfo.current(Version.current())
                : new ServerInfo(ProcessHandle.current().pid(), activated, Version.current(),
                        System.getProperty("java.version"));
        Javalin app = BuiltInServer.create(config, RelaunchSetup.forBuiltInServer(config, loaded, info));
        try {
            app.start();
        } catch (RuntimeException e) {
            if (hasCause(e, BindException.class)) {
                log.error("error: cannot bind {}:{}: {} (is another program using the port? change PORT in .env)",
                        config.host(), config.port(), rootMessage(e));
                return LaunchContract.EXIT_PORT_UNAVAILABLE;
            }
            log.error("error: the server failed to start: {}", rootMessage(e), e);
            return 1;
        }
        boolean supervised = launch.supervised();
        log.info("Serving {} (PID {}, {} mode, APP_ENV={})", config.url(app.port()), info.pid(),
                supervised ? "supervised" : "standalone", config.appEnv().label());
        Runtime.getRuntime().addShutdownHook(new Thread(trainer::close, "cds-trainer-stop"));
        if (!supervised) {
            trainer.trainIfMissing(new CdsArchive(config.instanceDir()), config.envFile(), config.baseDir());
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }
}
