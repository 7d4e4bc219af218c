package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static bench.Stats.round1;

/**
 * Every failed request of a dev-loop column, with what it fell into: its wall-clock time (to find it in the
 * supervisor's and the app's logs), the client kind, the exception, the change whose window it started in, and the
 * restart (op record) in progress, with the op's phases as offsets from its request. Without it a rare failure
 * leaves only a count behind.
 */
final class FailureLog {
    /** More failures than this in one column are a different problem (DevTools' refusals): the rest are counted. */
    static final int MAX = 50;

    private FailureLog() {}

    /**
     * @param changeStarts the moment ({@link System#nanoTime()}) each change was made, in order
     * @param opsDir       the supervisor's op records, or null for a column without relaunch
     */
    static List<Map<String, Object>> of(LoadGen load, List<Long> changeStarts, Path opsDir) {
        List<Map<String, Object>> ops = opsDir == null ? List.of() : readOps(opsDir);
        List<Map<String, Object>> out = new ArrayList<>();
        for (LoadGen.Failure f : load.failures().stream().limit(MAX).toList()) {
            Instant start = load.wallClock(f.atNs());
            Instant end = load.wallClock(f.endNs());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", start.toString());
            m.put("latency_ms", round1((f.endNs() - f.atNs()) / 1e6));
            m.put("client", f.client());
            m.put("connection", f.client().contains("keepalive") ? "keep-alive" : "new connection");
            m.put("reused_connection", f.reusedConnection());
            m.put("class", f.cls());
            m.put("exception", f.detail());
            m.put("change", changeStarts.stream().filter(t -> t <= f.atNs()).count());
            m.put("op", op(ops, start, end));
            out.add(m);
        }
        return out;
    }

    /** The latest op requested before the failure ended, with the failure and the op's phases relative to it. */
    private static Map<String, Object> op(List<Map<String, Object>> ops, Instant start, Instant end) {
        Map<String, Object> op = null;
        for (Map<String, Object> o : ops) {
            if (!instant(o.get("requested_at")).isAfter(end)) {
                op = o;
            }
        }
        if (op == null) {
            return null;
        }
        Instant requested = instant(op.get("requested_at"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op_id", op.get("op_id"));
        m.put("status", op.get("status"));
        m.put("pid_before", op.get("pid_before"));
        m.put("pid_after", op.get("pid_after"));
        m.put("failure_started_ms", offset(requested, start));
        m.put("failure_ended_ms", offset(requested, end));
        Map<String, Object> phases = new LinkedHashMap<>();
        if (op.get("phases") instanceof List<?> list) {
            for (Object p : list) {
                Map<?, ?> ph = (Map<?, ?>) p;
                phases.put(String.valueOf(ph.get("name")), offset(requested, instant(ph.get("at"))));
            }
        }
        m.put("phases_ms", phases);
        m.put("old_exited_ms", op.get("old_exited_at") == null ? null
                : offset(requested, instant(op.get("old_exited_at"))));
        return m;
    }

    private static double offset(Instant from, Instant to) {
        return round1(Duration.between(from, to).toNanos() / 1e6);
    }

    private static Instant instant(Object iso) {
        return Instant.parse(String.valueOf(iso));
    }

    /** The op records, oldest request first; one that cannot be read is left out. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> readOps(Path dir) {
        List<Map<String, Object>> ops = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                try {
                    Map<String, Object> op = (Map<String, Object>) Json.parse(Files.readString(f));
                    if (op.get("requested_at") != null) {
                        ops.add(op);
                    }
                } catch (IOException | RuntimeException e) {
                    // written while the supervisor stopped: not one the failures can fall into
                }
            }
        } catch (IOException e) {
            return ops;
        }
        ops.sort(Comparator.comparing(o -> instant(o.get("requested_at"))));
        return ops;
    }
}
