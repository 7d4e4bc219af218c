package dev.relaunch.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.config.EnvEditor;
import dev.relaunch.config.EnvEditor.EditException;
import dev.relaunch.config.KnownKeys;
import dev.relaunch.web.ApiException;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import dev.relaunch.web.SecurityPolicy;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Editing {@code .env} from the Settings tab: {@code PUT /api/v1/settings/env/{key}} ({@code {"value": "…"}}, create
 * or replace), {@code DELETE /api/v1/settings/env/{key}} and {@code POST /api/v1/settings/env-backup/restore} (put
 * {@code .env.bak} back). {@code If-None-Match: *} makes a PUT an "add" that refuses (409 {@code key_exists}) a key
 * the file already has. Every edit names the version it was based on in {@code If-Match} (the {@code ETag} of the
 * list, or {@code *}); a stale one is 409 {@code version_conflict} and nothing is written. Values of keys relaunch
 * reads are checked by the rules of a restart (400 {@code invalid_setting}, with the key as {@code error.field} and
 * what is wrong with the value as {@code error.problem} beside the message) unless the body says {@code "force": true}.
 * Values are never logged.
 */
public final class EnvEditRoutes {
    private static final Logger log = LoggerFactory.getLogger(EnvEditRoutes.class);
    private static final ObjectMapper BODY = new ObjectMapper();
    /** A key in a path: the wide syntax a file may already use; new keys are checked more strictly on write. */
    private static final Pattern PATH_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    private final EnvView view;
    private final EnvEditor editor;

    public EnvEditRoutes(EnvView view, EnvEditor editor) {
        this.view = view;
        this.editor = editor;
    }

    public void register(Mount routes) {
        routes.put("/api/v1/settings/env/{key}", this::put);
        routes.delete("/api/v1/settings/env/{key}", this::delete);
        routes.post("/api/v1/settings/env-backup/restore", this::restore);
    }

