package bench;

import dev.relaunch.restart.OpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static bench.Stats.round1;

/** One restart, measured from the request to the first health answer of the new PID and to the final op record. */
final class Restart {
    /** The op status of a restart that ended with a new process serving. */
    static final String RESTARTED = OpStatus.RESTARTED.label();

    int index;
    long t0Ns;
    Instant t0;
    String opId;
    String status = "timeout";
    String error;
    long pidBefore;
    long pidAfter;
    int postAttempts;
    Double healthNewPidMs;
    Double restartedMs;
    Double finalSeenMs;
    Long opDurationMs;
    Long settleMs;
    Map<String, Double> phaseAt = new LinkedHashMap<>();
    Map<String, Double> steps = new LinkedHashMap<>();

    boolean restarted() {
        return status.equals(RESTARTED);
    }

    Double step(String from, String to) {
        Double a = phaseAt.get(from);
        Double b = phaseAt.get(to);
        return a == null || b == null ? null : round1(b - a);
    }

    /** The phase after {@code from} in this record, whichever it is. */
    Double stepAfter(String from) {
        List<String> names = new ArrayList<>(phaseAt.keySet());
        int i = names.indexOf(from);
        return i < 0 || i + 1 >= names.size() ? null : step(from, names.get(i + 1));
    }

    Map<String, Object> toMap(LoadGen load, List<Restart> all, long endNs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("i", index);
        m.put("op_id", opId);
        m.put("status", status);
        if (error != null) {
            m.put("error", error);
        }
        m.put("pid_before", pidBefore);
        m.put("pid_after", pidAfter);
        m.put("post_attempts", postAttempts);
        m.put("health_new_pid_ms", healthNewPidMs);
        m.put("restarted_ms", restartedMs);
        m.put("final_seen_ms", finalSeenMs);
        m.put("op_duration_ms", opDurationMs);
        m.put("settled_after_ms", settleMs);
        m.put("phase_at_ms", phaseAt);
        m.put("steps_ms", steps);
        if (load != null) {
            int k = all.indexOf(this);
            long to = k + 1 < all.size() ? all.get(k + 1).t0Ns : Long.MAX_VALUE;
            m.putAll(load.window(t0Ns, to));
        }
        return m;
    }
}
