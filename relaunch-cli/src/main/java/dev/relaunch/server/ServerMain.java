package dev.relaunch.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relaunch.Version;
import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.ControlServer;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.json.Json;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.logging.LogSetup;
import dev.relaunch.restart.Handoff;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.restart.RestartService;
import dev.relaunch.restart.ServerCommand;
import dev.relaunch.settings.EnvView;
import dev.relaunch.web.ServerInfo;
import dev.relaunch.web.WebServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process ({@code relaunch serve}): reads {@code .env}, binds the port, serves, and reports ready to
 * whoever started it. Exit codes during start-up tell the restart engine what went wrong: 2 invalid configuration,
 * 3 port unavailable, 1 anything else.
 */
public final class ServerMain {
    private static Logger log;

    private final Path envFile;
    private final PrintStream err;
    private final ObjectMapper mapper = Json.newMapper();
    private volatile ControlServer control;
    private final dev.relaunch.restart.CdsTrainer trainer = new dev.relaunch.restart.CdsTrainer();
    private Path instanceDir;

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
        ProcessHandle.of(launch.launcherPid()).ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        String nonce = launch.nonce() == null ? "" : launch.nonce();
        try {
            // a restart may already be waiting for this process (restarts in quick succession): then skip the warm-up
            JsonNode early = ControlClient.call(socket, Map.of("cmd", "standby", "nonce", nonce,
                    "wait", false), Duration.ofSeconds(10));
            if (early.path("go").asBoolean(false) || early.path("exit").asBoolean(false)) {
                return early.path("go").asBoolean(false);
            }
            try {
                CdsTraining.warmUp(envFile);
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

    /** Starts serving and blocks until the process exits (it ends with System.exit). */
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
            return Handoff.EXIT_CONFIG_INVALID;
        }
        Config config = loaded.require();
        instanceDir = config.instanceDir();
        try {
            SocketPaths.ownerOnlyDirectory(config.instanceDir());
            Files.createDirectories(config.logsDir());
        } catch (IOException e) {
            err.println("ERROR cannot create " + config.logsDir() + ": " + e.getMessage());
            return 1;
        }
        LogSetup.toFile(config.logsDir(), "server.log", true);
        log = LoggerFactory.getLogger(ServerMain.class);

        boolean supervised = launch.supervised();
        Path reportTo = launch.controlSocket();
        String nonce = launch.nonce();
        OpStore store = new OpStore(config.opsDir());
        ServerInfo info = activated == null ? ServerInfo.current(Version.current())
                : new ServerInfo(ProcessHandle.current().pid(), activated, Version.current(),
                        System.getProperty("java.version"));
        Path ownSocket = SocketPaths.forInstance(config.instanceDir());

        RestartService restarts;
        StandaloneHost host = null;
        RestartCoordinator coordinator = null;
        if (supervised) {
            long sup = launch.launcherPid();
            restarts = new SupervisedRestarts(reportTo, sup);
            ProcessHandle.of(sup).ifPresent(p -> p.onExit().thenRun(() -> {
                log.warn("The supervisor (PID {}) is gone; stopping this server so no orphan keeps the port", sup);
                System.exit(0);
            }));
        } else {
            host = new StandaloneHost(config, ownSocket);
            StandaloneHost h = host;
            coordinator = new RestartCoordinator(store, host, () -> new RestartCoordinator.Limits(
                    dev.relaunch.config.RestartStrategyName.BLUE_GREEN,
                    ConfigLoader.load(envFile, System.getenv()).config().orElse(config).startupTimeoutMs(),
                    config.drainTimeoutMs()), Clock.systemUTC());
            restarts = new LocalRestarts(coordinator);
        }
        EnvView view = new EnvView(config.envFile(), loaded.settings(), loaded.file().values(), config.sensitivity());
        dev.relaunch.testing.TestHooks hooks = new dev.relaunch.testing.TestHooks(config, loaded.settings());
        hooks.beforeStart();
        WebServer web = new WebServer(config, info, view, restarts, store, hooks);
        try {
            web.start();
        } catch (RuntimeException e) {
            if (hasCause(e, BindException.class)) {
                log.error("error: cannot bind {}:{}: {} (is another program using the port? change PORT in .env)",
                        config.host(), config.port(), rootMessage(e));
                return Handoff.EXIT_PORT_UNAVAILABLE;
            }
            log.error("error: the server failed to start: {}", rootMessage(e), e);
            return 1;
        }
        log.info("Serving {} (PID {}, {} mode, APP_ENV={})", config.url(web.port()), info.pid(), restarts.mode(),
                config.appEnv().label());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping: draining in-flight requests (up to {} ms)", config.drainTimeoutMs());
            trainer.close();
            web.stop();
            closeControl();
            log.info("Stopped");
        }, "server-shutdown"));

        if (supervised) {
            if (!report(reportTo, nonce, web.port())) {
                return 1;
            }
        } else {
            final RestartCoordinator coord = coordinator;
            host.attach(web, this::closeControl);
            if (launch.role() == LaunchContract.Role.SUCCESSOR) {
                if (!report(reportTo, nonce, web.port())) {
                    return 1;
                }
                takeOverAfter(launch.launcherPid(), launch.opId(), store, ownSocket, host, coord);
            } else {
                serveControl(ownSocket, host, coord, store);
            }
        }
        hooks.afterReady();
        if (!supervised) {
            trainer.trainIfMissing(new dev.relaunch.restart.CdsArchive(config.instanceDir()), config.envFile(),
                    config.baseDir());
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private boolean report(Path socket, String nonce, int port) {
        try {
            ControlClient.call(socket, Map.of("cmd", "ready", "nonce", nonce == null ? "" : nonce,
                    "pid", ProcessHandle.current().pid(), "port", port), Duration.ofSeconds(10));
            return true;
        } catch (IOException | ControlException e) {
            log.error("error: cannot report ready to {}: {}", socket, e.getMessage());
            return false;
        }
    }

    /** A standalone successor: once the predecessor has exited, finish its record and own the control socket. */
    private void takeOverAfter(long predecessorPid, String opId, OpStore store, Path socket, StandaloneHost host,
                               RestartCoordinator coord) {
        Runnable takeOver = () -> {
            if (opId != null) {
                store.find(opId).filter(op -> !op.isFinal()).ifPresent(op -> store.save(op
                        .withPidAfter(ProcessHandle.current().pid())
                        .withPhase(OpStatus.RESTARTED, Instant.now())));
            }
            serveControl(socket, host, coord, store);
        };
        ProcessHandle.of(predecessorPid).ifPresentOrElse(p -> p.onExit().thenRun(takeOver), takeOver);
    }

    private void serveControl(Path socket, StandaloneHost host, RestartCoordinator coord, OpStore store) {
        try {
            SocketPaths.prepare(instanceDir, socket);
            ControlServer cs = new ControlServer(socket, req -> handle(req, host, coord, store));
            cs.start();
            control = cs;
            writePid(instanceDir);
        } catch (IOException e) {
            log.warn("No control socket for this standalone server ({}); `relaunch stop/restart` will not reach it,"
                    + " the web API still works", e.getMessage());
        }
    }

    private static void writePid(Path dir) {
        try {
            dev.relaunch.config.EnvFile.writeAtomically(dir.resolve("server.pid"),
                    ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            log.debug("Cannot write server.pid: {}", e.getMessage());
        }
    }

    private JsonNode handle(JsonNode req, StandaloneHost host, RestartCoordinator coord, OpStore store)
            throws ControlException {
        String cmd = req.path("cmd").asText();
        switch (cmd) {
            case "ping":
                return mapper.createObjectNode().put("pid", ProcessHandle.current().pid());
            case "ready":
                if (!host.markReady(req.path("nonce").asText(""), req.path("port").asInt())) {
                    throw new ControlException("unknown_child", "no successor with that nonce");
                }
                return mapper.createObjectNode().put("ok", true);
            case "restart": {
                OpRecord op = coord.request(req.path("requested_by").asText("cli"));
                ObjectNode n = mapper.createObjectNode().put("restarting", true).put("op_id", op.opId());
                n.set("op", mapper.valueToTree(op));
                return n;
            }
            case "op":
                return mapper.valueToTree(store.find(req.path("op_id").asText(""))
                        .orElseThrow(() -> new ControlException("unknown_op", "no such operation")));
            case "status": {
                ObjectNode n = mapper.createObjectNode();
                n.put("mode", "standalone");
                n.put("state", coord.inProgress().isPresent() ? "restarting" : "running");
                n.putNull("supervisor_pid");
                ObjectNode s = n.putObject("server");
                s.put("pid", ProcessHandle.current().pid());
                s.put("started_at", ServerInfo.current(Version.current()).startedAt().toString());
                n.set("in_progress", mapper.valueToTree(coord.inProgress().orElse(null)));
                List<OpRecord> last = store.recent(1);
                n.set("last_op", last.isEmpty() ? null : mapper.valueToTree(last.get(0)));
                return n;
            }
            case "stop": {
                log.info("Stop requested by {} over the control socket", req.path("requested_by").asText("cli"));
                Thread t = new Thread(() -> System.exit(0), "stop");
                t.start();
                return mapper.createObjectNode().put("stopping", true).put("pid", ProcessHandle.current().pid());
            }
            default:
                throw new ControlException("unknown_command", "unknown command '" + cmd + "'");
        }
    }

    private void closeControl() {
        ControlServer cs = control;
        control = null;
        if (cs != null) {
            cs.close();
        }
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
