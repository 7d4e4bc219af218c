package dev.relaunch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaunch.kubernetes.AppInPod.Answer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which owners a restart can roll, and what the button says for the others. */
@EnableKubernetesMockClient(crud = true)
class WorkloadKindsTest {
    private static final String RESTART = "/relaunch/api/v1/settings/restart";
    private static final String INFO = "/relaunch/api/v1/info";
    private static final String BARE_POD_REASON = "pod debug has no owner: a bare pod cannot be restarted by a "
            + "rollout; run the app as a Deployment or StatefulSet";

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;
    private AppInPod app;

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aBarePodCannotBeRestartedAndTheAnswerSaysWhy() {
        barePod();
        app = new AppInPod(server.url("/"), "debug", dir, Map.of());
        Answer a = app.send("POST", RESTART, "", Map.of());
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.body().get("error").get("code").asText()).isEqualTo("restart_unavailable");
        assertThat(a.body().get("error").get("message").asText()).isEqualTo(BARE_POD_REASON);
    }

    @Test
    void infoSaysBeforeAnyClickWhyABarePodCannotBeRestarted() {
        barePod();
        app = new AppInPod(server.url("/"), "debug", dir, Map.of());
        Answer info = app.get(INFO);
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.data().get("restart_unavailable").get("code").asText()).isEqualTo("restart_unavailable");
        assertThat(info.data().get("restart_unavailable").get("message").asText()).isEqualTo(BARE_POD_REASON);
        assertThat(info.data().get("mode").asText()).isEqualTo(RolloutOp.PLATFORM);
    }

    @Test
    void infoSaysAPausedDeploymentIsUnavailableUntilItIsResumed() {
        String pod = new Cluster(client).deployment(1).get(0);
        paused(true);
        app = new AppInPod(server.url("/"), pod, dir, Map.of());
        assertThat(app.get(INFO).data().get("restart_unavailable").get("message").asText())
                .isEqualTo("Deployment notes is paused, so it would not roll; resume it first: "
                        + "kubectl rollout resume deployment/notes");

        paused(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> app.get(INFO).data().get("restart_unavailable").isNull());
        assertThat(app.send("POST", RESTART, "", Map.of()).status()).isEqualTo(202);
    }

    @Test
    void infoSaysADeploymentsPodCanBeRestarted() {
        String pod = new Cluster(client).deployment(2).get(1);
        app = new AppInPod(server.url("/"), pod, dir, Map.of());
        Answer info = app.get(INFO);
        assertThat(info.data().has("restart_unavailable")).isTrue();
        assertThat(info.data().get("restart_unavailable").isNull()).isTrue();
    }

    @Test
    void aPausedDeploymentIsNotPatched() {
        Cluster cluster = new Cluster(client);
        String pod = cluster.deployment(1).get(0);
        paused(true);
        app = new AppInPod(server.url("/"), pod, dir, Map.of());
        Answer a = app.send("POST", RESTART, "", Map.of());
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.body().get("error").get("message").asText()).contains("is paused",
                "kubectl rollout resume deployment/notes");
        assertThat(cluster.templateRestartedAt()).isNull();
    }

    private void barePod() {
        client.pods().inNamespace(Cluster.NS).resource(new PodBuilder().withNewMetadata().withName("debug")
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("notes:1").endContainer()
                .endSpec().build()).create();
    }

    private void paused(boolean paused) {
        client.apps().deployments().inNamespace(Cluster.NS).withName(Cluster.APP).edit(d -> {
            d.getSpec().setPaused(paused);
            return d;
        });
    }

    @Test
    void aStatefulSetIsRolledTheSameWay() {
        client.apps().statefulSets().inNamespace(Cluster.NS).resource(new StatefulSetBuilder().withNewMetadata()
                .withName("db").endMetadata().withNewSpec().withReplicas(1).withNewSelector()
                .addToMatchLabels("app", "db").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "db").addToAnnotations("team.example.com/owner", "data").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("db:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.pods().inNamespace(Cluster.NS).resource(new PodBuilder().withNewMetadata().withName("db-0")
                .addToLabels("app", "db").addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName("db").withUid("uid-db").withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("db:1").endContainer().endSpec().build())
                .create();
        app = new AppInPod(server.url("/"), "db-0", dir, Map.of());

        Answer started = app.send("POST", RESTART, "", Map.of());
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.data().get("workload").asText()).isEqualTo("StatefulSet db");
        StatefulSet set = client.apps().statefulSets().inNamespace(Cluster.NS).withName("db").get();
        String stamp = set.getSpec().getTemplate().getMetadata().getAnnotations().get(RolloutProgress.RESTARTED_AT);
        assertThat(set.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("team.example.com/owner", "data").hasSize(2);

        // the controller replaces db-0 by a pod of the new revision (same name, new template)
        client.pods().inNamespace(Cluster.NS).withName("db-0").delete();
        new Cluster(client).pod("db-0", "db", stamp, true, Instant.now());
        client.pods().inNamespace(Cluster.NS).withName("db-0").edit(p -> {
            p.getMetadata().setLabels(Map.of("app", "db"));
            return p;
        });
        set.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(1).withReadyReplicas(1).withUpdatedReplicas(1).withCurrentRevision("db-2")
                .withUpdateRevision("db-2").build());
        client.apps().statefulSets().inNamespace(Cluster.NS).resource(set).updateStatus();

        Answer done = app.get(RESTART + "/status/" + started.data().get("op_id").asText());
        assertThat(done.data().get("status").asText()).isEqualTo("restarted");
        assertThat(done.data().get("pods_after").get(0).asText()).isEqualTo("db-0");
    }

    @Test
    void aRefusedPatchIsRecordedAsFailedAndNamesThePermission() {
        Cluster cluster = new Cluster(client);
        String pod = cluster.deployment(1).get(0);
        server.expect().patch().withPath("/apis/apps/v1/namespaces/shop/deployments/notes")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").build()).always();
        app = new AppInPod(server.url("/"), pod, dir, Map.of());

        Answer a = app.send("POST", RESTART, "", Map.of());
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body().get("error").get("message").asText()).isEqualTo("The app's service account may not "
                + "patch deployments/notes in namespace shop: add it to the app's Role (contrib/kubernetes/rbac.yaml "
                + "in relaunch)");
        Answer ops = app.get(RESTART + "/ops");
        assertThat(ops.data().get(0).get("status").asText()).isEqualTo("failed");
        assertThat(ops.data().get(0).get("error").get("code").asText()).isEqualTo("permission_missing");
        assertThat(cluster.templateRestartedAt()).isNull();
    }
}
