package dev.relaunch.javalin.spi;

import java.util.Optional;

/**
 * An orchestrator that restarts the app and holds its settings instead of this process (e.g. Kubernetes, which restarts
 * a Deployment and keeps configuration in ConfigMaps). Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.relaunch.javalin.spi.OrchestratorProvider}) while the plugin's routes exist; the first one
 * that {@link #detect detects} its orchestrator replaces the plugin's own restart and settings routes.
 */
public interface OrchestratorProvider {
    /**
     * The orchestrator this process runs under, or empty when it does not. Called once, at start-up, on the starting thread.
     * Must be cheap when the answer is empty: read the environment, load nothing of a client library.
     */
    Optional<Orchestrator> detect(OrchestratorContext context);
}
