package dev.relaunch.javalin;

import dev.relaunch.config.Config;
import dev.relaunch.config.EnvEditor;
import dev.relaunch.javalin.spi.ExtensionContext;
import dev.relaunch.javalin.spi.RelaunchExtension;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.logs.LogRoutes;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.role.ProcessExit;
import dev.relaunch.role.ProcessRole;
import dev.relaunch.role.ProcessRoles;
import dev.relaunch.role.StandaloneContext;
import dev.relaunch.settings.EnvEditRoutes;
import dev.relaunch.settings.RestartRoutes;
import dev.relaunch.settings.SettingsRoutes;
import dev.relaunch.settings.WatchRoutes;
import dev.relaunch.ui.AssetRoutes;
import dev.relaunch.web.Mount;
import dev.relaunch.web.RequestGuard;
import dev.relaunch.web.SecurityPolicy;
import dev.relaunch.handover.SharedPort;
import io.javalin.config.JavalinState;
import io.javalin.plugin.Plugin;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * relaunch inside a Javalin 7 app: {@code Javalin.create(cfg -> cfg.registerPlugin(new RelaunchPlugin()))}.
 *
 * <p>Under {@link RelaunchPluginConfig#basePath} (default {@code /relaunch}) it serves the UI (Overview, Settings,
 * Restarts, Logs) and the API, only while the app's {@code APP_ENV} is {@code development} or {@code testing}; else
 * every route is absent (404). Its security checks, JSON errors and headers apply to its own routes only: it adds no
 * global handler, header, error page or JSON mapper to the app, and configures no logging.
 *
 * <p>Restarts: run by {@code relaunch start -- <command>}, the app's connector shares its port with the next process
 * (SO_REUSEPORT), reports {@code ready} to the supervisor once Jetty serves, drains on SIGTERM and exits when the
 * supervisor is gone. Started any other way (an IDE, plain {@code java}), Restart Server starts a detached successor
 * with this process's own command line and hands over once it is ready; a successor that fails leaves this process
 * serving.
 */
public final class RelaunchPlugin extends Plugin<RelaunchPluginConfig> {
    private static final Logger log = LoggerFactory.getLogger(RelaunchPlugin.class);
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    private final RelaunchSetup given;
    private final ProcessExit exit = new ProcessExit();
    private volatile InfoRoutes.Binding binding;

    public RelaunchPlugin() {
        this(c -> {});
    }

    public RelaunchPlugin(Consumer<RelaunchPluginConfig> userConfig) {
        this(userConfig, null);
    }

    /**
     * For hosts that read the configuration and choose the process role themselves: relaunch's own built-in server,
     * and the Spring Boot starter, which serves these routes as a servlet inside Spring's web server (Javalin's
     * Jetty never starts, so the starter reports ready and drains itself). Apps use the other constructors.
     */
    public RelaunchPlugin(Consumer<RelaunchPluginConfig> userConfig, RelaunchSetup setup) {
        super(userConfig, new RelaunchPluginConfig());
        this.given = setup;
    }

