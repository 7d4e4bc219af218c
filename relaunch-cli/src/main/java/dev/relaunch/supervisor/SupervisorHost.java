package dev.relaunch.supervisor;

import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.Hosts;
import dev.relaunch.config.RestartStrategyName;
import dev.relaunch.control.ControlRequest;
import dev.relaunch.restart.Candidate;
import dev.relaunch.restart.Health;
import dev.relaunch.supervisor.HealthCheck;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.platform.Platform;
import dev.relaunch.platform.Platforms;
import dev.relaunch.process.PortHolder;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.restart.ReusePortHint;
import dev.relaunch.restart.ServerHost;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's side of a restart: which child serves, which one retires, how a new one is started (the standby,
 * or a fresh process), how it is found ready and healthy, and what a failed stop-then-start restores. Thread-safe.
 */
final class SupervisorHost implements ServerHost {
    private static final Logger log = LoggerFactory.getLogger(SupervisorHost.class);
    private static final long STOP_ACCEPTING_POLL_NANOS = 5_000_000L;

    private final AppCommand app;
    private final Path envFile;
    private final Config startConfig;
    private final ChildSpawner spawner;
    private final StandbySlot standby;
    private final SupervisorState state;
    private final Platform platform = Platforms.current();
    private ChildProcess current;
    private ChildProcess retiring;
    /** The child {@link #retire} last told to drain, for {@link #stoppedAccepting}. */
    private volatile ChildProcess lastRetired;
    /** What the last child that served was started with: a failed stop-then-start starts it again. */
    private ChildLaunch lastGood;
    /** A child of this run reported {@code ready} itself: the app has the plugin and can share its port. */
    private volatile boolean reportsReady;

    SupervisorHost(AppCommand app, Path envFile, Config startConfig, ChildSpawner spawner, StandbySlot standby,
                   SupervisorState state) {
        this.app = app;
        this.envFile = envFile;
        this.startConfig = startConfig;
        this.spawner = spawner;
        this.standby = standby;
        this.state = state;
    }

    // ---- who serves ---------------------------------------------------------------------------------------------

    synchronized ChildProcess current() {
        return current;
    }

    synchronized void serving(ChildProcess c) {
        current = c;
        lastGood = c.launch();
    }

    /** The command lines of every live child and of the one a failed stop-then-start would start again. */
    synchronized List<List<String>> commandsInUse() {
        List<List<String>> out = new java.util.ArrayList<>();
        spawner.all().forEach(c -> out.add(c.launch().command()));
        if (lastGood != null) {
            out.add(lastGood.command());
        }
        return out;
    }

    synchronized boolean isServing(ChildProcess c) {
        return c == current;
    }

    synchronized boolean servesOtherThan(ChildProcess dead) {
        return current != null && current != dead && current.isAlive();
    }

    @Override
    public OptionalLong servingPid() {
        ChildProcess c = current();
        return c != null && c.isAlive() ? OptionalLong.of(c.pid()) : OptionalLong.empty();
    }

    @Override
    public synchronized void promote(Candidate candidate) {
        retiring = current;
        serving((ChildProcess) candidate);
    }

