package dev.relaunch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.kubernetes.AppInPod.Answer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes routes sit behind the plugin's own checks, and do not exist in production. */
@EnableKubernetesMockClient(crud = true)
class SecurityChainTest {
    private static final String RESTART = "/relaunch/api/v1/settings/restart";

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
    void aRestartFromAnotherSiteIsRefusedAndRollsNothing() {
        Cluster cluster = new Cluster(client);
        app = new AppInPod(server.url("/"), cluster.deployment(1).get(0), dir, Map.of());
        Answer a = app.send("POST", RESTART, "", Map.of("Origin", "https://evil.example", "Sec-Fetch-Site",
                "cross-site"));
        assertThat(a.status()).isEqualTo(403);
        assertThat(cluster.templateRestartedAt()).isNull();
    }

    @Test
    void inProductionTheRoutesDoNotExist() {
        Cluster cluster = new Cluster(client);
        app = new AppInPod(server.url("/"), cluster.deployment(1).get(0), dir, Map.of("APP_ENV", "production"));
        assertThat(app.send("POST", RESTART, "", Map.of()).status()).isEqualTo(404);
        assertThat(app.get("/relaunch/api/v1/settings/env").status()).isEqualTo(404);
        assertThat(cluster.templateRestartedAt()).isNull();
        assertThat(client.configMaps().inNamespace(Cluster.NS).withName(PodSettings.DEFAULT_OPS_CONFIGMAP).get())
                .isNull();
    }
}
