package dev.relaunch.kubernetes;

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
            String id = RestartRoutes.opId(ctx);
            JsonReply.data(ctx, restarts.find(id).orElseThrow(() -> RestartRoutes.unknownOp(id)).toApi());
        });
        routes.get("/api/v1/settings/restart/ops", ctx -> JsonReply.data(ctx,
                restarts.recent(RestartRoutes.limit(ctx)).stream().map(RolloutOp::toApi).toList()));
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
