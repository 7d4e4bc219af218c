package dev.relaunch.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.settings.EnvEditRoutes;
import dev.relaunch.settings.EnvView;
import dev.relaunch.web.ApiException;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Settings API of the plugin answered from the pod and its ConfigMap: the same paths, bodies and codes as for
 * {@code .env} (list with the version as {@code ETag}, reveal, {@code PUT}/{@code DELETE} of a key with
 * {@code If-Match}, 428 without it, 409 on a stale version, {@code POST env-backup/restore} as the undo). Values are
 * never logged.
 */
final class KubeSettingsRoutes {
    private static final Logger log = LoggerFactory.getLogger(KubeSettingsRoutes.class);
    /** What a container can read as a variable through {@code envFrom}. */
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final PodEnvironment env;
    private final ConfigMapEditor editor;

    KubeSettingsRoutes(PodEnvironment env, ConfigMapEditor editor) {
        this.env = env;
        this.editor = editor;
    }

    void register(Mount routes) {
        routes.get("/api/v1/settings/env", ctx -> {
            EnvView.Snapshot s = env.snapshot();
            ctx.header("ETag", EnvEditRoutes.etag(s.version()));
            JsonReply.data(ctx, s);
        });
        routes.get("/api/v1/settings/env/{key}", ctx -> {
            String key = EnvEditRoutes.pathKey(ctx);
            String value = env.reveal(key).orElseThrow(() ->
                    new ApiException(404, "unknown_key", "this pod has no variable " + key));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("key", key);
            data.put("value", value);
            data.put("sensitive", env.sensitive(key));
            data.put("source", env.sourceOf(key).orElse("pod"));
            JsonReply.data(ctx, data);
        });
        routes.put("/api/v1/settings/env/{key}", this::put);
        routes.delete("/api/v1/settings/env/{key}", this::delete);
        routes.post("/api/v1/settings/env-backup/restore", this::undo);
    }

    private void put(Context ctx) {
        String key = EnvEditRoutes.pathKey(ctx);
        if (!ENV_NAME.matcher(key).matches()) {
            throw new ApiException(400, "invalid_key", "a container reads only keys of letters, digits and '_' "
                    + "(not starting with a digit) as variables");
        }
        JsonNode value = EnvEditRoutes.body(ctx).get("value");
        if (value == null || !value.isTextual()) {
            throw new ApiException(400, "invalid_value", "send the new value as a JSON string: {\"value\": \"...\"}");
        }
        String ifMatch = EnvEditRoutes.ifMatch(ctx);
        PodEnvironment.Editable cm = editable();
        String source = env.sourceOf(key).orElse(null);
        if (source != null && !source.equals("configmap/" + cm.name())) {
            throw new ApiException(409, "not_editable", key + " comes from " + source + "; relaunch edits only "
                    + "ConfigMap " + cm.name() + " (never a Secret or the pod spec): change it where it is defined");
        }
        boolean createOnly = "*".equals(ctx.header("If-None-Match") == null ? null : ctx.header("If-None-Match").trim());
        ConfigMapEditor.Outcome out = edit(ctx, () -> editor.set(cm.now(), key, value.textValue(), ifMatch,
                createOnly));
        log.info("Settings: {} {} in ConfigMap {} (from {})", out.created() ? "added" : "changed", key, cm.name(),
                ctx.ip());
        List<String> warnings = new ArrayList<>();
        warnings.add("Pods read ConfigMap values at start: Restart Server rolls the pods so that they see it");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key", key);
        data.put("created", out.created());
        data.put("entry", entry(key));
        data.put("version", out.version());
        data.put("warnings", warnings);
        answer(ctx, out.created() ? 201 : 200, out.version(), data);
    }

    private void delete(Context ctx) {
        String key = EnvEditRoutes.pathKey(ctx);
        String ifMatch = EnvEditRoutes.ifMatch(ctx);
        PodEnvironment.Editable cm = editable();
        ConfigMapEditor.Outcome out = edit(ctx, () -> editor.delete(cm.now(), key, ifMatch));
        log.info("Settings: removed {} from ConfigMap {} (from {})", key, cm.name(), ctx.ip());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key", key);
        data.put("deleted", true);
        data.put("entry", entry(key));
        data.put("version", out.version());
        answer(ctx, 200, out.version(), data);
    }

    private void undo(Context ctx) {
        String ifMatch = EnvEditRoutes.ifMatch(ctx);
        PodEnvironment.Editable cm = editable();
        ConfigMapEditor.Outcome out = edit(ctx, () -> editor.undo(cm.now(), ifMatch));
        log.info("Settings: restored the previous data of ConfigMap {} (from {})", cm.name(), ctx.ip());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("restored", true);
        data.put("version", out.version());
        answer(ctx, 200, out.version(), data);
    }

    private PodEnvironment.Editable editable() {
        PodEnvironment.Editable cm = env.editable();
        if (cm.name() == null || cm.now() == null) {
            throw new ApiException(404, "no_configmap", cm.name() == null ? "the container reads no ConfigMap; set "
                    + "RELAUNCH_CONFIGMAP or add envFrom: configMapRef to it" : "ConfigMap " + cm.name()
                    + " does not exist; create it (kubectl create configmap " + cm.name() + ")");
        }
        return cm;
    }

    private EnvView.Entry entry(String key) {
        return env.snapshot().entries().stream().filter(e -> e.key().equals(key)).findFirst().orElse(null);
    }

    /** Runs an edit; a stale version answers 409 with the current version as {@code ETag}. */
    private ConfigMapEditor.Outcome edit(Context ctx, Supplier<ConfigMapEditor.Outcome> edit) {
        try {
            return edit.get();
        } catch (ApiException e) {
            if (e.code().equals("version_conflict")) {
                PodEnvironment.Editable now = env.editable();
                if (now.now() != null) {
                    ctx.header("ETag", EnvEditRoutes.etag(now.now().getMetadata().getResourceVersion()));
                }
            }
            throw e;
        }
    }

    private static void answer(Context ctx, int status, String version, Map<String, Object> data) {
        ctx.header("ETag", EnvEditRoutes.etag(version));
        JsonReply.send(ctx, status, Map.of("data", data));
    }
}
