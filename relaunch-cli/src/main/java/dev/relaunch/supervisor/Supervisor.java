package dev.relaunch.supervisor;

import dev.relaunch.config.Config;
import dev.relaunch.control.ControlServer;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.cds.CdsTrainer;
import dev.relaunch.faststart.FastStart;
import dev.relaunch.platform.Platforms;
import dev.relaunch.restart.Candidate;
import dev.relaunch.restart.Handoff;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.ReadyWait;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.cli.RelaunchJvm;
import dev.relaunch.watch.WatchOptions;
import dev.relaunch.watch.Watching;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stable main process: starts the app (the built-in server or the user's command) as a child, copies its output
 * to the terminal and {@code supervisor.log}, serves the control socket and runs restarts. It never loads the web
 * stack. This class wires the parts and owns start-up and shutdown; {@link SupervisorHost} owns the children of a
 * restart, {@link StandbySlot} the warm standby, {@link CrashRecovery} crashes, {@link SupervisorEndpoint} the
 * control protocol.
 */
public final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Path envFile;
    private final Config config;
    private final AppCommand app;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean console;
    private final SupervisorState state = new SupervisorState(SystemdNotify.listenerFor(System.getenv()));
    private final InstanceFiles files;
    private final CdsTrainer trainer = new CdsTrainer();
    private final AtomicBoolean stopStarted = new AtomicBoolean();
    private final CompletableFuture<Void> stopDone = new CompletableFuture<>();
    private ChildSpawner spawner;
    private StandbySlot standby;
    private SupervisorHost host;
    private RestartCoordinator coordinator;
    private ControlServer control;
    private ListenerService listeners;
    private CrashRecovery crashes;
    private WatchOptions watchOptions;
    private Watching watching;

    /** Runs the built-in server. */
    public Supervisor(Path envFile, Config config, PrintStream out, PrintStream err, boolean console) {
        this(envFile, config, List.of(), null, out, err, console);
    }

    /**
     * Runs {@code command} (the built-in server when empty); {@code readyUrl} (may be null) tells when an app without
     * the relaunch plugin is ready.
     */
    public Supervisor(Path envFile, Config config, List<String> command, String readyUrl, PrintStream out,
                      PrintStream err, boolean console) {
        this.envFile = envFile;
        this.config = config;
        this.app = command.isEmpty() ? AppCommand.builtIn(envFile, config.instanceDir())
                : AppCommand.user(envFile, command, readyUrl).withFastStart(
                        new FastStart(config.instanceDir().resolve("cds"), Path.of("").toAbsolutePath()));
        this.out = out;
        this.err = err;
        this.console = console;
        this.files = new InstanceFiles(config.instanceDir());
    }

    /** Restarts the app when its code or {@code .env} changes ({@code --watch}); call before {@link #run}. */
    public Supervisor watching(WatchOptions options) {
        this.watchOptions = options;
        return this;
    }

    /** Runs until stopped; returns the process exit code. */
    public int run() {
        OpStore store = new OpStore(config.opsDir());
        Path socket = SocketPaths.forInstance(config.instanceDir());
        try {
            SocketPaths.ownerOnlyDirectory(config.instanceDir());
            Files.createDirectories(config.logsDir());
            SocketPaths.prepare(config.instanceDir(), socket);
            wire(store, socket, new FileOutputStream(config.supervisorLog().toFile(), true));
            control.start();
            startListenerService(socket.resolveSibling("listen.sock"));
        } catch (ControlServer.AlreadyServedException e) {
            err.println("error: relaunch is already running for " + config.instanceDir() + " (" + e.getMessage()
                    + "); use `relaunch status` or `relaunch stop`");
            return 1;
        } catch (IOException e) {
            err.println("error: cannot create the control socket in " + config.instanceDir() + ": " + e.getMessage());
            return 1;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::shutdownFromSignal, "supervisor-shutdown"));
            if (watching != null) {
                watching.watchFiles(); // changes during the first start restart the app once it serves
            }
            OrphanReaper.startIfInit(Platforms.current());
            // the server starts first; the rest of the set-up runs while it boots
            ChildProcess first;
            try {
                first = host.spawnFirst();
            } catch (IOException e) {
                err.println("error: cannot start " + app.describe() + ": " + e.getMessage());
                return 1;
            }
            files.writePid();
            InstanceFiles.closeInterruptedOperations(store);
            if (!startFirstChild(first)) {
                return state.exitCode();
            }
            state.set("running");
            if (app.builtIn()) {
                trainer.trainIfMissing(app.cds(), envFile, config.baseDir());
            }
            host.afterHandoff(null);
            if (watching != null) {
                watching.restartThrough(coordinator);
            }
            state.awaitStopRequest();
            return state.exitCode();
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

    private void wire(OpStore store, Path socket, OutputStream logSink) {
        List<OutputStream> sinks = new ArrayList<>();
        if (console) {
            sinks.add(out);
        }
        sinks.add(logSink);
        // the built-in server runs beside its .env; a user's command where the user typed it (relative paths in it)
        Path workDir = app.builtIn() ? config.baseDir() : Path.of("").toAbsolutePath();
        spawner = new ChildSpawner(workDir, socket, config.supervisorLog().toString(), sinks,
                (c, code) -> {
                    app.exited(c.launch());
                    crashes.childExited(c, code);
                });
        standby = new StandbySlot(app, spawner, () -> host.limitsConfig().restartStandby());
        host = new SupervisorHost(app, envFile, config, spawner, standby, state);
        coordinator = new RestartCoordinator(store, host, host::limits, Clock.systemUTC());
        crashes = new CrashRecovery(state, host, () -> coordinator, store, config.supervisorLog().toString(),
                this::giveUp);
        if (watchOptions != null) {
            watching = new Watching(watchOptions, app.userCommand(), RelaunchJvm.absoluteClassPath(), envFile,
                    workDir, config.instanceDir(), config.logsDir(), host::commandsInUse);
            app.rewriteWith(watching.commandRewrite());
        }
        control = ControlServer.typed(socket, new SupervisorEndpoint(state, host, standby, coordinator, store,
                crashes, config, envFile, app.describe(), state::requestStop, watching));
    }

    /**
     * Offers children the shared listening socket. The service starts in the background (loading its native part
     * takes a moment) while the first child boots; a child that asks before it is up waits for it briefly.
     */
    private void startListenerService(Path path) {
        if (!SharedListener.supported()) {
            return;
        }
        listeners = new ListenerService(path, nonce -> spawner.byNonce(nonce) != null);
        spawner.offerListener(path);
        Thread t = new Thread(() -> {
            if (!listeners.start()) {
                spawner.offerListener(null);
            }
        }, "listener-service-start");
        t.setDaemon(true);
        t.start();
    }

    private boolean startFirstChild(ChildProcess c) {
        ReadyWait.Outcome outcome = ReadyWait.await(c, config.startupTimeoutMs());
        if (outcome == ReadyWait.Outcome.TIMED_OUT) {
            c.kill();
            err.println("error: the server did not become ready within " + config.startupTimeoutMs()
                    + " ms (STARTUP_TIMEOUT_MS); its last lines:");
            c.logTail(Handoff.LOG_TAIL_LINES).forEach(l -> err.println("  " + l));
            state.exitCode(1);
            return false;
        }
        if (outcome == ReadyWait.Outcome.INTERRUPTED) {
            return false;
        }
        if (outcome == ReadyWait.Outcome.EXITED) {
            int code = c.exit().join();
            if (!console) {
                err.println("error: the server exited with code " + code + " during start-up; its last lines:");
                c.logTail(Handoff.LOG_TAIL_LINES).forEach(l -> err.println("  " + l));
            } else {
                err.println("error: the server exited with code " + code + " during start-up (see above)");
            }
            state.exitCode(code == LaunchContract.EXIT_CONFIG_INVALID && app.builtIn() ? 2 : 1);
            return false;
        }
        host.serving(c);
        log.info("relaunch is serving {} (server PID {}, supervisor PID {}; {})", config.url(c.port()), c.pid(),
                ProcessHandle.current().pid(), app.describe());
        return true;
    }

    private void giveUp(String reason) {
        log.error(reason);
        err.println("error: " + reason);
        files.writeState(SupervisorState.GAVE_UP, reason);
        state.giveUp(reason);
    }

    // ---- stopping ---------------------------------------------------------------------------------------------

    private void shutdownFromSignal() {
        if (!state.stopping()) {
            log.info("Stop requested by a signal (SIGTERM/SIGINT)");
        }
        state.requestStop("signal");
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
        state.markStopping();
        if (watching != null) {
            watching.close();
        }
        trainer.close();
        if (standby != null) {
            standby.close();
        }
        List<ChildProcess> children = spawner == null ? List.of() : new ArrayList<>(spawner.all());
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ChildProcess c : children) {
            stops.add(c.terminate(config.drainTimeoutMs() + Candidate.KILL_GRACE_MS));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(config.drainTimeoutMs() + 3 * Candidate.KILL_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            children.forEach(ChildProcess::kill);
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (control != null) {
            control.close();
        }
        if (listeners != null) {
            listeners.close();
        }
        files.deletePid();
        log.info("relaunch stopped ({})", state.stopReason() == null ? "done" : state.stopReason());
    }
}
