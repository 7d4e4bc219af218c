package dev.relaunch.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A namespace in the mock API server with one app Deployment, and the Deployment controller played by hand: the mock
 * runs no controllers, so the test creates the ReplicaSets and pods and moves their status as Kubernetes would.
 */
final class Cluster {
    static final String NS = "shop";
    static final String APP = "notes";
    static final Map<String, String> TEMPLATE_ANNOTATIONS = Map.of("prometheus.io/scrape", "true",
            "team.example.com/owner", "web");

    private final KubernetesClient client;

    Cluster(KubernetesClient client) {
        this.client = client;
    }

    /** The Deployment with {@code replicas} ready pods of ReplicaSet {@code notes-old}; returns their names. */
    List<String> deployment(int replicas) {
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(APP).withGeneration(1L).addToAnnotations("deployment.kubernetes.io/revision", "1").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", APP).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", APP).addToAnnotations(TEMPLATE_ANNOTATIONS)
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("notes:1")
                .addNewEnvFrom().withNewConfigMapRef().withName("notes-config").endConfigMapRef().endEnvFrom()
                .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "notes-db",
                        false).endValueFrom().endEnv()
                .endContainer().endSpec().endTemplate().endSpec()
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(replicas)
                        .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                        .build())
                .build()).create();
        replicaSet("notes-old");
        return java.util.stream.IntStream.range(0, replicas).mapToObj(i -> pod("notes-old-" + i, "notes-old", null,
                true, Instant.now())).toList();
    }

    void configMap(Map<String, String> data) {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("notes-config")
                .endMetadata().withData(data).build()).create();
    }

    void replicaSet(String name) {
        client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata().withName(name)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(APP)
                .withUid("uid-" + APP).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", APP).endSelector().endSpec().build()).create();
    }

    /** A pod of ReplicaSet {@code rs}; {@code restartedAt} is the template annotation it was created from. */
    String pod(String name, String rs, String restartedAt, boolean ready, Instant created) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).addToLabels("app", APP)
                .withCreationTimestamp(created.toString())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs)
                .withUid("uid-" + rs).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("notes:1").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(ready)
                        .withRestartCount(0).build()).endStatus();
        if (restartedAt != null) {
            b.editMetadata().addToAnnotations(RolloutProgress.RESTARTED_AT, restartedAt).endMetadata();
        }
        client.pods().inNamespace(NS).resource(b.build()).create();
        return name;
    }

    /** A new pod whose container crashes at every start, as the kubelet reports it. */
    String crashingPod(String name, String rs, String restartedAt, Instant created) {
        pod(name, rs, restartedAt, false, created);
        Pod p = client.pods().inNamespace(NS).withName(name).get();
        p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("app").withReady(false)
                .withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 1m20s restarting failed container").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated()
                .endLastState().build()));
        client.pods().inNamespace(NS).resource(p).updateStatus();
        return name;
    }

    Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName(APP).get();
    }

    String templateRestartedAt() {
        return deployment().getSpec().getTemplate().getMetadata().getAnnotations().get(RolloutProgress.RESTARTED_AT);
    }

    /** What the controller reports while new pods come up: {@code updated} of them, none available yet. */
    void progressing(int updated) {
        status(updated, 0, deployment().getSpec().getReplicas() + updated, null);
    }

    /** Every new pod available, the old ones gone. */
    void rolledOut(List<String> oldPods) {
        int n = deployment().getSpec().getReplicas();
        oldPods.forEach(p -> client.pods().inNamespace(NS).withName(p).delete());
        status(n, n, n, null);
    }

    /** The controller gives up waiting for the new pods. */
    void deadlineExceeded(int updated) {
        DeploymentCondition c = new DeploymentCondition();
        c.setType("Progressing");
        c.setStatus("False");
        c.setReason("ProgressDeadlineExceeded");
        c.setMessage("ReplicaSet \"notes-new\" has timed out progressing.");
        status(updated, deployment().getSpec().getReplicas(), deployment().getSpec().getReplicas() + updated, c);
    }

    private void status(int updated, int available, int replicas, DeploymentCondition condition) {
        Deployment d = deployment();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(updated).withAvailableReplicas(available)
                .withReadyReplicas(available).withConditions(condition == null ? List.of() : List.of(condition))
                .build());
        client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
    }
}
