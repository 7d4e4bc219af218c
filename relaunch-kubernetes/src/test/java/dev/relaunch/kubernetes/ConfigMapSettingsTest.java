package dev.relaunch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.kubernetes.AppInPod.Answer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ConfigMapSettingsTest {
    private static final String ENV = "/relaunch/api/v1/settings/env";

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path dir;
    private AppInPod app;

    @BeforeEach
    void start() {
        Cluster cluster = new Cluster(client);
        cluster.configMap(Map.of("API_URL", "https://api.example.com", "FEATURE_X", "off"));
        String pod = cluster.deployment(1).get(0);
        // the pod's container spec: the Deployment's template
        var p = client.pods().inNamespace(Cluster.NS).withName(pod).get();
        p.setSpec(cluster.deployment().getSpec().getTemplate().getSpec());
        client.pods().inNamespace(Cluster.NS).resource(p).update();
        app = new AppInPod(server.url("/"), pod, dir, Map.of());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void listsEachKeyWithItsSourceAndMasksSecrets() {
        Answer list = app.get(ENV);
        assertThat(list.status()).isEqualTo(200);
        String version = list.data().get("version").asText();
        assertThat(list.etag()).isEqualTo("\"" + version + "\"");
        assertThat(row(list, "API_URL").get("source").asText()).isEqualTo("configmap/notes-config");
        assertThat(row(list, "API_URL").get("in_file").asBoolean()).isTrue();
        assertThat(row(list, "LOG_LEVEL").get("source").asText()).isEqualTo("pod spec");
        assertThat(row(list, "DB_PASSWORD").get("source").asText()).isEqualTo("secret/notes-db");
        assertThat(row(list, "DB_PASSWORD").get("sensitive").asBoolean()).isTrue();
        // this JVM did not start with the ConfigMap's values: a restart would apply them
        assertThat(texts(list.data().get("changed_keys"))).contains("API_URL", "FEATURE_X");
    }

    @Test
    void anEditWithAStaleVersionIsRefusedAndChangesNothing() {
        String version = app.get(ENV).data().get("version").asText();
        Answer first = put("FEATURE_X", "on", "\"" + version + "\"");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.etag()).isNotEqualTo("\"" + version + "\"");

        Answer stale = put("FEATURE_X", "maybe", "\"" + version + "\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("error").get("code").asText()).isEqualTo("version_conflict");
        assertThat(stale.etag()).isEqualTo(first.etag());
        assertThat(data()).containsEntry("FEATURE_X", "on");

        Answer unversioned = app.send("PUT", ENV + "/FEATURE_X", "{\"value\":\"x\"}", Map.of());
        assertThat(unversioned.status()).isEqualTo(428);
        assertThat(data()).containsEntry("FEATURE_X", "on");
    }

    @Test
    void undoRestoresThePreviousData() {
        Map<String, String> original = data();
        String version = app.get(ENV).data().get("version").asText();
        Answer edit = put("API_URL", "https://staging.example.com", "\"" + version + "\"");
        assertThat(edit.status()).isEqualTo(200);
        Answer added = app.send("PUT", ENV + "/NEW_KEY", "{\"value\":\"1\"}",
                Map.of("If-Match", edit.etag(), "If-None-Match", "*"));
        assertThat(added.status()).isEqualTo(201);
        assertThat(data()).containsEntry("NEW_KEY", "1");

        Answer undo = app.send("POST", "/relaunch/api/v1/settings/env-backup/restore", "",
                Map.of("If-Match", added.etag()));
        assertThat(undo.status()).isEqualTo(200);
        assertThat(data()).containsEntry("API_URL", "https://staging.example.com").doesNotContainKey("NEW_KEY");
    }

    @Test
    void neverWritesASecretOrThePodSpec() {
        String etag = app.get(ENV).etag();
        Answer secret = app.send("PUT", ENV + "/DB_PASSWORD", "{\"value\":\"x\"}", Map.of("If-Match", etag));
        assertThat(secret.status()).isEqualTo(409);
        assertThat(secret.body().get("error").get("code").asText()).isEqualTo("not_editable");
        assertThat(secret.body().get("error").get("message").asText()).contains("secret/notes-db");
        assertThat(client.secrets().inNamespace(Cluster.NS).list().getItems()).isEmpty();
    }

    private Answer put(String key, String value, String ifMatch) {
        return app.send("PUT", ENV + "/" + key, "{\"value\":\"" + value + "\"}", Map.of("If-Match", ifMatch));
    }

    private Map<String, String> data() {
        return client.configMaps().inNamespace(Cluster.NS).withName("notes-config").get().getData();
    }

    private static JsonNode row(Answer list, String key) {
        for (JsonNode e : list.data().get("entries")) {
            if (e.get("key").asText().equals(key)) {
                return e;
            }
        }
        throw new AssertionError("no row " + key + " in " + list.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
