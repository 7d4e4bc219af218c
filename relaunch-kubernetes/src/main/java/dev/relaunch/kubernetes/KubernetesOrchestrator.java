package dev.relaunch.kubernetes;

import dev.relaunch.javalin.spi.Orchestrator;
import dev.relaunch.javalin.spi.OrchestratorContext;
import dev.relaunch.restart.RestartService;
import dev.relaunch.web.Mount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;

/**
 * relaunch in a pod: Restart Server rolls the workload that owns the pod ({@link RollingRestarts}), the Settings tab
 * lists the container's environment and edits its ConfigMap ({@link PodEnvironment}, {@link ConfigMapEditor}). One
 * client for the process, configured as {@code kubectl} in a pod is: the service account's token and CA.
 */
final class KubernetesOrchestrator implements Orchestrator {
    private final RollingRestarts restarts;
    private final KubeRestartRoutes restartRoutes;
    private final KubeSettingsRoutes settingsRoutes;

    KubernetesOrchestrator(KubernetesClient client, PodSettings settings, OrchestratorContext context, Clock clock) {
        Access access = new Access(settings.namespace());
        this.restarts = new RollingRestarts(client, access, new OpBoard(client, access, settings.opsConfigMap()),
                settings, clock);
        this.restartRoutes = new KubeRestartRoutes(restarts);
        PodEnvironment env = new PodEnvironment(client, access, settings, context.environment(),
                context.config().sensitivity());
        env.rememberStart();
        this.settingsRoutes = new KubeSettingsRoutes(env, new ConfigMapEditor(client, access));
    }

    /** Connects with the in-cluster configuration (or kubeconfig, when forced on outside a pod). */
    static KubernetesOrchestrator connect(OrchestratorContext context) {
        Config config = Config.autoConfigure(null);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return new KubernetesOrchestrator(client, PodSettings.from(context, config.getNamespace()), context,
                Clock.systemUTC());
    }

    @Override
    public RestartService restarts() {
        return restarts;
    }

    @Override
    public void restartRoutes(Mount routes) {
        restartRoutes.register(routes);
    }

    @Override
    public void settingsRoutes(Mount routes) {
        settingsRoutes.register(routes);
    }
}
