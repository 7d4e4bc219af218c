package dev.relaunch.settings;

import dev.relaunch.config.Setting;
import dev.relaunch.web.ApiException;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code GET /api/v1/settings/env} (masked list, the file's version as {@code ETag}) and {@code GET /api/v1/settings/env/{key}} (one real value). */
public final class SettingsRoutes {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    private final EnvView view;

    public SettingsRoutes(EnvView view) {
        this.view = view;
    }

    public void register(Mount routes) {
        routes.get("/api/v1/settings/env", ctx -> {
            EnvView.Snapshot snapshot = view.snapshot();
            ctx.header("ETag", EnvEditRoutes.etag(snapshot.version()));
            JsonReply.data(ctx, snapshot);
        });
        routes.get("/api/v1/settings/env/{key}", ctx -> {
            String key = ctx.pathParam("key");
            if (!KEY.matcher(key).matches()) {
                throw new ApiException(400, "invalid_key", "a key is 1-128 characters of letters, digits, "
                        + "'_', '.', '-' and does not start with a digit");
            }
            Setting s = view.reveal(key).orElseThrow(() ->
                    new ApiException(404, "unknown_key", "no setting named " + key));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("key", s.key());
            data.put("value", s.value());
            data.put("sensitive", view.isSensitive(s));
            data.put("source", s.source());
            JsonReply.data(ctx, data);
        });
    }
}
