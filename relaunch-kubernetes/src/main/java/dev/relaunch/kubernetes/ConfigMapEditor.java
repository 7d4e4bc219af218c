package dev.relaunch.kubernetes;

import dev.relaunch.config.EnvEditor;
import dev.relaunch.json.WireJson;
import dev.relaunch.web.ApiException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Edits of the app's ConfigMap with the {@code .env} editor's contract: each edit names the {@code resourceVersion}
 * it was based on ({@link EnvEditor#ANY} for whatever is there); a stale one changes nothing and is 409
 * {@code version_conflict}, checked here and again by the API server on the write. Each edit keeps the data it
 * replaced in the annotation {@value #PREVIOUS}, so one undo puts it back (and an undo of the undo redoes). Never
 * writes a Secret.
 */
final class ConfigMapEditor {
    static final String PREVIOUS = "relaunch.dev/previous-data";

    /** What an edit did: the ConfigMap's new version, whether a key was added. */
    record Outcome(String version, boolean created) {}

    private final KubernetesClient client;
    private final Access access;

    ConfigMapEditor(KubernetesClient client, Access access) {
        this.client = client;
        this.access = access;
    }

    Outcome set(ConfigMap cm, String key, String value, String ifMatch, boolean createOnly) {
        boolean exists = data(cm).containsKey(key);
        if (createOnly && exists) {
            throw new ApiException(409, "key_exists", key + " is already in ConfigMap " + name(cm)
                    + "; change it instead of adding it");
        }
        return new Outcome(write(cm, ifMatch, d -> {
            d.put(key, value);
            return d;
        }), !exists);
    }

    Outcome delete(ConfigMap cm, String key, String ifMatch) {
        if (!data(cm).containsKey(key)) {
            throw new ApiException(404, "unknown_key", key + " is not in ConfigMap " + name(cm));
        }
        return new Outcome(write(cm, ifMatch, d -> {
            d.remove(key);
            return d;
        }), false);
    }

    /** Puts back the data the last edit replaced. */
    Outcome undo(ConfigMap cm, String ifMatch) {
        String previous = cm.getMetadata().getAnnotations() == null ? null
                : cm.getMetadata().getAnnotations().get(PREVIOUS);
        if (previous == null) {
            throw new ApiException(404, "no_backup", "ConfigMap " + name(cm) + " has no earlier data to restore: "
                    + "no edit was made from relaunch yet");
        }
        Map<String, String> restored = new LinkedHashMap<>();
        try {
            WireJson.parseObject(previous).forEach((k, v) -> restored.put(k, String.valueOf(v)));
        } catch (IOException e) {
            throw new ApiException(409, "env_unreadable", "the annotation " + PREVIOUS + " of ConfigMap "
                    + name(cm) + " is not a JSON object; remove it");
        }
        return new Outcome(write(cm, ifMatch, d -> restored), false);
    }

    /** Checks the version, keeps the current data as the previous one, writes {@code change}'s result. */
    private String write(ConfigMap cm, String ifMatch, UnaryOperator<Map<String, String>> change) {
        String current = cm.getMetadata().getResourceVersion();
        if (!EnvEditor.ANY.equals(ifMatch) && !ifMatch.equals(current)) {
            throw conflict(cm, current);
        }
        Map<String, String> before = data(cm);
        Map<String, String> annotations = new HashMap<>(cm.getMetadata().getAnnotations() == null ? Map.of()
                : cm.getMetadata().getAnnotations());
        annotations.put(PREVIOUS, WireJson.write(before));
        cm.getMetadata().setAnnotations(annotations);
        cm.setData(change.apply(new LinkedHashMap<>(before)));
        try {
            // the resourceVersion read is sent back: the API server refuses the write if anyone wrote since
            ConfigMap written = client.configMaps().inNamespace(access.namespace()).resource(cm).update();
            return written.getMetadata().getResourceVersion();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw conflict(cm, null);
            }
            throw access.refusal("update", "configmaps/" + name(cm), e);
        }
    }

    private static ApiException conflict(ConfigMap cm, String current) {
        return new ApiException(409, "version_conflict", "ConfigMap " + name(cm) + " changed since the version this "
                + "edit is based on" + (current == null ? "" : " (it is at " + current + " now)")
                + "; reload the settings and edit again");
    }

    private static Map<String, String> data(ConfigMap cm) {
        return cm.getData() == null ? Map.of() : cm.getData();
    }

    private static String name(ConfigMap cm) {
        return cm.getMetadata().getName();
    }
}
