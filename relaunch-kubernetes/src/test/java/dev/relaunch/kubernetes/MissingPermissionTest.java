package dev.relaunch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.kubernetes.AppInPod.Answer;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server refuses (403) as it does for a service account whose Role lacks a rule. */
@EnableKubernetesMockClient
class MissingPermissionTest {
    KubernetesMockServer server;
    @TempDir
    Path dir;
    private AppInPod app;

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void aRefusedReadNamesThePermissionInsteadOfFailingObscurely() {
        server.expect().get().withPath("/api/v1/namespaces/shop/pods/notes-old-0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "pods \"notes-old-0\" is forbidden: User \"system:serviceaccount:shop:notes\" cannot get "
                                + "resource \"pods\" in API group \"\" in the namespace \"shop\"").build())
                .always();
        app = new AppInPod(server.url("/"), "notes-old-0", dir, Map.of());

        Answer restart = app.send("POST", "/relaunch/api/v1/settings/restart", "", Map.of());
        assertThat(restart.status()).isEqualTo(403);
        assertThat(restart.body().get("error").get("code").asText()).isEqualTo("permission_missing");
        assertThat(restart.body().get("error").get("message").asText()).isEqualTo("The app's service account may "
                + "not get pods/notes-old-0 in namespace shop: add it to the app's Role (contrib/kubernetes/rbac.yaml "
                + "in relaunch)");

        Answer settings = app.get("/relaunch/api/v1/settings/env");
        assertThat(settings.status()).isEqualTo(403);
        assertThat(settings.body().get("error").get("message").asText()).contains("may not get pods/notes-old-0");
        assertThat(settings.body().toString()).doesNotContain("Exception", "\tat ");
    }
}
