package dev.relaunch.kubernetes;

import dev.relaunch.json.WireJson;
import dev.relaunch.restart.OpRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restart operation in a cluster: the record every restart has ({@link OpRecord}, PIDs left null: a pod's PID says
 * nothing across pods) plus the pods it replaced. The API sends both as one flat object, so the UI reads the usual
 * fields and, where present, {@code pods_before}/{@code pods_after} instead of PIDs.
 *
 * @param op     the operation as every restart records it
 * @param rollout what was rolled and which pods served before, after and now
 */
public record RolloutOp(OpRecord op, Rollout rollout) {
    /**
     * @param workload    e.g. {@code Deployment app}
     * @param restartedAt the value written to the pod template's {@code kubectl.kubernetes.io/restartedAt}; it names
     *                    the new ReplicaSet
     * @param podsBefore  the workload's pods when the restart was requested
     * @param podsAfter   the new pods, once every one is ready (or the new pods so far, on failure)
     * @param servingPods the ready pods when the record was last updated (on failure: the old ones, still serving)
     */
    public record Rollout(String platform, String workload, String restartedAt, List<String> podsBefore,
                   List<String> podsAfter, List<String> servingPods) {
        public Rollout {
            podsBefore = podsBefore == null ? List.of() : List.copyOf(podsBefore);
            podsAfter = podsAfter == null ? List.of() : List.copyOf(podsAfter);
            servingPods = servingPods == null ? List.of() : List.copyOf(servingPods);
        }

        Rollout withPods(List<String> after, List<String> serving) {
            return new Rollout(platform, workload, restartedAt, podsBefore, after, serving);
        }
    }

    static final String PLATFORM = "kubernetes";

    RolloutOp with(OpRecord next) {
        return new RolloutOp(next, rollout);
    }

    RolloutOp with(Rollout next) {
        return new RolloutOp(op, next);
    }

    /** The flat object the API sends: the op record's fields, then the rollout's. */
    Map<String, Object> toApi() {
        @SuppressWarnings("unchecked")
        Map<String, Object> flat = new LinkedHashMap<>((Map<String, Object>) WireJson.toValue(op));
        @SuppressWarnings("unchecked")
        Map<String, Object> pods = (Map<String, Object>) WireJson.toValue(rollout);
        flat.putAll(pods);
        return flat;
    }

    /** How the record is kept in the operations ConfigMap. */
    String toStored() {
        return WireJson.write(Map.of("op", WireJson.toValue(op), "rollout", WireJson.toValue(rollout)));
    }

    static RolloutOp fromStored(String json) throws IOException {
        Map<String, Object> o = WireJson.parseObject(json);
        if (!(o.get("op") instanceof Map<?, ?> op) || !(o.get("rollout") instanceof Map<?, ?> rollout)) {
            throw new IOException("expected {\"op\": {...}, \"rollout\": {...}}");
        }
        @SuppressWarnings("unchecked")
        OpRecord record = WireJson.toRecord((Map<String, ?>) op, OpRecord.class);
        @SuppressWarnings("unchecked")
        Rollout r = WireJson.toRecord((Map<String, ?>) rollout, Rollout.class);
        return new RolloutOp(record, r);
    }
}
