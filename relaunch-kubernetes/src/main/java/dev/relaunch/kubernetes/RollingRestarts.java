package dev.relaunch.kubernetes;

import dev.relaunch.restart.OpIds;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.RestartService;
import dev.relaunch.web.ApiException;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restart Server in a cluster: what {@code kubectl rollout restart} does (the pod template's
 * {@code kubectl.kubernetes.io/restartedAt} set to now, nothing else of the workload changed), recorded on the
 * {@link OpBoard}, then followed by whichever pod is asked: each read of an operation that is not final looks at the
 * rollout again and records what changed. Kubernetes does the rest: readiness gates the new pods, the Service moves
 * traffic, and a new pod that never gets ready leaves the old ones serving.
 */
final class RollingRestarts implements RestartService {
    static final String STRATEGY = "rolling-restart";
    private static final int LOG_LINES = 20;
    private static final Logger log = LoggerFactory.getLogger(RollingRestarts.class);

    private final KubernetesClient client;
    private final Access access;
    private final WorkloadLocator locator;
    private final OpBoard board;
    private final PodSettings settings;
    private final Clock clock;
    private final RestartAvailability availability;

    RollingRestarts(KubernetesClient client, Access access, OpBoard board, PodSettings settings, Clock clock) {
        this.client = client;
        this.access = access;
        this.locator = new WorkloadLocator(client, access);
        this.board = board;
        this.settings = settings;
        this.clock = clock;
        this.availability = new RestartAvailability(this::whyUnavailable, clock::instant);
    }

    @Override
    public OpRecord request(String requestedBy) {
        return restart(requestedBy).op();
    }

    /**
     * Starts a rolling restart, or returns the one in progress.
     *
     * @throws RestartUnavailableException when this pod's owner cannot be rolled, or the Deployment is paused
     * @throws ApiException                when the API server refuses (e.g. {@code permission_missing})
     */
    synchronized RolloutOp restart(String requestedBy) {
        Workload workload = workload();
        Optional<RolloutOp> running = board.recent(OpBoard.KEEP).stream()
                .filter(o -> !o.op().isFinal() && o.rollout().workload().equals(workload.toString()))
                .map(this::observe).filter(o -> !o.op().isFinal()).findFirst();
        if (running.isPresent()) {
            return running.get();
        }
        List<String> before = pods(workload).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(RolloutProgress::name).sorted().toList();
        String stamp = clock.instant().toString();
        RolloutOp op = new RolloutOp(OpRecord.pending(OpIds.next(), requestedBy, null, STRATEGY, false,
                clock.instant()), new RolloutOp.Rollout(RolloutOp.PLATFORM, workload.toString(), stamp, before,
                List.of(), before));
        board.save(op); // first, so that a missing right on the ConfigMap stops before anything rolls
        try {
            access.call("patch", workload.resource(), () -> patchTemplate(workload, stamp));
        } catch (ApiException e) {
            board.save(op.with(op.op().withPhase(OpStatus.FAILED, clock.instant())
                    .withError(e.code(), e.getMessage(), null, List.of(), null)));
            throw e;
        }
        log.info("Rolling restart of {} requested by {}: operation {} (pods before: {})", workload, requestedBy,
                op.op().opId(), before);
        RolloutOp started = op.with(op.op().withPhase(OpStatus.STARTING, clock.instant()));
        board.save(started);
        return started;
    }

    /** The operation as it stands now; one that is not final is looked at again first. */
    Optional<RolloutOp> find(String opId) {
        return board.find(opId).map(this::observe);
    }

    List<RolloutOp> recent(int limit) {
        return board.recent(limit).stream().map(this::observe).toList();
    }

    @Override
    public Optional<OpRecord> inProgress() {
        return board.recent(OpBoard.KEEP).stream().filter(o -> !o.op().isFinal()).map(this::observe)
                .filter(o -> !o.op().isFinal()).map(RolloutOp::op).findFirst();
    }

    @Override
    public Optional<String> unavailableReason() {
        return availability.reason();
    }

    @Override
    public String mode() {
        return RolloutOp.PLATFORM;
    }

    @Override
    public OptionalLong supervisorPid() {
        return OptionalLong.empty();
    }

    private Workload workload() {
        try {
            return locator.locate(settings.pod());
        } catch (WorkloadLocator.Unsupported e) {
            throw new RestartUnavailableException(e.getMessage());
        }
    }

    /**
     * What a click would be refused for: an owner that cannot be rolled, a paused Deployment, a missing right or a
     * workload that is gone. Throws when the API server cannot be asked ({@code kubernetes_unavailable}).
     */
    private Optional<String> whyUnavailable() {
        try {
            Workload w = workload();
            if (w.kind().equals(Workload.DEPLOYMENT)) {
                refuseIfPaused(deployment(w), w);
            }
            return Optional.empty();
        } catch (RestartUnavailableException e) {
            return Optional.of(e.getMessage());
        } catch (ApiException e) {
            if (e.code().equals("kubernetes_unavailable")) {
                throw e;
            }
            return Optional.of(e.getMessage());
        }
    }

