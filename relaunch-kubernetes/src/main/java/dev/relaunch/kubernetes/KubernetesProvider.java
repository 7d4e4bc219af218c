package dev.relaunch.kubernetes;

import dev.relaunch.javalin.spi.Orchestrator;
import dev.relaunch.javalin.spi.OrchestratorContext;
import dev.relaunch.javalin.spi.OrchestratorProvider;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Found by the plugin through {@link java.util.ServiceLoader}. Outside a cluster it reads two environment variables,
 * checks one file and returns: nothing of the Kubernetes client is loaded (this class names none of its types).
 */
public final class KubernetesProvider implements OrchestratorProvider {
    private static final Logger log = LoggerFactory.getLogger(KubernetesProvider.class);

    @Override
    public Optional<Orchestrator> detect(OrchestratorContext context) {
        ClusterMode mode;
        try {
            mode = ClusterMode.parse(context.value(ClusterMode.KEY));
        } catch (IllegalArgumentException e) {
            // a typo in a setting must not stop the app from starting: say so, and decide as by default
            log.warn("relaunch: {}; deciding by default (auto: Kubernetes mode when running in a pod)",
                    e.getMessage());
            mode = ClusterMode.AUTO;
        }
        if (!mode.applies(context.value("KUBERNETES_SERVICE_HOST"), ClusterMode.TOKEN)) {
            return Optional.empty();
        }
        log.info("relaunch: Kubernetes mode ({}={}): Restart Server rolls the workload that owns this pod",
                ClusterMode.KEY, mode.name().toLowerCase(java.util.Locale.ROOT));
        return Optional.of(KubernetesOrchestrator.connect(context));
    }
}
