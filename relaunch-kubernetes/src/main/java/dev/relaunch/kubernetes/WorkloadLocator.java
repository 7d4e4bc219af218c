package dev.relaunch.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Finds the workload a restart rolls by following controller owner references: pod → ReplicaSet → Deployment, or
 * pod → StatefulSet. Anything else (a bare pod, a Job, a DaemonSet, a ReplicaSet of its own) cannot be restarted by
 * relaunch, and {@link Unsupported} says why.
 */
final class WorkloadLocator {
    /** This pod's workload cannot be rolled by relaunch; the message is shown beside the button. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final Access access;

    WorkloadLocator(KubernetesClient client, Access access) {
        this.client = client;
        this.access = access;
    }

    Workload locate(String podName) throws Unsupported {
        if (podName == null) {
            throw new Unsupported("relaunch does not know this pod's name: set POD_NAME from the downward API "
                    + "(fieldRef metadata.name), see contrib/kubernetes/deployment.yaml");
        }
        Pod pod = access.call("get", "pods/" + podName, () ->
                client.pods().inNamespace(access.namespace()).withName(podName).get());
        if (pod == null) {
            throw new Unsupported("pod " + podName + " is not in namespace " + access.namespace()
                    + "; check POD_NAME and POD_NAMESPACE");
        }
        OwnerReference owner = controller(pod.getMetadata().getOwnerReferences());
        if (owner == null) {
            throw new Unsupported("pod " + podName + " has no owner: a bare pod cannot be restarted by a rollout; "
                    + "run the app as a Deployment or StatefulSet");
        }
        if (owner.getKind().equals(Workload.STATEFUL_SET)) {
            return new Workload(Workload.STATEFUL_SET, owner.getName());
        }
        if (!owner.getKind().equals("ReplicaSet")) {
            throw new Unsupported("pod " + podName + " is run by " + owner.getKind() + " " + owner.getName()
                    + "; relaunch restarts only Deployments and StatefulSets");
        }
        ReplicaSet rs = access.call("get", "replicasets/" + owner.getName(), () ->
                client.apps().replicaSets().inNamespace(access.namespace()).withName(owner.getName()).get());
        OwnerReference deployment = rs == null ? null : controller(rs.getMetadata().getOwnerReferences());
        if (deployment == null || !deployment.getKind().equals(Workload.DEPLOYMENT)) {
            throw new Unsupported("pod " + podName + " belongs to ReplicaSet " + owner.getName()
                    + ", which no Deployment owns; relaunch restarts only Deployments and StatefulSets");
        }
        return new Workload(Workload.DEPLOYMENT, deployment.getName());
    }

    private static OwnerReference controller(List<OwnerReference> owners) {
        if (owners == null) {
            return null;
        }
        return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
    }
}
