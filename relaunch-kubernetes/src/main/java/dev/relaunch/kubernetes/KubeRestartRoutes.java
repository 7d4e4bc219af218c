package dev.relaunch.kubernetes;

import dev.relaunch.restart.OpIds;
import dev.relaunch.restart.RestartService;
import dev.relaunch.settings.RestartRoutes;
import dev.relaunch.web.ApiException;
import dev.relaunch.web.JsonReply;
import dev.relaunch.web.Mount;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart API of the plugin ({@code POST /api/v1/settings/restart}, {@code GET …/restart/status/{op_id}},
 * {@code GET …/restart/ops}) answered from the cluster: the same answers and codes, each operation with the rollout's
 * fields ({@code platform}, {@code workload}, {@code pods_before}, {@code pods_after}, {@code serving_pods}) added.
 */
final class KubeRestartRoutes {
    private static final Logger log = LoggerFactory.getLogger(KubeRestartRoutes.class);

    private final RollingRestarts restarts;

    KubeRestartRoutes(RollingRestarts restarts) {
        this.restarts = restarts;
    }

    void register(Mount routes) {
        routes.post("/api/v1/settings/restart", this::restart);
        routes.get("/api/v1/settings/restart/status/{op_id}", ctx -> {
            String id = ctx.pathParam("op_id");
            if (!OpIds.isValid(id)) {
                throw new ApiException(400, "invalid_op_id", "an operation id is 16 characters of letters, "
                        + "digits, '-' and '_'");
            }
            RolloutOp op = restarts.find(id).orElseThrow(() ->
                    new ApiException(404, "unknown_op", "no restart operation " + id));
            JsonReply.data(ctx, op.toApi());
        });
        routes.get("/api/v1/settings/restart/ops", ctx -> {
            String l = ctx.queryParam("limit");
            if (l != null && (!l.matches("[0-9]{1,3}") || Integer.parseInt(l) < 1)) {
                throw new ApiException(400, "invalid_limit", "limit is a number from 1 to 100");
            }
            int limit = l == null ? 50 : Math.min(100, Integer.parseInt(l));
            JsonReply.data(ctx, restarts.recent(limit).stream().map(RolloutOp::toApi).toList());
        });
    }

    private void restart(Context ctx) {
        String by = RestartRoutes.requestedBy(ctx.header("X-Relaunch-Client"), ctx.header("Sec-Fetch-Site"));
        RolloutOp op;
        try {
            op = restarts.restart(by);
        } catch (RestartService.RestartUnavailableException e) {
            log.warn("Restart requested by {} from {} is unavailable: {}", by, ctx.ip(), e.getMessage());
            throw new ApiException(503, "restart_unavailable", e.getMessage());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("restarting", true);
        data.put("op_id", op.op().opId());
        data.put("status", op.op().status());
        data.put("platform", RolloutOp.PLATFORM);
        data.put("workload", op.rollout().workload());
        JsonReply.send(ctx, 202, Map.of("data", data));
    }
}