    @Override
    public CompletableFuture<Void> retire(long drainTimeoutMs) {
        ChildProcess old;
        synchronized (this) {
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
        lastRetired = old;
        return old.terminate(drainTimeoutMs + Candidate.KILL_GRACE_MS);
    }

    /**
     * Watches the retiring child's open files (and its descendants', for a wrapper script): it has stopped taking
     * connections once it holds no socket listening on its port, be it the shared listener or its own. The sockets are
     * looked up once, before it closes them; where the platform cannot tell, the default applies. So does a restart
     * that moved the app to another port: no visitor of the new port can reach the old server, and a page on the old
     * address learns the outcome only from the old server while it still answers.
     */
    @Override
    public CompletableFuture<Void> stoppedAccepting(CompletableFuture<Void> gone, long fallbackMs) {
        ChildProcess old = lastRetired;
        ChildProcess now = current();
        Integer port = old == null ? null : old.port();
        boolean samePort = port != null && port != 0 && now != null && port.equals(now.port());
        Set<String> sockets = samePort ? PortHolder.listeningInodes(port) : Set.of();
        if (sockets.isEmpty() || !old.holdsAny(sockets)) {
            return ServerHost.super.stoppedAccepting(gone, fallbackMs);
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        gone.whenComplete((r, e) -> closed.complete(null));
        Thread watch = new Thread(() -> {
            while (!closed.isDone()) {
                if (!old.holdsAny(sockets)) {
                    log.debug("Server PID {} stopped accepting", old.pid());
                    closed.complete(null);
                    return;
                }
                LockSupport.parkNanos(STOP_ACCEPTING_POLL_NANOS); // watching another process, not synchronisation
            }
        }, "stop-accepting-" + old.pid());
        watch.setDaemon(true);
        watch.start();
        return closed;
    }

    // ---- starting -----------------------------------------------------------------------------------------------

    /** The first child of this run. */
    ChildProcess spawnFirst() throws IOException {
        return start(app.next(), null);
    }

    @Override
    public Candidate spawn(String opId) throws IOException {
        ChildProcess s = app.builtIn() ? standby.take(opId) : null;
        return s != null ? s : start(app.next(), opId);
    }

    @Override
    public Candidate spawnLastGood(String opId) throws IOException {
        ChildLaunch launch;
        synchronized (this) {
            launch = lastGood;
        }
        if (launch == null) {
            return null;
        }
        Optional<Integer> port = portOf(launch);
        if (port.isPresent() && !PortHolder.isFree(AppCommand.host(launch), port.get())) {
            throw new IOException(new PortConflict(port.get(), PortHolder.of(port.get()).orElse(null)).describe());
        }
        log.info("Starting the previous configuration again for restart {}", opId);
        return start(launch.again(), opId);
    }

    private ChildProcess start(ChildLaunch launch, String opId) throws IOException {
        // an app without the plugin cannot share its port: it is probed only while no other child serves
        boolean probe = !app.builtIn() && servingPid().isEmpty();
        ChildProcess c = spawner.spawn(launch, opId, false);
        if (probe) {
            ReadinessProbe.start(c, app.readyUrl(launch).orElse(null), AppCommand.host(launch),
                    AppCommand.port(launch).orElse(null));
        }
        return c;
    }

    /** A child's {@code ready} report over the control socket. */
    /** The child of this run with that nonce; null when there is none (it exited, or never was this run's). */
    ChildProcess child(String nonce) {
        return spawner.byNonce(nonce);
    }

    boolean reported(ControlRequest.Ready ready) {
        ChildProcess c = spawner.byNonce(ready.nonce());
        if (c == null) {
            return false;
        }
        spawner.portReported(ready.port());
        reportsReady = true;
        c.markReported(ready.port(), ready.healthPath());
        return true;
    }

    // ---- checks -------------------------------------------------------------------------------------------------

    @Override
    public List<String> checkConfiguration() {
        return load().problems();
    }

    @Override
    public Health checkHealth(Candidate candidate, long budgetMs) {
        ChildProcess c = (ChildProcess) candidate;
        String url;
        String hostName = null;
        if (c.reportedReady()) {
            String host = Hosts.bracketed(AppCommand.host(c.launch()));
            url = "http://" + host + ":" + c.port() + c.healthPath();
            hostName = allowedHostName(host);
        } else {
            url = app.readyUrl(c.launch()).orElse(null);
        }
        if (url == null) {
            return Health.HEALTHY; // an app without the plugin and without --ready-url: listening is all we know
        }
        boolean others = servingPid().isPresent() && servingPid().getAsLong() != c.pid();
        try {
            return HealthCheck.check(URI.create(url), hostName, c::isOrOwns, others, budgetMs);
        } catch (IllegalArgumentException e) {
            return Health.unhealthy("invalid health URL " + url + ": " + e.getMessage());
        }
    }

    @Override
    public Optional<PortConflict> awaitPortFree(long timeoutMs) {
        ChildLaunch next = app.next();
        Optional<Integer> port = portOf(next);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        String host = AppCommand.host(next);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!PortHolder.isFree(host, port.get())) {
            Optional<Long> holder = PortHolder.of(port.get());
            boolean sharedListener = spawner.sharesListener() && holder.isPresent()
                    && holder.get() == ProcessHandle.current().pid();
            if (holder.isPresent() && (sharedListener
                    || spawner.all().stream().anyMatch(c -> c.isOrOwns(holder.get())))) {
                // one of ours: the serving child in a blue-green restart, or this supervisor's shared listener
                return Optional.empty();
            }
            if (System.nanoTime() >= deadline) {
                return Optional.of(new PortConflict(port.get(), holder.orElse(null)));
            }
            LockSupport.parkNanos(100_000_000L); // polling another program's socket, not synchronisation
        }
        return Optional.empty();
    }

    /** The port a child of this launch binds: PORT from its environment, or from the built-in server's .env. */
    private Optional<Integer> portOf(ChildLaunch launch) {
        return AppCommand.port(launch);
    }

    /**
     * The Host name a relaunch server (the built-in one, the plugin) accepts: the address itself when ALLOWED_HOSTS
     * lists it (the default list has the loopback names), else the first allowed name. Null: the URL's own.
     */
    private String allowedHostName(String host) {
        List<String> allowed = limitsConfig().allowedHosts();
        return allowed.isEmpty() || allowed.contains(host.toLowerCase(java.util.Locale.ROOT)) ? null : allowed.get(0);
    }

    // ---- configuration ------------------------------------------------------------------------------------------

    ConfigLoader.Loaded load() {
        return app.builtIn() ? ConfigLoader.load(envFile, System.getenv())
                : ConfigLoader.loadForCommand(envFile, System.getenv());
    }

    Config limitsConfig() {
        return load().config().orElse(startConfig);
    }

    /**
     * The limits of the next restart, from the current {@code .env}. Where the platform cannot hand over or share the
     * port (Windows), or for an app that has never reported ready itself (no plugin: it cannot share its port), the
     * restart is stop-then-start, recorded as an outage with the reason.
     */
    RestartCoordinator.Limits limits() {
        Config c = limitsConfig();
        boolean sharesPort = app.builtIn() || reportsReady;
        RestartStrategyName strategy = platform.strategyFor(c.restartStrategy(), sharesPort);
        String why = strategy == c.restartStrategy() ? null : platform.outageReason()
                .orElse("this app does not report ready over the control socket, so it cannot share its port");
        if (strategy == RestartStrategyName.BLUE_GREEN && !spawner.sharesListener()) {
            ReusePortHint.beforeReusePortHandover(); // the children bind the port themselves, side by side
        }
        return new RestartCoordinator.Limits(strategy, c.startupTimeoutMs(), c.drainTimeoutMs(), why);
    }

    @Override
    public void beforeHandoff(OpRecord pending) {
        state.restarting();
    }

    @Override
    public void afterHandoff(OpRecord finalRecord) {
        // after a stop-then-start that could not restore anything, the supervisor runs on and says so
        state.set(servingPid().isPresent() ? "running" : SupervisorState.DOWN);
        if (!state.stopping()) {
            standby.refillInBackground();
        }
    }
}
