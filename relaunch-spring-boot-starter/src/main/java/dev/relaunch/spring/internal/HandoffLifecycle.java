package dev.relaunch.spring.internal;

import dev.relaunch.launch.LaunchContract;
import dev.relaunch.process.Liveness;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The process's part in a handoff, tied to Spring's lifecycle. When the web server has started, the Overview tab
 * learns its address ({@link WebServerInitializedEvent}, the app's main server, not a management one). When the
 * application is ready
 * ({@link ApplicationReadyEvent}: the web server serves and every runner has run), the role reports {@code ready}
 * with the health path, but only if the web server shares its port; else the supervisor keeps restarting this app
 * stop-then-start. When the context closes (SIGTERM from the supervisor, or the end of a standalone handoff), the
 * web server drains before Spring's own graceful shutdown and web server stop run: this phase stops just before
 * theirs.
 */
public final class HandoffLifecycle implements ApplicationListener<ApplicationEvent>, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(HandoffLifecycle.class);

    private final RelaunchRuntime runtime;
    private final PortSharing sharing;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();

    public HandoffLifecycle(RelaunchRuntime runtime, PortSharing sharing) {
        this.runtime = runtime;
        this.sharing = sharing;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof WebServerInitializedEvent started
                && started.getApplicationContext().getServerNamespace() == null) {
            String host = started.getApplicationContext().getEnvironment().getProperty("server.address", "0.0.0.0");
            runtime.bound(host, started.getWebServer().getPort());
        } else if (event instanceof ApplicationReadyEvent ready) {
            ready(ready);
        }
    }

    private void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)
                || web.getWebServer() == null) {
            return; // a context without a web server of its own (e.g. a child context)
        }
        if (!reported.compareAndSet(false, true)) {
            return; // ready is reported once per process
        }
        int port = web.getWebServer().getPort();
        LaunchContract launch = runtime.launch();
        if (!sharing.sharesPort()) {
            if (launch.supervised()) {
                log.info("relaunch: {}; restarts of this app are stop-then-start (short outage)",
                        sharing.whyNot());
                watchSupervisor(launch.launcherPid());
            }
            return;
        }
        log.info("relaunch: {}/ on port {} ({} mode)", runtime.basePath(), port, runtime.role().restarts().mode());
        runtime.role().serving(port, sharing::drain);
    }

    /** A child that does not report ready still must not outlive its supervisor (and keep the port). */
    private void watchSupervisor(long supervisorPid) {
        Runnable exit = () -> {
            log.info("The supervisor (PID {}) is gone; stopping this server so no orphan keeps the port",
                    supervisorPid);
            new Thread(() -> System.exit(0), "relaunch-exit").start();
        };
        ProcessHandle.of(supervisorPid).filter(Liveness::isRunning).ifPresentOrElse(
                p -> Liveness.onExit(p).thenRun(exit), exit); // gone already, e.g. stopped while this process started
    }

    @Override
    public void start() {
        running.set(true);
    }

    /** Drains the web server (blocks up to {@code DRAIN_TIMEOUT_MS}); Spring's own stop of the server follows. */
    @Override
    public void stop() {
        if (running.getAndSet(false)) {
            runtime.role().stopping();
            sharing.drain();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}
