package dev.relaunch.spring.internal;

import dev.relaunch.launch.LaunchContract;
import dev.relaunch.handover.SharedPort;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jetty.JettyServerCustomizer;

/**
 * Spring Boot's embedded Jetty, prepared exactly as the Javalin plugin prepares its own ({@link SharedPort}): its
 * connector serves the supervisor's shared listening socket (else binds with SO_REUSEPORT), and a stop of the Jetty
 * server is the plugin's drain. Spring Boot calls {@link #customize} once its connectors exist and before they bind.
 */
public final class JettyPortSharing implements JettyServerCustomizer, PortSharing {
    private static final Logger log = LoggerFactory.getLogger(JettyPortSharing.class);

    private final long drainTimeoutMs;
    private final Integer inheritedPort;
    private final LaunchContract shareFrom;
    private volatile Server server;

    /**
     * @param inheritedPort the port every process of this run binds when {@code PORT=0} (from the supervisor), or null
     * @param shareFrom     the launch contract, or null when no supervisor offers a listening socket
     */
    public JettyPortSharing(long drainTimeoutMs, Integer inheritedPort, LaunchContract shareFrom) {
        this.drainTimeoutMs = drainTimeoutMs;
        this.inheritedPort = inheritedPort;
        this.shareFrom = shareFrom;
    }

    @Override
    public void customize(Server jetty) {
        this.server = jetty;
        SharedPort.prepare(jetty, drainTimeoutMs, inheritedPort, shareFrom);
    }

    @Override
    public boolean sharesPort() {
        return server != null;
    }

    @Override
    public boolean bindsBesideSuccessor() {
        return true;
    }

    @Override
    public String whyNot() {
        return "the starter's Jetty customizer did not run (is the app's web server Spring Boot's embedded Jetty?)";
    }

    @Override
    public void drain() {
        Server s = server;
        if (s == null || s.isStopping() || s.isStopped()) {
            return;
        }
        try {
            s.stop(); // SharedPort's listener drains before Jetty stops
        } catch (Exception e) {
            log.warn("Drain did not finish within {} ms (DRAIN_TIMEOUT_MS); remaining connections were closed",
                    drainTimeoutMs);
        }
    }
}
