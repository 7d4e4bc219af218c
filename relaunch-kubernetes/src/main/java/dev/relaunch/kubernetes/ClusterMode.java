package dev.relaunch.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether relaunch drives Kubernetes: {@code RELAUNCH_KUBERNETES=auto} (the default) when the process runs in a pod,
 * {@code on} always (the client then finds the API server as {@code kubectl} would: kubeconfig, system properties),
 * {@code off} never. Pure: reads only what it is given and the existence of the service-account token.
 */
enum ClusterMode {
    AUTO, ON, OFF;

    static final String KEY = "RELAUNCH_KUBERNETES";
    static final Path TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    /** The mode a setting names; a value that is none of them is an error that says which are. */
    static ClusterMode parse(Optional<String> setting) {
        if (setting.isEmpty() || setting.get().isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(setting.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + "=" + setting.get() + " is not one of auto, on, off");
        }
    }

    /**
     * Whether to use Kubernetes: in {@code auto}, the process must run in a pod, which Kubernetes marks by
     * {@code KUBERNETES_SERVICE_HOST} and the service-account token it mounts; both are needed to talk to the API.
     */
    boolean applies(Optional<String> serviceHost, Path token) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> serviceHost.filter(h -> !h.isBlank()).isPresent() && Files.isReadable(token);
        };
    }
}
