package dev.relaunch.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.RestartStrategyName;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.ControlServer;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.json.Json;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.restart.Candidate;
import dev.relaunch.restart.ColdStartStrategy;
import dev.relaunch.restart.Handoff;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.restart.ServerCommand;
import dev.relaunch.restart.ServerHost;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stable main process: spawns server children, copies their output to the terminal and
 * {@code supervisor.log}, serves the control socket and runs restarts. It never loads the web stack.
 */
public final class Supervisor implements ServerHost {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Path envFile;
    private final Config config;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean console;
    private final ObjectMapper mapper = Json.newMapper();
    private final Map<String, ChildProcess> children = new ConcurrentHashMap<>();
    private final CrashPolicy crashes = new CrashPolicy();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Object lock = new Object();
    private final Instant startedAt = Instant.now();
    private final dev.relaunch.restart.CdsTrainer trainer = new dev.relaunch.restart.CdsTrainer();
    private OpStore store;
    private RestartCoordinator coordinator;
    private ControlServer control;
    private ListenerService listeners;
    private OutputStream logSink;
    private volatile ChildProcess current;
    private volatile Standby standby;
    /** Standbys handed a restart that have not picked up their "go" yet, by nonce. */
    private final Map<String, Standby> activated = new ConcurrentHashMap<>();
    private volatile ChildProcess retiring;
    private volatile Integer boundPort;
    private volatile String state = "starting";
    private volatile String stopReason;
    private volatile boolean stopping;
    private final java.util.concurrent.atomic.AtomicBoolean stopStarted = new java.util.concurrent.atomic.AtomicBoolean();
    private final CompletableFuture<Void> stopDone = new CompletableFuture<>();
    private volatile int exitCode;

    public Supervisor(Path envFile, Config config, PrintStream out, PrintStream err, boolean console) {
        this.envFile = envFile;
        this.config = config;
        this.out = out;
        this.err = err;
        this.console = console;
    }

