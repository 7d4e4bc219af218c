package dev.relaunch.spring.internal;

import dev.relaunch.config.Config;
import dev.relaunch.config.RestartStrategyName;
import dev.relaunch.javalin.RelaunchPlugin;
import dev.relaunch.javalin.RelaunchSetup;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.role.ProcessExit;
import dev.relaunch.role.ProcessRole;
import dev.relaunch.role.ProcessRoles;
import dev.relaunch.role.StandaloneContext;
import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServlet;
import jakarta.servlet.http.HttpServlet;

/**
 * relaunch inside one Spring Boot process: the app's settings ({@link RelaunchSetup}, the same as the Javalin
 * plugin's), the process role chosen from the launch contract (a supervisor's child, or standalone), and the
 * plugin's routes as a servlet. Built once, when the starter is on.
 */
public final class RelaunchRuntime {
    private final String basePath;
    private final LaunchContract launch;
    private final ProcessRole role;
    private final ProcessExit exit = new ProcessExit();
    private final RelaunchPlugin plugin;

    /**
     * @param basePath normalized ({@link BasePath})
     * @param read     the app's settings, {@link RelaunchSetup#forApp}
     * @param launch   the launch contract from the environment
     * @param sharing  the app's web server: without a supervisor, a server that cannot bind beside a successor
     *                 (Tomcat) gets no standalone restart, and the API says why
     */
    public RelaunchRuntime(String basePath, RelaunchSetup read, LaunchContract launch, PortSharing sharing) {
        this.basePath = basePath;
        this.launch = launch;
        Config config = read.config();
        String health = healthPath();
        ProcessRole chosen;
        if (!launch.supervised() && !sharing.bindsBesideSuccessor()) {
            chosen = ProcessRole.inert("standalone", sharing.whyNot());
        } else {
            OpStore store = new OpStore(config.opsDir());
            StandaloneContext standalone = new StandaloneContext(config.instanceDir(), config.logsDir(), store,
                    read.envView()::problemsNow, () -> new RestartCoordinator.Limits(RestartStrategyName.BLUE_GREEN,
                    config.startupTimeoutMs(), config.drainTimeoutMs()), health, read.info().startedAt());
            chosen = ProcessRoles.choose(launch, standalone, health, exit);
        }
        this.role = chosen;
        this.plugin = new RelaunchPlugin(c -> c.basePath = basePath, read.withRole(chosen));
    }

    public String basePath() {
        return basePath;
    }

    /** Where the health route answers ({@code {basePath}/api/v1/health}), for the ready report. */
    public String healthPath() {
        return basePath + "/api/v1/health";
    }

    /** The app's web server listens here (for the Overview tab). */
    public void bound(String host, int port) {
        plugin.bound(host, port);
    }

    public LaunchContract launch() {
        return launch;
    }

    public ProcessRole role() {
        return role;
    }

    /**
     * The Javalin plugin's routes (UI and API under the base path) as a plain servlet: Javalin's own Jetty is never
     * started, the app's web server (Jetty or Tomcat) serves them. Map it at {@code {basePath}/*}; call once.
     */
    public HttpServlet servlet() {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.startupWatcherEnabled = false; // Javalin's server never starts here, by design
            cfg.startup.showJavalinBanner = false;
            cfg.registerPlugin(plugin);
        });
        // JavalinServlet, not app.javalinServlet(): the latter is Jetty's WebSocket servlet when Jetty is present
        return new JavalinServlet(app.unsafe);
    }
}