    private void put(Context ctx) {
        String key = pathKey(ctx);
        JsonNode body = body(ctx);
        JsonNode value = body.get("value");
        if (value == null || !value.isTextual()) {
            throw new ApiException(400, "invalid_value", "send the new value as a JSON string: {\"value\": \"...\"}"
                    + (value == null ? "" : " (it was " + value.getNodeType().name().toLowerCase() + ")"));
        }
        JsonNode force = body.get("force");
        if (force != null && !force.isBoolean()) {
            throw new ApiException(400, "invalid_value", "\"force\" is true or false");
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("value") && !field.equals("force")) {
                throw new ApiException(400, "invalid_value", "unknown field \"" + SecurityPolicy.sanitize(field)
                        + "\"; send {\"value\": \"...\"} and optionally \"force\": true");
            }
        }
        String newValue = value.textValue();
        Optional<String> problem = KnownKeys.problem(key, newValue);
        if (problem.isPresent() && (force == null || !force.booleanValue())) {
            throw new ApiException(400, "invalid_setting", problem.get() + ". A restart would refuse it; send "
                    + "\"force\": true to save it anyway", Map.of("field", key, "problem", problem.get()));
        }
        boolean createOnly = "*".equals(trimmed(ctx.header("If-None-Match")));
        EnvEditor.Outcome out = edit(ctx, () -> editor.set(key, newValue, ifMatch(ctx), createOnly));
        log.info("Settings: {} {} in {} (from {})", out.created() ? "added" : "changed", key,
                view.envFile().getFileName(), ctx.ip());
        List<String> warnings = new ArrayList<>();
        if (view.overridden(key)) {
            warnings.add(key + " is set in the process environment, which wins over .env: this edit has no effect "
                    + "until that variable is removed from the environment relaunch runs in");
        }
        problem.ifPresentOrElse(p -> warnings.add(p + "; the next restart will fail until it is fixed"),
                () -> KnownKeys.consequence(key, newValue).ifPresent(warnings::add));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key", key);
        data.put("created", out.created());
        data.put("entry", view.entry(key).orElse(null));
        data.put("version", out.version());
        data.put("warnings", warnings);
        answer(ctx, out.created() ? 201 : 200, out.version(), data);
    }

    private void delete(Context ctx) {
        String key = pathKey(ctx);
        EnvEditor.Outcome out = edit(ctx, () -> editor.delete(key, ifMatch(ctx)));
        log.info("Settings: removed {} from {} (from {})", key, view.envFile().getFileName(), ctx.ip());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key", key);
        data.put("deleted", true);
        data.put("entry", view.entry(key).orElse(null)); // still listed while the running server uses it
        data.put("version", out.version());
        answer(ctx, 200, out.version(), data);
    }

    private void restore(Context ctx) {
        body(ctx);
        EnvEditor.Outcome out = edit(ctx, () -> editor.restoreBackup(ifMatch(ctx)));
        log.info("Settings: restored {} from its backup (from {})", view.envFile().getFileName(), ctx.ip());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("restored", true);
        data.put("version", out.version());
        answer(ctx, 200, out.version(), data);
    }

    private static void answer(Context ctx, int status, String version, Map<String, Object> data) {
        ctx.header("ETag", etag(version));
        JsonReply.send(ctx, status, Map.of("data", data));
    }

    /** The {@code ETag} of a version: a strong entity tag. */
    public static String etag(String version) {
        return "\"" + version + "\"";
    }

    @FunctionalInterface
    private interface Edit {
        EnvEditor.Outcome run() throws EditException;
    }

    private static EnvEditor.Outcome edit(Context ctx, Edit edit) {
        try {
            return edit.run();
        } catch (EditException e) {
            if (e.currentVersion() != null) {
                ctx.header("ETag", etag(e.currentVersion()));
            }
            throw switch (e.kind()) {
                case CONFLICT -> new ApiException(409, "version_conflict", e.getMessage());
                case KEY_EXISTS -> new ApiException(409, "key_exists", e.getMessage());
                case UNKNOWN_KEY -> new ApiException(404, "unknown_key", e.getMessage());
                case INVALID_KEY -> new ApiException(400, "invalid_key", e.getMessage());
                case INVALID_VALUE -> new ApiException(400, "invalid_value", e.getMessage());
                case UNREADABLE -> new ApiException(409, "env_unreadable", e.getMessage());
                case NO_BACKUP -> new ApiException(404, "no_backup", e.getMessage());
                case WRITE_FAILED -> new ApiException(500, "write_failed", e.getMessage());
            };
        }
    }

    /**
     * The version named by {@code If-Match}: one entity tag ({@code "v"}, a weak {@code W/"v"} is accepted) or
     * {@code *}. Without it the edit is refused (428), since it could silently undo someone else's.
     */
    public static String ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            throw new ApiException(428, "version_required", "send the version of .env the edit is based on as "
                    + "If-Match: the ETag of GET api/v1/settings/env (data.version in quotes), or If-Match: * to "
                    + "overwrite whatever the file holds now");
        }
        String h = header.trim();
        if (h.equals("*")) {
            return EnvEditor.ANY;
        }
        if (h.startsWith("W/")) {
            h = h.substring(2);
        }
        if (h.length() >= 2 && h.startsWith("\"") && h.endsWith("\"") && h.indexOf('"', 1) == h.length() - 1) {
            return h.substring(1, h.length() - 1);
        }
        throw new ApiException(400, "invalid_if_match", "If-Match must be one quoted version, e.g. If-Match: "
                + "\"<data.version>\", or *");
    }

    /** The {@code {key}} of a path, checked (400 {@code invalid_key}); public for platforms' settings routes. */
    public static String pathKey(Context ctx) {
        String key = ctx.pathParam("key");
        if (!PATH_KEY.matcher(key).matches()) {
            throw new ApiException(400, "invalid_key", "a key starts with a letter or '_' and contains only letters, "
                    + "digits and '_' (at most 128 characters), e.g. API_URL");
        }
        return key;
    }

    /** The request body as a JSON object; the guard has already checked it is one, or empty. */
    public static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return BODY.createObjectNode();
        }
        try {
            return BODY.readTree(text);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "the body is not valid JSON; send {\"value\": \"...\"}");
        }
    }

    private static String trimmed(String header) {
        return header == null ? null : header.trim();
    }

}
