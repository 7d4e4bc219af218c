package dev.relaunch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.relaunch.kubernetes.AppInPod.Answer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class RollingRestartTest {
    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;
    private AppInPod app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void restartPatchesOnlyTheTemplateAnnotationAndFollowsTheRolloutToTheNewPods() {
        Cluster cluster = new Cluster(client);
        List<String> before = cluster.deployment(2);
        Deployment original = cluster.deployment();
        app = new AppInPod(server.url("/"), before.get(0), dir, Map.of());

        Answer started = app.send("POST", "/relaunch/api/v1/settings/restart", "", Map.of());
        assertThat(started.status()).isEqualTo(202);
        String opId = started.data().get("op_id").asText();
        assertThat(started.data().get("workload").asText()).isEqualTo("Deployment notes");

        Deployment patched = cluster.deployment();
        String stamp = cluster.templateRestartedAt();
        assertThat(stamp).isNotBlank();
        assertThat(patched.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsAllEntriesOf(Cluster.TEMPLATE_ANNOTATIONS).hasSize(Cluster.TEMPLATE_ANNOTATIONS.size() + 1);
        original.getSpec().getTemplate().getMetadata().getAnnotations().put(RolloutProgress.RESTARTED_AT, stamp);
        assertThat(patched.getSpec()).isEqualTo(original.getSpec());
        assertThat(patched.getMetadata().getAnnotations()).isEqualTo(original.getMetadata().getAnnotations());
        assertThat(patched.getMetadata().getLabels()).isEqualTo(original.getMetadata().getLabels());

        Answer progress = status(opId);
        assertThat(progress.data().get("status").asText()).isEqualTo("starting");
        assertThat(progress.data().get("platform").asText()).isEqualTo("kubernetes");
        assertThat(texts(progress.data().get("pods_before"))).containsExactlyElementsOf(before);

        cluster.replicaSet("notes-new");
        cluster.pod("notes-new-0", "notes-new", stamp, true, Instant.now());
        cluster.pod("notes-new-1", "notes-new", stamp, true, Instant.now());
        cluster.progressing(2);
        assertThat(status(opId).data().get("status").asText()).isEqualTo("starting");
        cluster.rolledOut(before);

        Answer done = status(opId);
        assertThat(done.data().get("status").asText()).isEqualTo("restarted");
        assertThat(texts(done.data().get("pods_before"))).containsExactly("notes-old-0", "notes-old-1");
        assertThat(texts(done.data().get("pods_after"))).containsExactly("notes-new-0", "notes-new-1");
        assertThat(done.data().get("pid_before").isNull()).isTrue();
        assertThat(done.data().get("finished_at").asText()).isNotBlank();
        assertThat(app.get("/relaunch/api/v1/settings/restart/ops").data().get(0).get("op_id").asText())
                .isEqualTo(opId);
    }

    @Test
    void aSecondRequestDuringARolloutJoinsIt() {
        Cluster cluster = new Cluster(client);
        List<String> before = cluster.deployment(1);
        app = new AppInPod(server.url("/"), before.get(0), dir, Map.of());
        String first = app.send("POST", "/relaunch/api/v1/settings/restart", "", Map.of()).data().get("op_id")
                .asText();
        String stamp = cluster.templateRestartedAt();
        Answer second = app.send("POST", "/relaunch/api/v1/settings/restart", "", Map.of());
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.data().get("op_id").asText()).isEqualTo(first);
        assertThat(cluster.templateRestartedAt()).isEqualTo(stamp);
    }

    @Test
    void newPodsThatNeverGetReadyEndFailedWithTheReasonWhileTheOldPodsServe() {
        Cluster cluster = new Cluster(client);
        String opId = restartFrom(cluster.deployment(2), 60_000);
        String stamp = cluster.templateRestartedAt();
        cluster.replicaSet("notes-new");
        cluster.crashingPod("notes-new-0", "notes-new", stamp, Instant.now());
        cluster.progressing(1);
        assertThat(status(opId).data().get("status").asText()).isEqualTo("starting");

        server.expect().get().withPath("/api/v1/namespaces/shop/pods/notes-new-0/log?pretty=false&container=app"
                + "&previous=true&tailLines=20").andReturn(200, "Started NotesApp\nException in thread \"main\" "
                + "java.lang.IllegalStateException: NOTES_MAX=lots is not a number\n").always();
        cluster.deadlineExceeded(1);
        Answer failed = status(opId);
        assertThat(texts(failed.data().get("log_tail"))).containsExactly("Started NotesApp",
                "Exception in thread \"main\" java.lang.IllegalStateException: NOTES_MAX=lots is not a number");
        assertThat(failed.data().get("status").asText()).isEqualTo("failed");
        assertThat(failed.data().get("error").get("code").asText()).isEqualTo("progress_deadline_exceeded");
        assertThat(failed.data().get("error").get("message").asText())
                .contains("notes-new-0", "CrashLoopBackOff", "Still serving: notes-old-0, notes-old-1");
        assertThat(failed.data().get("exit_code").asInt()).isEqualTo(1);
        assertThat(texts(failed.data().get("serving_pods"))).containsExactly("notes-old-0", "notes-old-1");
        assertThat(texts(failed.data().get("pods_after"))).containsExactly("notes-new-0");
    }

    @Test
    void aNewPodNotReadyWithinTheStartupTimeoutFailsBeforeTheDeadline() {
        Cluster cluster = new Cluster(client);
        String opId = restartFrom(cluster.deployment(1), 1000);
        cluster.replicaSet("notes-new");
        cluster.crashingPod("notes-new-0", "notes-new", cluster.templateRestartedAt(), Instant.now());
        cluster.progressing(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(opId).data().get("status").asText(),
                "failed"::equals);
        Answer failed = status(opId);
        assertThat(failed.data().get("error").get("code").asText()).isEqualTo("pod_not_ready");
        assertThat(failed.data().get("error").get("message").asText()).contains("CrashLoopBackOff (exit code 1)");
        assertThat(texts(failed.data().get("serving_pods"))).containsExactly("notes-old-0");
    }

    @Test
    void aRestartOvertakenByAnotherEndsSupersededAndTheNextOneStartsFresh() {
        Cluster cluster = new Cluster(client);
        String first = restartFrom(cluster.deployment(1), 60_000);
        // kubectl rollout restart, from someone's terminal
        client.apps().deployments().inNamespace(Cluster.NS).withName(Cluster.APP).edit(d -> {
            d.getSpec().getTemplate().getMetadata().getAnnotations().put(RolloutProgress.RESTARTED_AT,
                    "2026-12-06T23:00:00Z");
            return d;
        });
        Answer overtaken = status(first);
        assertThat(overtaken.data().get("status").asText()).isEqualTo("failed");
        assertThat(overtaken.data().get("error").get("code").asText()).isEqualTo("superseded");
        assertThat(overtaken.data().get("error").get("message").asText()).contains("2026-12-06T23:00:00Z");

        Answer next = app.send("POST", "/relaunch/api/v1/settings/restart", "", Map.of());
        assertThat(next.data().get("op_id").asText()).isNotEqualTo(first);
        assertThat(cluster.templateRestartedAt()).isNotEqualTo("2026-12-06T23:00:00Z");
        assertThat(status(first).data().get("status").asText()).isEqualTo("failed");
    }

    /** Starts the app as the first of {@code pods}, with {@code startupTimeoutMs} per new pod, and presses Restart. */
    private String restartFrom(List<String> pods, long startupTimeoutMs) {
        app = new AppInPod(server.url("/"), pods.get(0), dir, Map.of("STARTUP_TIMEOUT_MS",
                String.valueOf(startupTimeoutMs)));
        Answer started = app.send("POST", "/relaunch/api/v1/settings/restart", "", Map.of());
        assertThat(started.status()).isEqualTo(202);
        return started.data().get("op_id").asText();
    }

    private Answer status(String opId) {
        Answer a = app.get("/relaunch/api/v1/settings/restart/status/" + opId);
        assertThat(a.status()).as("status of %s: %s", opId, a.body()).isEqualTo(200);
        return a;
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
