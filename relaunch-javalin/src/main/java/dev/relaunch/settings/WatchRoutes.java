package dev.relaunch.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.restart.RestartService;
import dev.relaunch.restart.WatchState;
import dev.relaunch.web.ApiException;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import io.javalin.http.Context;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/settings/watch} with {@code {"paused": true|false}}: pauses or resumes the supervisor's restart
 * on change ({@code relaunch start --watch}). 200 with the watch state; 409 {@code not_watching} when the supervisor
 * does not watch; 400 {@code invalid_body} for anything but that one boolean. Behind the same checks as a restart.
 */
public final class WatchRoutes {
    private static final Logger log = LoggerFactory.getLogger(WatchRoutes.class);
    private static final ObjectMapper BODY = new ObjectMapper();
    private static final String EXPECTED = "send {\"paused\": true} to pause restart on change, {\"paused\": false} "
            + "to resume it";

    private final RestartService service;

    public WatchRoutes(RestartService service) {
        this.service = service;
    }

    public void register(Mount routes) {
        routes.post("/api/v1/settings/watch", this::pause);
    }

    private void pause(Context ctx) {
        boolean paused = paused(ctx.body());
        WatchState state;
        try {
            state = service.pauseWatch(paused);
        } catch (RestartService.NotWatchingException e) {
            throw new ApiException(409, "not_watching", e.getMessage());
        } catch (RestartService.RestartUnavailableException e) {
            throw new ApiException(503, "restart_unavailable", e.getMessage());
        }
        log.info("Restart on change {} from {}", paused ? "paused" : "resumed", ctx.ip());
        JsonReply.data(ctx, state);
    }

    /** {@code paused} from the body; the guard has already checked the body is one JSON object or empty. */
    static boolean paused(String body) {
        JsonNode n;
        try {
            n = body == null || body.isBlank() ? null : BODY.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "the body is not valid JSON; " + EXPECTED);
        }
        if (n == null || !n.isObject() || n.size() != 1 || !n.path("paused").isBoolean()) {
            throw new ApiException(400, "invalid_body", EXPECTED);
        }
        return n.path("paused").booleanValue();
    }
}
