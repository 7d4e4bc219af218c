package dev.relaunch.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart operations of a workload, kept in one small ConfigMap ({@code <op_id>.json} keys) that every pod reads:
 * the page that follows an operation keeps following it from whichever pod answers, after the pod that took the
 * click is gone. Writes are optimistic (the ConfigMap's {@code resourceVersion}) and retried on a conflict; the last
 * {@link #KEEP} operations are kept.
 */
final class OpBoard {
    static final int KEEP = 20;
    private static final int ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(OpBoard.class);

    private final KubernetesClient client;
    private final Access access;
    private final String name;

    OpBoard(KubernetesClient client, Access access, String name) {
        this.client = client;
        this.access = access;
        this.name = name;
    }

    Optional<RolloutOp> find(String opId) {
        return Optional.ofNullable(data().get(opId + ".json")).flatMap(json -> parse(opId, json));
    }

    /** The most recent operations first. */
    List<RolloutOp> recent(int limit) {
        List<RolloutOp> ops = new ArrayList<>();
        data().forEach((key, json) -> parse(key, json).ifPresent(ops::add));
        ops.sort(Comparator.comparing((RolloutOp o) -> o.op().requestedAt()).reversed());
        return ops.subList(0, Math.min(limit, ops.size()));
    }

    /**
     * Writes {@code op} over its previous version, dropping the oldest records beyond {@link #KEEP}, and returns what
     * the board holds for it then. Pods that look at the same rollout write in any order: a record never goes back
     * (a final record, or one with more phases, is kept over {@code op}).
     */
    RolloutOp save(RolloutOp op) {
        for (int attempt = 1; ; attempt++) {
            ConfigMap cm = access.call("get", "configmaps/" + name, () -> configMap().get());
            try {
                if (cm == null) {
                    ConfigMap created = new ConfigMapBuilder().withNewMetadata().withName(name)
                            .addToLabels("app.kubernetes.io/managed-by", "relaunch").endMetadata()
                            .addToData(op.op().opId() + ".json", op.toStored()).build();
                    access.call("create", "configmaps", () -> client.configMaps().inNamespace(access.namespace())
                            .resource(created).create());
                    return op;
                }
                Map<String, String> data = new HashMap<>(cm.getData() == null ? Map.of() : cm.getData());
                String key = op.op().opId() + ".json";
                Optional<RolloutOp> stored = Optional.ofNullable(data.get(key)).flatMap(json -> parse(key, json));
                if (stored.isPresent() && isAhead(stored.get(), op)) {
                    return stored.get();
                }
                data.put(key, op.toStored());
                trim(data);
                cm.setData(data);
                client.configMaps().inNamespace(access.namespace()).resource(cm).update();
                return op;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw access.refusal("update", "configmaps/" + name, e);
                }
                log.debug("Operations ConfigMap {} changed meanwhile; writing {} again", name, op.op().opId());
            }
        }
    }

    private static boolean isAhead(RolloutOp stored, RolloutOp candidate) {
        return stored.op().isFinal() || stored.op().phases().size() > candidate.op().phases().size();
    }

    private void trim(Map<String, String> data) {
        List<RolloutOp> ops = new ArrayList<>();
        data.forEach((key, json) -> parse(key, json).ifPresent(ops::add));
        ops.sort(Comparator.comparing((RolloutOp o) -> o.op().requestedAt()).reversed());
        ops.stream().skip(KEEP).forEach(o -> data.remove(o.op().opId() + ".json"));
    }

    private Map<String, String> data() {
        ConfigMap cm = access.call("get", "configmaps/" + name, () -> configMap().get());
        return cm == null || cm.getData() == null ? Map.of() : cm.getData();
    }

    private io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> configMap() {
        return client.configMaps().inNamespace(access.namespace()).withName(name);
    }

    private static Optional<RolloutOp> parse(String key, String json) {
        try {
            return Optional.of(RolloutOp.fromStored(json));
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Ignoring unreadable restart record {} in the operations ConfigMap: {}", key, e.getMessage());
            return Optional.empty();
        }
    }
}
