package dev.relaunch.kubernetes;

import dev.relaunch.javalin.spi.OrchestratorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where this process runs and what relaunch may touch there, from the environment (the Deployment's downward API
 * variables, see contrib/kubernetes/deployment.yaml) with Kubernetes' own defaults.
 *
 * @param namespace     {@code POD_NAMESPACE}, else the service account's namespace file, else the client's default
 * @param pod           {@code POD_NAME}, else {@code HOSTNAME} (a pod's host name is its name)
 * @param container     {@code RELAUNCH_CONTAINER}: the app's container; null for the pod's first one
 * @param configMap     {@code RELAUNCH_CONFIGMAP}: the ConfigMap the Settings tab edits; null for the first one the
 *                      container reads through {@code envFrom} (or else {@code env})
 * @param opsConfigMap  {@code RELAUNCH_OPS_CONFIGMAP}: where restart operations are recorded for every pod to read
 * @param podTimeoutMs  how long a new pod may take to become ready ({@code STARTUP_TIMEOUT_MS}) before the restart
 *                      is reported failed
 */
record PodSettings(String namespace, String pod, String container, String configMap, String opsConfigMap,
                   long podTimeoutMs) {
    static final String DEFAULT_OPS_CONFIGMAP = "relaunch-restart-ops";
    static final Path NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    static PodSettings from(OrchestratorContext context, String clientNamespace) {
        String namespace = context.value("POD_NAMESPACE").filter(s -> !s.isBlank())
                .or(PodSettings::namespaceFile).orElse(clientNamespace);
        String pod = context.value("POD_NAME").filter(s -> !s.isBlank())
                .or(() -> context.value("HOSTNAME")).orElse(null);
        return new PodSettings(namespace, pod, blankToNull(context.value("RELAUNCH_CONTAINER")),
                blankToNull(context.value("RELAUNCH_CONFIGMAP")),
                context.value("RELAUNCH_OPS_CONFIGMAP").filter(s -> !s.isBlank()).orElse(DEFAULT_OPS_CONFIGMAP),
                context.config().startupTimeoutMs());
    }

    private static Optional<String> namespaceFile() {
        try {
            return Optional.of(Files.readString(NAMESPACE_FILE).trim()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(Optional<String> v) {
        return v.filter(s -> !s.isBlank()).map(String::trim).orElse(null);
    }
}
