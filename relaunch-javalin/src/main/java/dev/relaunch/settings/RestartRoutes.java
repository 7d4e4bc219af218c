package dev.relaunch.settings;

import dev.relaunch.restart.OpIds;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartService;
import dev.relaunch.web.ApiException;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The restart API: request a restart, read one operation, list recent ones. */
public final class RestartRoutes {
    private static final Logger log = LoggerFactory.getLogger(RestartRoutes.class);

    private final RestartService service;
    private final OpStore store;

    public RestartRoutes(RestartService service, OpStore store) {
        this.service = service;
        this.store = store;
    }

    public void register(Mount routes) {
        routes.post("/api/v1/settings/restart", this::restart);
        routes.get("/api/v1/settings/restart/status/{op_id}", ctx -> {
            String id = opId(ctx);
            OpRecord op = store.find(id).orElseThrow(() -> unknownOp(id));
            JsonReply.data(ctx, op);
        });
        routes.get("/api/v1/settings/restart/ops", ctx -> JsonReply.data(ctx, store.recent(limit(ctx))));
    }

    /** The {@code {op_id}} of a path, checked (400 {@code invalid_op_id}); public for platforms' restart routes. */
    public static String opId(Context ctx) {
        String id = ctx.pathParam("op_id");
        if (!OpIds.isValid(id)) {
            throw new ApiException(400, "invalid_op_id", "an operation id is 16 characters of letters, "
                    + "digits, '-' and '_'");
        }
        return id;
    }

    /** 404 {@code unknown_op}. */
    public static ApiException unknownOp(String id) {
        return new ApiException(404, "unknown_op", "no restart operation " + id);
    }

    /** The {@code limit} query parameter of the operations list: 1 to 100, default 50 (400 {@code invalid_limit}). */
    public static int limit(Context ctx) {
        String l = ctx.queryParam("limit");
        if (l == null) {
            return 50;
        }
        if (!l.matches("[0-9]{1,3}") || Integer.parseInt(l) < 1) {
            throw new ApiException(400, "invalid_limit", "limit is a number from 1 to 100");
        }
        return Math.min(100, Integer.parseInt(l));
    }

    private void restart(Context ctx) {
        String by = requestedBy(ctx.header("X-Relaunch-Client"), ctx.header("Sec-Fetch-Site"));
        OpRecord op;
        try {
            op = service.request(by);
        } catch (RestartService.RestartUnavailableException e) {
            log.warn("Restart requested by {} from {} is unavailable: {}", by, ctx.ip(), e.getMessage());
            throw new ApiException(503, "restart_unavailable", e.getMessage());
        }
        log.info("Restart requested by {} from {}: operation {} ({})", by, ctx.ip(), op.opId(), op.status().label());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("restarting", true);
        data.put("op_id", op.opId());
        data.put("status", op.status());
        JsonReply.send(ctx, 202, Map.of("data", data));
    }

    /**
     * Who the op record says asked: {@code ui} for relaunch's own page (it says so, and the browser says the request
     * comes from this origin), {@code api} for every other HTTP client. {@code cli} is never taken from HTTP: the CLI
     * asks over the control socket.
     */
    public static String requestedBy(String client, String secFetchSite) {
        return "ui".equals(client) && "same-origin".equals(secFetchSite) ? "ui" : "api";
    }
}