    private static void refuseIfPaused(Deployment d, Workload w) {
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            throw new RestartUnavailableException("Deployment " + w.name() + " is paused, so it would not roll; "
                    + "resume it first: kubectl rollout resume deployment/" + w.name());
        }
    }

    private Object patchTemplate(Workload w, String stamp) {
        // a merge patch of the one annotation: the template's other annotations and everything else stay as they are
        String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RolloutProgress.RESTARTED_AT
                + "\":\"" + stamp + "\"}}}}}";
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        if (w.kind().equals(Workload.DEPLOYMENT)) {
            refuseIfPaused(deployment(w), w);
            return client.apps().deployments().inNamespace(access.namespace()).withName(w.name()).patch(merge, patch);
        }
        return client.apps().statefulSets().inNamespace(access.namespace()).withName(w.name()).patch(merge, patch);
    }

    private RolloutOp observe(RolloutOp op) {
        if (op.op().isFinal()) {
            return op;
        }
        Workload w = workloadOf(op);
        List<Pod> pods = pods(w);
        String stamp = op.rollout().restartedAt();
        Deployment d = w.kind().equals(Workload.DEPLOYMENT) ? deployment(w) : null;
        StatefulSet set = d == null ? statefulSet(w) : null;
        String template = annotation(d != null ? d.getSpec().getTemplate().getMetadata().getAnnotations()
                : set.getSpec().getTemplate().getMetadata().getAnnotations());
        if (!stamp.equals(template)) {
            if (op.op().status() != OpStatus.PENDING) {
                return board.save(op.with(op.op().withPhase(OpStatus.FAILED, clock.instant()).withError(
                        "superseded", "The pod template's " + RolloutProgress.RESTARTED_AT + " is " + template
                                + " now, not this restart's " + stamp + ": another restart replaced it; follow that "
                                + "one with kubectl rollout status", null, List.of(), null)));
            }
            if (Duration.between(Instant.parse(op.op().requestedAt()), clock.instant()).toMillis()
                    > settings.podTimeoutMs()) {
                // the pod that recorded it was gone before it could patch (a fresh record is patched in milliseconds)
                return board.save(op.with(op.op().withPhase(OpStatus.FAILED, clock.instant()).withError(
                        "not_applied", "This restart was recorded but never applied to " + w + "; press Restart "
                                + "Server again", null, List.of(), null)));
            }
            return op;
        }
        RolloutProgress.Observation seen = d != null
                ? RolloutProgress.of(d, pods, stamp, clock.instant(), settings.podTimeoutMs())
                : RolloutProgress.of(set, pods, stamp, clock.instant(), settings.podTimeoutMs());
        RolloutOp next = op.with(op.rollout().withPods(seen.newPods(), seen.serving()));
        if (seen.status() != op.op().status()) {
            OpRecord r = next.op().withPhase(seen.status(), clock.instant());
            if (seen.status() == OpStatus.FAILED) {
                String still = seen.serving().isEmpty() ? "No pod is ready now."
                        : "Still serving: " + String.join(", ", seen.serving()) + ".";
                r = r.withError(seen.code(), seen.failure() + ". Kubernetes keeps the old pods serving. " + still
                        + " Undo the last settings change, then restart again.", RolloutProgress.exitCode(seen.stuck()),
                        logTail(seen.stuck()), null);
                log.warn("Rolling restart {} of {} failed: {}", op.op().opId(), w, seen.failure());
            }
            next = next.with(r);
        }
        return next.equals(op) ? op : board.save(next);
    }

    private static String annotation(Map<String, String> annotations) {
        return annotations == null ? null : annotations.get(RolloutProgress.RESTARTED_AT);
    }

    private Workload workloadOf(RolloutOp op) {
        String[] kindName = op.rollout().workload().split(" ", 2);
        return new Workload(kindName[0], kindName[1]);
    }

    private List<String> logTail(Pod stuck) {
        if (stuck == null) {
            return List.of();
        }
        String container = settings.container() != null ? settings.container()
                : stuck.getSpec().getContainers().get(0).getName();
        boolean crashed = stuck.getStatus() != null && stuck.getStatus().getContainerStatuses() != null
                && stuck.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> c.getRestartCount() != null && c.getRestartCount() > 0);
        try {
            // a crash-looping container's useful lines are those of the run that ended
            var logs = client.pods().inNamespace(access.namespace()).withName(RolloutProgress.name(stuck))
                    .inContainer(container);
            String text = crashed ? logs.terminated().tailingLines(LOG_LINES).getLog()
                    : logs.tailingLines(LOG_LINES).getLog();
            return text == null || text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
        } catch (RuntimeException e) {
            log.warn("Cannot read the log of pod {} (needs get on pods/log): {}", RolloutProgress.name(stuck),
                    e.getMessage());
            return List.of("(the log of " + RolloutProgress.name(stuck) + " could not be read: "
                    + (e instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 403
                    ? "the service account may not get pods/log; " + Access.RBAC_HINT : e.getMessage()) + ")");
        }
    }

    private Deployment deployment(Workload w) {
        Deployment d = access.call("get", w.resource(), () ->
                client.apps().deployments().inNamespace(access.namespace()).withName(w.name()).get());
        if (d == null) {
            throw new ApiException(404, "not_found", w + " no longer exists in namespace " + access.namespace());
        }
        return d;
    }

    private StatefulSet statefulSet(Workload w) {
        StatefulSet s = access.call("get", w.resource(), () ->
                client.apps().statefulSets().inNamespace(access.namespace()).withName(w.name()).get());
        if (s == null) {
            throw new ApiException(404, "not_found", w + " no longer exists in namespace " + access.namespace());
        }
        return s;
    }

    private List<Pod> pods(Workload w) {
        LabelSelector selector = w.kind().equals(Workload.DEPLOYMENT) ? deployment(w).getSpec().getSelector()
                : statefulSet(w).getSpec().getSelector();
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return access.call("list", "pods", () ->
                client.pods().inNamespace(access.namespace()).withLabels(labels).list().getItems());
    }
}
