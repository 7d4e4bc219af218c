package dev.relaunch.kubernetes;

import dev.relaunch.web.ApiException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * One call to the API server, named by the permission it needs, so that a refusal reads as the Role rule to add
 * instead of a stack trace: 403 becomes {@code permission_missing} naming verb, resource and namespace; a missing
 * object {@code not_found}; anything else {@code kubernetes_unavailable} with the API server's own message.
 */
final class Access {
    static final String RBAC_HINT = "add it to the app's Role (contrib/kubernetes/rbac.yaml in relaunch)";

    private final String namespace;

    Access(String namespace) {
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** Runs {@code call}, which needs {@code verb} on {@code resource} (e.g. "patch", "deployments/app"). */
    <T> T call(String verb, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw refusal(verb, resource, e);
        }
    }

    ApiException refusal(String verb, String resource, KubernetesClientException e) {
        return switch (e.getCode()) {
            case 401, 403 -> new ApiException(403, "permission_missing", "The app's service account may not "
                    + verb + " " + resource + " in namespace " + namespace + ": " + RBAC_HINT);
            case 404 -> new ApiException(404, "not_found", resource + " does not exist in namespace " + namespace);
            case 409 -> new ApiException(409, "version_conflict", resource + " was changed by someone else in the "
                    + "meantime; reload and try again");
            default -> new ApiException(502, "kubernetes_unavailable", "The Kubernetes API server did not " + verb
                    + " " + resource + ": " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage()));
        };
    }
}
