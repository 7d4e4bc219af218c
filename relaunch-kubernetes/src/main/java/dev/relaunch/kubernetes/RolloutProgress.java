package dev.relaunch.kubernetes;

import dev.relaunch.restart.OpStatus;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a rolling restart stands, read as {@code kubectl rollout status} reads it, from the workload's status and its
 * pods. Pure: no API calls. New pods are those whose {@code kubectl.kubernetes.io/restartedAt} annotation (copied
 * from the pod template) is this restart's stamp.
 */
final class RolloutProgress {
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    /**
     * @param status  {@code starting} (new pods coming up), {@code draining} (all new pods available, old ones
     *                going), {@code restarted} or {@code failed}
     * @param newPods the pods of this restart, oldest first
     * @param serving the ready pods now
     * @param stuck   on failure, the new pod that did not get ready (null when none was created)
     * @param failure on failure, what happened; else null
     * @param code    on failure, {@code progress_deadline_exceeded} or {@code pod_not_ready}; else null
     */
    record Observation(OpStatus status, List<String> newPods, List<String> serving, Pod stuck, String failure,
                       String code) {}

    private RolloutProgress() {}

    static Observation of(Deployment d, List<Pod> pods, String stamp, Instant now, long podTimeoutMs) {
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        boolean observed = n(s.getObservedGeneration()) >= n(d.getMetadata().getGeneration());
        int updated = n(s.getUpdatedReplicas());
        boolean deadline = s.getConditions() != null && s.getConditions().stream().anyMatch(c ->
                "Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason()));
        boolean newAvailable = observed && updated == desired && n(s.getAvailableReplicas()) >= updated;
        boolean done = newAvailable && n(s.getReplicas()) == updated;
        return observe(pods, stamp, now, podTimeoutMs, desired, done, newAvailable, deadline);
    }

    static Observation of(StatefulSet set, List<Pod> pods, String stamp, Instant now, long podTimeoutMs) {
        StatefulSetStatus s = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
        int desired = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
        boolean observed = n(s.getObservedGeneration()) >= n(set.getMetadata().getGeneration());
        boolean done = observed && n(s.getUpdatedReplicas()) == desired && n(s.getReadyReplicas()) == desired
                && Objects.equals(s.getUpdateRevision(), s.getCurrentRevision());
        // a StatefulSet replaces pods one at a time, old before new: there is no draining phase
        return observe(pods, stamp, now, podTimeoutMs, desired, done, done, false);
    }

    private static Observation observe(List<Pod> pods, String stamp, Instant now, long podTimeoutMs, int desired,
                                       boolean done, boolean newAvailable, boolean deadline) {
        List<Pod> fresh = pods.stream().filter(p -> stamp.equals(annotation(p))).sorted(OLDEST_FIRST).toList();
        List<String> newPods = fresh.stream().map(RolloutProgress::name).toList();
        List<String> serving = pods.stream().filter(RolloutProgress::serving).sorted(OLDEST_FIRST)
                .map(RolloutProgress::name).toList();
        // the workload's counters alone would also read "done" before the controller has seen the new template
        if (done && fresh.stream().filter(RolloutProgress::serving).count() >= desired) {
            return new Observation(OpStatus.RESTARTED, newPods, serving, null, null, null);
        }
        Optional<Pod> late = fresh.stream().filter(p -> !ready(p))
                .filter(p -> age(p, now).toMillis() > podTimeoutMs).findFirst();
        if (deadline || late.isPresent()) {
            Pod stuck = late.or(() -> fresh.stream().filter(p -> !ready(p)).findFirst()).orElse(null);
            String why = stuck == null ? "no new pod was created" : "new pod " + name(stuck) + " " + reason(stuck);
            String code = deadline ? "progress_deadline_exceeded" : "pod_not_ready";
            String what = deadline ? "The rollout passed its progress deadline (ProgressDeadlineExceeded): " + why
                    : "The new pod did not become ready within " + podTimeoutMs + " ms (STARTUP_TIMEOUT_MS): " + why;
            return new Observation(OpStatus.FAILED, newPods, serving, stuck, what, code);
        }
        return new Observation(newAvailable ? OpStatus.DRAINING : OpStatus.STARTING, newPods, serving, null, null,
                null);
    }

    /** Why a pod is not ready, as {@code kubectl get pods} would show it: {@code CrashLoopBackOff (exit code 1)}. */
    static String reason(Pod p) {
        List<ContainerStatus> cs = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? List.of()
                : p.getStatus().getContainerStatuses();
        for (ContainerStatus c : cs) {
            ContainerStateWaiting waiting = c.getState() == null ? null : c.getState().getWaiting();
            ContainerStateTerminated last = c.getLastState() == null ? null : c.getLastState().getTerminated();
            ContainerStateTerminated now = c.getState() == null ? null : c.getState().getTerminated();
            ContainerStateTerminated ended = now != null ? now : last;
            String exit = ended == null || ended.getExitCode() == null ? "" : " (exit code " + ended.getExitCode() + ")";
            if (waiting != null && waiting.getReason() != null) {
                return "is " + waiting.getReason() + exit;
            }
            if (now != null) {
                return "has terminated: " + now.getReason() + exit;
            }
            if (!Boolean.TRUE.equals(c.getReady())) {
                return "is running but not ready (its readiness probe fails)" + exit;
            }
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "is " + (phase == null ? "not scheduled yet" : phase) + ", not ready";
    }

    /** The exit code of the stuck pod's last run, if it ran. */
    static Integer exitCode(Pod p) {
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return p.getStatus().getContainerStatuses().stream()
                .map(c -> c.getState() != null && c.getState().getTerminated() != null ? c.getState().getTerminated()
                        : c.getLastState() == null ? null : c.getLastState().getTerminated())
                .filter(Objects::nonNull).map(ContainerStateTerminated::getExitCode).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    static boolean serving(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && ready(p);
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String annotation(Pod p) {
        var a = p.getMetadata().getAnnotations();
        return a == null ? null : a.get(RESTARTED_AT);
    }

    static String name(Pod p) {
        return p.getMetadata().getName();
    }

    private static Duration age(Pod p, Instant now) {
        String created = p.getMetadata().getCreationTimestamp();
        return created == null ? Duration.ZERO : Duration.between(Instant.parse(created), now);
    }

    private static final Comparator<Pod> OLDEST_FIRST = Comparator.comparing(
            (Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(RolloutProgress::name);

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }
}