    /** Runs until stopped; returns the process exit code. */
    public int run() {
        try {
            SocketPaths.ownerOnlyDirectory(config.instanceDir());
            Files.createDirectories(config.logsDir());
            Path socket = SocketPaths.forInstance(config.instanceDir());
            SocketPaths.prepare(config.instanceDir(), socket);
            control = new ControlServer(socket, this::handle);
            control.start();
            listeners = new ListenerService(socket.resolveSibling("listen.sock"), children::containsKey);
            if (!listeners.start()) {
                listeners = null;
            }
        } catch (ControlServer.AlreadyServedException e) {
            err.println("error: relaunch is already running for " + config.instanceDir() + " (" + e.getMessage()
                    + "); use `relaunch status` or `relaunch stop`");
            return 1;
        } catch (IOException e) {
            err.println("error: cannot create the control socket in " + config.instanceDir() + ": " + e.getMessage());
            return 1;
        }
        try {
            logSink = new FileOutputStream(config.supervisorLog().toFile(), true);
            Runtime.getRuntime().addShutdownHook(new Thread(this::shutdownFromSignal, "supervisor-shutdown"));
            // the server JVM starts first; the rest of the set-up runs while it boots
            ChildProcess first;
            try {
                first = spawnChild(null, false);
            } catch (IOException e) {
                err.println("error: cannot start the server process: " + e.getMessage());
                return 1;
            }
            writePidFile();
            store = new OpStore(config.opsDir());
            closeInterruptedOperations();
            coordinator = new RestartCoordinator(store, this, this::limits, Clock.systemUTC());
            logMigrateHint();
            if (!startFirstChild(first)) {
                return exitCode;
            }
            state = "running";
            trainer.trainIfMissing(cds(), envFile, config.baseDir());
            afterHandoff(null);
            stopRequested.await();
            return exitCode;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (IOException e) {
            err.println("error: cannot start the supervisor: " + e.getMessage());
            return 1;
        } finally {
            stopEverything();
        }
    }

    private boolean startFirstChild(ChildProcess c) {
        CompletableFuture<Object> first = CompletableFuture.anyOf(c.ready(), c.exit());
        try {
            first.get(config.startupTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            c.kill();
            err.println("error: the server did not become ready within " + config.startupTimeoutMs()
                    + " ms (STARTUP_TIMEOUT_MS); its last lines:");
            c.logTail(Handoff.LOG_TAIL_LINES).forEach(l -> err.println("  " + l));
            exitCode = 1;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            // handled below
        }
        if (!c.ready().isDone()) {
            int code = c.exit().join();
            if (!console) {
                err.println("error: the server exited with code " + code + " during start-up; its last lines:");
                c.logTail(Handoff.LOG_TAIL_LINES).forEach(l -> err.println("  " + l));
            } else {
                err.println("error: the server exited with code " + code + " during start-up (see above)");
            }
            exitCode = code == Handoff.EXIT_CONFIG_INVALID ? 2 : 1;
            return false;
        }
        current = c;
        log.info("relaunch is serving {} (server PID {}, supervisor PID {})", config.url(c.port()), c.pid(),
                ProcessHandle.current().pid());
        return true;
    }

    // ---- ServerHost -------------------------------------------------------------------------------------------

    @Override
    public OptionalLong servingPid() {
        ChildProcess c = current;
        return c != null && c.isAlive() ? OptionalLong.of(c.pid()) : OptionalLong.empty();
    }

    @Override
    public List<String> checkConfiguration() {
        return ConfigLoader.load(envFile, System.getenv()).problems();
    }

    @Override
    public Candidate spawn(String opId) throws IOException {
        Standby s = takeStandby();
        if (s != null) {
            log.info("Activating standby server PID {} for restart {}", s.child().pid(), opId);
            s.child().markActivated();
            s.go().complete(mapper.createObjectNode().put("go", true).put("op_id", opId));
            return s.child();
        }
        return spawnChild(opId, false);
    }

    /** The standby, if it is warm, alive and built from the current class path; it is used at most once. */
    private synchronized Standby takeStandby() {
        Standby s = standby;
        standby = null;
        if (s == null) {
            return null;
        }
        // a standby still warming up is taken too: it skips the rest of its warm-up when it next asks
        if (s.child().isAlive() && s.classPathKey().equals(cds().archive().toString())) {
            activated.put(s.child().nonce(), s);
            s.child().exit().whenComplete((code, e) -> activated.remove(s.child().nonce()));
            return s;
        }
        s.go().complete(mapper.createObjectNode().put("go", false));
        s.child().terminate(ChildProcess.KILL_GRACE_MS);
        return null;
    }

    /** Starts a new standby child when enabled and none is there; runs after each start and restart. */
    private synchronized void prepareStandby() {
        if (stopping || standby != null || !limitsConfig().restartStandby()) {
            return;
        }
        try {
            ChildProcess c = spawnChild(null, true);
            standby = new Standby(c, cds().archive().toString(), new CompletableFuture<>(), new CompletableFuture<>());
        } catch (IOException e) {
            log.warn("Cannot start a standby server ({}); restarts start a new process instead", e.getMessage());
        }
    }

    @Override
    public void afterHandoff(OpRecord finalRecord) {
        if (!stopping) {
            Thread t = new Thread(this::prepareStandby, "standby-spawn");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void promote(Candidate candidate) {
        synchronized (lock) {
            retiring = current;
            current = (ChildProcess) candidate;
        }
    }

    @Override
    public CompletableFuture<Void> retire(long drainTimeoutMs) {
        ChildProcess old;
        synchronized (lock) {
            old = retiring != null ? retiring : (current != null && current.isAlive() ? current : null);
            if (old == current) {
                current = null; // stop-then-start: nothing serves until the new child is promoted
            }
            retiring = null;
        }
        if (old == null) {
            return CompletableFuture.completedFuture(null);
        }
        log.info("Draining server PID {} (up to {} ms)", old.pid(), drainTimeoutMs);
        return old.terminate(drainTimeoutMs + ChildProcess.KILL_GRACE_MS);
    }

    private ChildProcess spawnChild(String opId, boolean asStandby) throws IOException {
        String nonce = HexFormat.of().formatHex(randomBytes());
        ProcessBuilder pb = new ProcessBuilder(ServerCommand.command(envFile, true, cds().childOptions()));
        pb.directory(config.baseDir().toFile());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        ServerCommand.prepareEnvironment(env);
        LaunchContract launch = LaunchContract.supervised(control.path(), nonce, opId, ProcessHandle.current().pid(),
                boundPort, asStandby);
        (listeners == null ? launch : launch.withListenerSocket(listeners.path())).writeTo(env);
        List<OutputStream> sinks = new ArrayList<>();
        if (console) {
            sinks.add(out);
        }
        sinks.add(logSink);
        ChildProcess c = new ChildProcess(pb.start(), nonce, config.supervisorLog().toString(), sinks);
        children.put(nonce, c);
        c.exit().whenComplete((code, e) -> onChildExit(c, code));
        log.info("Started {} PID {}{}", asStandby ? "standby server" : "server process", c.pid(),
                opId == null ? "" : " for restart " + opId);
        return c;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    // ---- crashes ----------------------------------------------------------------------------------------------

    private void onChildExit(ChildProcess c, Integer code) {
        children.remove(c.nonce());
        if (stopping || c != current) {
            return;
        }
        log.warn("Server PID {} exited unexpectedly with code {}", c.pid(), code);
        Thread t = new Thread(() -> recover(c, code == null ? -1 : code), "crash-recovery");
        t.setDaemon(true);
        t.start();
    }

    private void recover(ChildProcess dead, int code) {
        List<String> tail = dead.logTail(Handoff.LOG_TAIL_LINES);
        boolean first = true;
        while (!stopping) {
            // a restart already running will produce a serving child (or fail); wait for it first
            coordinator.completion().ifPresent(CompletableFuture::join);
            ChildProcess now = current;
            if (now != null && now != dead && now.isAlive()) {
                return;
            }
            boolean allowed;
            long delay;
            synchronized (crashes) {
                allowed = crashes.recordCrash(Instant.now());
                delay = crashes.backoffMs();
            }
            if (!allowed) {
                giveUp(dead, code);
                return;
            }
            state = "recovering";
            final int exit = code;
            final boolean firstTry = first;
            OpRecord op = coordinator.request("crash", new ColdStartStrategy(delay), r -> r
                    .withPidBefore(dead.pid())
                    .withCrash(firstTry ? exit : null, firstTry ? tail : List.of(), config.supervisorLog().toString()));
            first = false;
            log.warn("Starting a new server after the crash of PID {} in {} ms (operation {})", dead.pid(), delay,
                    op.opId());
            OpRecord done = coordinator.completion().map(CompletableFuture::join).orElse(op);
            done = store.find(op.opId()).orElse(done);
            if (done.status() == OpStatus.RESTARTED) {
                state = "running";
                return;
            }
        }
    }

    private void giveUp(ChildProcess dead, int code) {
        String reason = "the server crashed " + CrashPolicy.BURST + " times within "
                + CrashPolicy.WINDOW.toMinutes() + " minutes (last: PID " + dead.pid() + ", exit code " + code
                + "); relaunch stopped retrying. Read " + config.supervisorLog() + ", fix the cause, then run "
                + "`relaunch start` again";
        log.error(reason);
        err.println("error: " + reason);
        state = "gave_up";
        stopReason = reason;
        writeStateFile("gave_up", reason);
        exitCode = 3;
        stopRequested.countDown();
    }

    // ---- control socket ---------------------------------------------------------------------------------------

    private JsonNode handle(JsonNode req) throws ControlException {
        String cmd = req.path("cmd").asText();
        switch (cmd) {
            case "ping":
                return mapper.createObjectNode().put("pid", ProcessHandle.current().pid());
            case "ready":
                return ready(req);
            case "standby":
                return standbyWait(req);
            case "status":
                return status();
            case "restart":
                return restart(req.path("requested_by").asText("cli"));
            case "op":
                return mapper.valueToTree(store.find(req.path("op_id").asText(""))
                        .orElseThrow(() -> new ControlException("unknown_op", "no such operation")));
            case "stop":
                log.info("Stop requested by {} over the control socket", req.path("requested_by").asText("cli"));
                requestStop("requested by " + req.path("requested_by").asText("cli"));
                return mapper.createObjectNode().put("stopping", true)
                        .put("pid", ProcessHandle.current().pid());
            default:
                throw new ControlException("unknown_command", "unknown command '" + cmd
                        + "'; use ping, status, restart, op, stop");
        }
    }

    private JsonNode ready(JsonNode req) throws ControlException {
        ChildProcess c = children.get(req.path("nonce").asText(""));
        if (c == null) {
            throw new ControlException("unknown_child", "no child with that nonce");
        }
        int port = req.path("port").asInt();
        if (boundPort == null) {
            boundPort = port;
        }
        c.markReady(port);
        return mapper.createObjectNode().put("ok", true);
    }

    /** A standby child reports it is warm; the answer (go or exit) comes when a restart needs it. */
    private JsonNode standbyWait(JsonNode req) throws ControlException {
        ChildProcess c = children.get(req.path("nonce").asText(""));
        Standby s = activated.get(req.path("nonce").asText(""));
        if (s == null) {
            s = standby;
        }
        if (c == null || s == null || s.child() != c) {
            return mapper.createObjectNode().put("go", false).put("exit", true);
        }
        if (!req.path("wait").asBoolean(true)) {
            return s.go().isDone() ? s.go().join() : mapper.createObjectNode().put("go", false);
        }
        s.waiting().complete(null);
        return s.go().join();
    }

    private JsonNode restart(String by) throws ControlException {
        if (stopping) {
            throw new ControlException("stopping", "relaunch is stopping");
        }
        if ("gave_up".equals(state)) {
            throw new ControlException("gave_up", stopReason);
        }
        OpRecord op = coordinator.request(by);
        ObjectNode n = mapper.createObjectNode();
        n.put("restarting", true);
        n.put("op_id", op.opId());
        n.set("op", mapper.valueToTree(op));
        return n;
    }

    private JsonNode status() {
        ObjectNode n = mapper.createObjectNode();
        n.put("mode", "supervised");
        n.put("state", coordinator != null && coordinator.inProgress().isPresent() ? "restarting" : state);
        n.put("supervisor_pid", ProcessHandle.current().pid());
        n.put("supervisor_started_at", startedAt.toString());
        n.put("env_file", envFile.toString());
        n.put("instance_dir", config.instanceDir().toString());
        n.put("log_file", config.supervisorLog().toString());
        ChildProcess c = current;
        if (c != null && c.isAlive()) {
            ObjectNode child = n.putObject("server");
            child.put("pid", c.pid());
            child.put("started_at", c.startedAt().toString());
            child.put("port", c.port());
            n.put("url", c.port() == null ? null : config.url(c.port()));
        } else {
            n.putNull("server");
            n.putNull("url");
        }
        n.put("recent_crashes", crashes.recentCrashes());
        n.set("in_progress", coordinator == null ? null
                : mapper.valueToTree(coordinator.inProgress().orElse(null)));
        List<OpRecord> last = store == null ? List.of() : store.recent(1);
        n.set("last_op", last.isEmpty() ? null : mapper.valueToTree(last.get(0)));
        if (stopReason != null) {
            n.put("reason", stopReason);
        }
        return n;
    }

    // ---- stopping ---------------------------------------------------------------------------------------------

    private void requestStop(String why) {
        if (stopReason == null) {
            stopReason = why;
        }
        stopRequested.countDown();
    }

    private void shutdownFromSignal() {
        if (!stopping) {
            log.info("Stop requested by a signal (SIGTERM/SIGINT)");
        }
        requestStop("signal");
        stopEverything();
    }

    /**
     * Stops the children (drain, then kill), the socket and the PID file. Idempotent: a second caller (the signal
     * hook while the main thread is already stopping) waits for the first to finish, so the JVM does not exit
     * before the children are gone.
     */
    private void stopEverything() {
        if (!stopStarted.compareAndSet(false, true)) {
            stopDone.join();
            return;
        }
        try {
            doStop();
        } finally {
            stopDone.complete(null);
        }
    }

    private void doStop() {
        stopping = true;
        trainer.close();
        Standby s = standby;
        if (s != null) {
            s.go().complete(mapper.createObjectNode().put("go", false));
        }
        if (!"gave_up".equals(state)) {
            state = "stopping";
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ChildProcess c : children.values()) {
            stops.add(c.terminate(config.drainTimeoutMs() + ChildProcess.KILL_GRACE_MS));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(config.drainTimeoutMs() + 3 * ChildProcess.KILL_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            children.values().forEach(ChildProcess::kill);
        }
        if (coordinator != null) {
            coordinator.close();
        }
        ControlServer cs = control;
        control = null;
        if (cs != null) {
            cs.close();
        }
        if (listeners != null) {
            listeners.close();
        }
        try {
            Files.deleteIfExists(config.instanceDir().resolve("supervisor.pid"));
        } catch (IOException e) {
            log.debug("Cannot delete the PID file: {}", e.getMessage());
        }
        log.info("relaunch stopped ({})", stopReason == null ? "done" : stopReason);
    }

    // ---- files ------------------------------------------------------------------------------------------------

    private void writePidFile() throws IOException {
        dev.relaunch.config.EnvFile.writeAtomically(config.instanceDir().resolve("supervisor.pid"),
                ProcessHandle.current().pid() + "\n");
        Files.deleteIfExists(config.instanceDir().resolve("supervisor.state.json"));
    }

    private void writeStateFile(String st, String reason) {
        try {
            ObjectNode n = mapper.createObjectNode().put("state", st).put("reason", reason)
                    .put("at", Instant.now().toString()).put("supervisor_pid", ProcessHandle.current().pid());
            dev.relaunch.config.EnvFile.writeAtomically(config.instanceDir().resolve("supervisor.state.json"),
                    mapper.writeValueAsString(n));
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot write the state file: {}", e.getMessage());
        }
    }

    /** Operations a crashed supervisor left unfinished are closed as failed, so no record stays "starting". */
    private void closeInterruptedOperations() {
        for (OpRecord op : store.recent(OpStore.KEEP)) {
            if (!op.isFinal()) {
                store.save(op.withError("interrupted", "the supervisor stopped before this restart finished", null,
                        op.logTail(), op.logFile()).withPhase(OpStatus.FAILED, Instant.now()));
            }
        }
    }

    private Config limitsConfig() {
        return ConfigLoader.load(envFile, System.getenv()).config().orElse(config);
    }

    private RestartCoordinator.Limits limits() {
        Config c = limitsConfig();
        // without SO_REUSEPORT (Windows) two processes cannot share the port: stop-then-start, recorded as an outage
        RestartStrategyName strategy = System.getProperty("os.name", "").startsWith("Windows")
                ? RestartStrategyName.STOP_START : c.restartStrategy();
        return new RestartCoordinator.Limits(strategy, c.startupTimeoutMs(), c.drainTimeoutMs());
    }

    private void logMigrateHint() {
        Path p = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
        try {
            if (Files.exists(p) && Files.readString(p).trim().equals("0")) {
                log.info("Hint: net.ipv4.tcp_migrate_req is 0, so a connection queued on the old server at the "
                        + "moment it closes its listener can be reset during a restart. "
                        + "`sudo sysctl -w net.ipv4.tcp_migrate_req=1` (Linux 5.14+) moves them to the new server");
            }
        } catch (IOException e) {
            log.debug("Cannot read {}: {}", p, e.getMessage());
        }
    }

    /** A warmed-up child waiting for the next restart; {@code go} answers its pending {@code standby} request. */
    /** Computed afresh each time: a rebuilt jar gets its own archive key. */
    private dev.relaunch.restart.CdsArchive cds() {
        return new dev.relaunch.restart.CdsArchive(config.instanceDir());
    }

    private record Standby(ChildProcess child, String classPathKey, CompletableFuture<Void> waiting,
                           CompletableFuture<JsonNode> go) {}
}
