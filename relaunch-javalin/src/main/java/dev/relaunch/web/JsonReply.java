package dev.relaunch.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.json.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes relaunch's JSON answers with relaunch's own mapper, never the host app's: success bodies {@code {"data": …}}
 * and errors {@code {"error": {"code", "message"}}}. Thread-safe.
 */
public final class JsonReply {
    private static final ObjectMapper MAPPER = Json.newMapper();

    private JsonReply() {}

    /** {@code status} with {@code body} as JSON. */
    public static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(bytes(body));
    }

    /** 200 {@code {"data": data}}. */
    public static void data(Context ctx, Object data) {
        send(ctx, 200, Map.of("data", data));
    }

    public static void error(Context ctx, int status, String code, String message) {
        send(ctx, status, Map.of("error", errorBody(code, message)));
    }

    /** The error of {@code e}: its status, code, message and details. */
    public static void error(Context ctx, ApiException e) {
        Map<String, Object> err = errorBody(e.code(), e.getMessage());
        e.details().forEach(err::putIfAbsent);
        send(ctx, e.status(), Map.of("error", err));
    }

    static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", code);
        err.put("message", message);
        return err;
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // only our own records and maps are written: a failure here is a bug, reported without the value
            return ("{\"error\":{\"code\":\"internal_error\",\"message\":\"the answer could not be written as JSON ("
                    + e.getOriginalMessage().replace('"', '\'') + ")\"}}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
