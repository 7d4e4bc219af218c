package bench;

import bench.RawHttp.Resp;
import dev.relaunch.restart.OpStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static bench.Json.num;
import static bench.Procs.sleep;
import static bench.RawHttp.IO_TIMEOUT_MS;
import static bench.RawHttp.PID;
import static bench.RawHttp.classify;
import static bench.Stats.ms;
import static bench.Stats.round1;
import static bench.Stats.stats;

/** Requests one restart through the API and times it; latency statistics over a series of them. */
final class Restarter {
    static final long RESTART_TIMEOUT_MS = 90_000;
    /** The op statuses after which an op record no longer changes, as the product defines them. */
    static final Set<String> FINAL = Arrays.stream(OpStatus.values()).filter(OpStatus::isFinal).map(OpStatus::label)
            .collect(Collectors.toUnmodifiableSet());
    // an op record names its phases by the product's op statuses
    private static final String STARTING = OpStatus.STARTING.label();
    private static final String READY = OpStatus.READY.label();
    private static final String DRAINING = OpStatus.DRAINING.label();
    private static final Pattern OP = Pattern.compile("\"op_id\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

    private Restarter() {}

    static Restart once(Instance inst, long oldPid, long timeoutMs) {
        Restart r = new Restart();
        r.pidBefore = oldPid;
        r.t0 = Instant.now();
        r.t0Ns = System.nanoTime();
        long deadline = r.t0Ns + timeoutMs * 1_000_000L;
        while (r.opId == null && System.nanoTime() - r.t0Ns < 10_000_000_000L) {
            r.postAttempts++;
            try {
                Resp p = RawHttp.oneShot(inst.port, "POST", inst.apiBase + "/api/v1/settings/restart", "{}",
                        IO_TIMEOUT_MS);
                Matcher m = OP.matcher(p.body());
                if (p.status() == 202 && m.find()) {
                    r.opId = m.group(1);
                } else {
                    r.status = "request_failed";
                    r.error = "HTTP " + p.status() + ": " + p.body();
                    return r;
                }
            } catch (IOException e) {
                r.error = classify(e) + ": " + e.getMessage();
                sleep(50);
            }
        }
        if (r.opId == null) {
            r.status = "request_failed";
            return r;
        }
        r.error = null;
        Path opFile = inst.opsDir().resolve(r.opId + ".json");
        Map<?, ?> op = null;
        String st = null;
        while (System.nanoTime() < deadline) {
            if (r.healthNewPidMs == null) {
                try {
                    Resp h = RawHttp.oneShot(inst.port, "GET", inst.apiBase + "/api/v1/health", null, 2000);
                    Matcher m = PID.matcher(h.body());
                    if (h.status() == 200 && m.find() && Long.parseLong(m.group(1)) != oldPid) {
                        r.healthNewPidMs = round1(ms(System.nanoTime() - r.t0Ns));
                        r.pidAfter = Long.parseLong(m.group(1));
                    }
                } catch (IOException e) {
                    // nobody listens (stop-start) or a reset: keep polling
                }
            }
            if (st == null || !FINAL.contains(st)) {
                try {
                    op = (Map<?, ?>) Json.parse(Files.readString(opFile));
                    st = String.valueOf(op.get("status"));
                    if (FINAL.contains(st)) {
                        r.finalSeenMs = round1(ms(System.nanoTime() - r.t0Ns));
                    }
                } catch (Exception e) {
                    // not written yet or mid-rename
                }
            }
            if (st != null && FINAL.contains(st) && (r.healthNewPidMs != null || !st.equals(Restart.RESTARTED))) {
                break;
            }
            sleep(10);
        }
        if (op != null) {
            r.status = st != null && FINAL.contains(st) ? st : "timeout";
            Object before = op.get("pid_before");
            if (before != null) {
                r.pidBefore = num(before).longValue();
            }
            Object after = op.get("pid_after");
            if (after != null && r.restarted()) {
                r.pidAfter = num(after).longValue();
            }
            Object dur = op.get("duration_ms");
            r.opDurationMs = dur == null ? null : num(dur).longValue();
            Object phases = op.get("phases");
            if (phases instanceof List<?> list) {
                for (Object o : list) {
                    Map<?, ?> ph = (Map<?, ?>) o;
                    Instant at = Instant.parse(String.valueOf(ph.get("at")));
                    r.phaseAt.put(String.valueOf(ph.get("name")),
                            round1(Duration.between(r.t0, at).toNanos() / 1e6));
                }
            }
            r.restartedMs = r.phaseAt.get(Restart.RESTARTED);
            List<String> names = new ArrayList<>(r.phaseAt.keySet());
            for (int i = 0; i + 1 < names.size(); i++) {
                r.steps.put(names.get(i) + "->" + names.get(i + 1), r.step(names.get(i), names.get(i + 1)));
            }
            if (op.get("error") instanceof Map<?, ?> e) {
                r.error = e.get("code") + ": " + e.get("message");
            }
        }
        return r;
    }

    /** Latency statistics over restarts, with the phase breakdown named the same way for both strategies. */
    static Map<String, Object> latency(List<Restart> rs) {
        List<Restart> ok = rs.stream().filter(Restart::restarted).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health_new_pid_ms", stats(values(ok, r -> r.healthNewPidMs)));
        m.put("restarted_ms", stats(values(ok, r -> r.restartedMs)));
        m.put("op_duration_ms", stats(values(ok, r -> r.opDurationMs == null ? null : r.opDurationMs * 1.0)));
        m.put("spawned_at_ms", stats(values(ok, r -> r.phaseAt.get(STARTING))));
        m.put("spawn_to_ready_ms", stats(values(ok, r -> r.step(STARTING, READY))));
        m.put("drain_ms", stats(values(ok, r -> r.stepAfter(DRAINING))));
        m.put("no_listener_window_ms", stats(values(ok, r -> r.phaseAt.get(DRAINING) != null
                && r.phaseAt.get(STARTING) != null && r.phaseAt.get(DRAINING) < r.phaseAt.get(STARTING)
                ? r.step(DRAINING, READY) : null)));
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        for (Restart r : ok) {
            r.steps.forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        Map<String, Object> st = new LinkedHashMap<>();
        steps.forEach((k, v) -> st.put(k, stats(v)));
        m.put("steps_ms", st);
        m.put("settled_after_ms", stats(rs.stream().map(r -> r.settleMs == null ? null : r.settleMs * 1.0)
                .filter(v -> v != null).toList()));
        m.put("note", "ms from the moment the bench sent POST /api/v1/settings/restart; health_new_pid: first "
                + "200 from /api/v1/health (new connection, polled every 10 ms) with a PID other than the old "
                + "one; restarted: the 'restarted' phase time in the op record; spawned_at: the 'starting' "
                + "phase (the new process was forked; for stop-start after the old one exited); "
                + "spawn_to_ready: starting -> ready; drain: draining -> next phase (old server drained and "
                + "exited); no_listener_window (stop-start only): draining -> ready, when nothing accepts "
                + "connections; settled_after: after the restart and the gap, how long until the instance's "
                + "other processes (a new standby server warming up) were CPU-quiet, waited for before the next "
                + "restart");
        return m;
    }

    private static List<Double> values(List<Restart> rs, java.util.function.Function<Restart, Double> f) {
        return rs.stream().map(f).filter(v -> v != null).toList();
    }
}