    @Override
    public void onStart(JavalinState state) {
        String base = basePath(pluginConfig.basePath);
        RelaunchSetup setup = given != null ? given : RelaunchSetup.forApp(pluginConfig.envFile, pluginConfig.logFile);
        LaunchContract launch = LaunchContract.fromEnv(System.getenv());
        setup.disabledReason().ifPresent(why -> log.info("relaunch's routes under {}/ are off: {}", base, why));
        boolean handoff = launch.role() != LaunchContract.Role.NONE || given != null;
        if (!setup.routesEnabled() && !handoff) {
            return; // nothing of relaunch in this app: no route, no change to its server
        }
        Config config = setup.config();
        String healthPath = base + "/api/v1/health";
        OpStore store = new OpStore(config.opsDir());
        ProcessRole role = setup.role() != null ? setup.role()
                : ProcessRoles.choose(launch, standalone(setup, store, healthPath), healthPath, exit);
        // a fixed role is a throw-away run (class-data training): no fault injection there
        List<RelaunchExtension> extensions = setup.routesEnabled() && setup.role() == null ? extensions() : List.of();
        ExtensionContext context = new ExtensionContext(config.appEnv(), setup.settings(), exit);
        extensions.forEach(e -> e.beforeStart(context));

        // relaunch's built-in server applies an inherited port itself; its class-data training run must not take it
        Integer inheritedPort = given == null ? launch.inheritedPort() : null;
        // a throw-away server (class-data training, a standby's warm-up) must never take the app's shared socket
        LaunchContract shareFrom = setup.role() == null ? launch : null;
        state.events.serverStarting(() -> SharedPort.prepare(state.jettyInternal.server, config.drainTimeoutMs(),
                inheritedPort, shareFrom));
        state.events.serverStopping(role::stopping);
        state.events.serverStarted(() -> {
            serving(state.jettyInternal.server, role, config.drainTimeoutMs(), base);
            extensions.forEach(e -> e.serving(context));
        });

        SecurityPolicy policy = new SecurityPolicy(config.allowedHosts(), config.restartToken());
        RequestGuard guard = new RequestGuard(policy, base, setup.logFile() == null ? "the app's log"
                : setup.logFile().toString());
        Mount mount = new Mount(state.routes, base, guard);
        if (!base.isEmpty()) {
            state.routes.before(base + "/*", guard.screening());
        }
        InfoRoutes info = new InfoRoutes(setup.info(), config, role.restarts(), store, guard.tokenRequired(),
                setup.logFile(), () -> binding);
        info.registerHealth(mount);
        if (!setup.routesEnabled()) {
            return;
        }
        info.registerInfo(mount);
        new SettingsRoutes(setup.envView()).register(mount);
        new EnvEditRoutes(setup.envView(), new EnvEditor(setup.envView().envFile(),
                config.instanceDir().resolve("env.lock"))).register(mount);
        new RestartRoutes(role.restarts(), store).register(mount);
        new WatchRoutes(role.restarts()).register(mount);
        new LogRoutes(setup.logFile(), setup.envView()::sensitiveValues).register(mount);
        new AssetRoutes().register(mount, state.router.ignoreTrailingSlashes);
        extensions.forEach(e -> e.routes(mount, context));
    }

    /**
     * Where the app's web server listens, for the Overview tab, when that server is not Javalin's own Jetty (the
     * Spring Boot starter serves these routes as a servlet and calls this once its server has started).
     */
    public void bound(String host, int port) {
        binding = new InfoRoutes.Binding(host, port);
    }

    private static StandaloneContext standalone(RelaunchSetup setup, OpStore store, String healthPath) {
        Config c = setup.config();
        return new StandaloneContext(c.instanceDir(), c.logsDir(), store, setup.envView()::problemsNow,
                () -> new RestartCoordinator.Limits(dev.relaunch.config.RestartStrategyName.BLUE_GREEN,
                        RelaunchSetup.startupTimeoutNow(c), c.drainTimeoutMs()), healthPath, setup.info().startedAt());
    }

    /** Jetty serves: remember where, arm the drain for shutdown, and let the role report ready. */
    private void serving(Server server, ProcessRole role, long drainTimeoutMs, String base) {
        ServerConnector connector = null;
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc && connector == null) {
                connector = sc;
            }
        }
        if (connector == null) {
            log.warn("relaunch found no network connector on this server; restarts need one");
            return;
        }
        String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
        binding = new InfoRoutes.Binding(host, connector.getLocalPort());
        Runnable drain = () -> drain(server, drainTimeoutMs);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            role.stopping();
            drain.run();
        }, "relaunch-drain"));
        if (!base.isEmpty()) {
            log.info("relaunch: {}{}/ ({} mode)", dev.relaunch.config.Config.url(host, binding.port()), base,
                    role.restarts().mode());
        }
        role.serving(binding.port(), drain);
    }

    /** Stops accepting at once and waits for in-flight requests, up to the drain timeout. Blocks. */
    private static void drain(Server server, long drainTimeoutMs) {
        if (server.isStopped() || server.isStopping()) {
            return;
        }
        log.info("Stopping: draining in-flight requests (up to {} ms)", drainTimeoutMs);
        try {
            server.stop();
            log.info("Stopped");
        } catch (Exception e) {
            // Jetty gives up waiting after the stop timeout and closes what is left
            log.warn("Drain did not finish within {} ms (DRAIN_TIMEOUT_MS); remaining connections were closed",
                    drainTimeoutMs);
        }
    }

    private static List<RelaunchExtension> extensions() {
        return ServiceLoader.load(RelaunchExtension.class, RelaunchPlugin.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }

    /** {@code /relaunch}, {@code /admin/relaunch} or {@code ""}; a trailing slash is dropped. */
    static String basePath(String configured) {
        String p = configured == null ? "" : configured.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        if (!BASE_PATH.matcher(p).matches()) {
            throw new IllegalArgumentException("RelaunchPlugin basePath '" + configured + "' is not a plain path; "
                    + "use letters, digits and . _ ~ - in segments, e.g. /relaunch or /admin/relaunch");
        }
        return p;
    }
}
