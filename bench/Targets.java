package bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static bench.Json.at;
import static bench.Json.d;
import static bench.Stats.fmt0;
import static bench.Stats.fmt1;
import static bench.Stats.fmtMs;
import static bench.Stats.signed;

/** The targets of the issues the bench checks, each judged from the phases' results. */
final class Targets {
    private Targets() {}

    static List<Map<String, Object>> evaluate(Opts o, Map<String, Object> phases, List<String> loadKeys) {
        List<Map<String, Object>> t = new ArrayList<>();
        String primary = loadKeys.contains("bg_migrate1") ? "bg_migrate1"
                : loadKeys.stream().filter(k -> k.startsWith("bg_")).findFirst().orElse(null);
        String baseline = primary == null ? null : baselineOf(primary);
        Double noStandby = d(at(phases, primary == null ? null : primary.replace("bg_", "bgns_"), "latency",
                "health_new_pid_ms", "median"));
        Double bgHealth = d(at(phases, primary, "latency", "health_new_pid_ms", "median"));
        Double ssHealth = d(at(phases, baseline, "latency", "health_new_pid_ms", "median"));
        Double bgHealthP95 = d(at(phases, primary, "latency", "health_new_pid_ms", "p95"));
        String cfg = primary == null ? "" : " (" + label(primary) + ")";
        t.add(target("restart_to_new_pid_healthy", "restart request -> new PID healthy, median" + cfg,
                "<= 1000 ms (stretch 400 ms)", bgHealth, "ms", bgHealth == null ? null : bgHealth <= 1000,
                bgHealth == null ? "not measured" : (bgHealth <= 400 ? "stretch met" : bgHealth <= 1000
                        ? "stretch missed by " + fmtMs(bgHealth - 400) : "missed by " + fmtMs(bgHealth - 1000))
                        + (bgHealthP95 == null ? "" : "; p95 " + fmtMs(bgHealthP95))
                        + (noStandby == null ? "" : "; without the standby server " + fmtMs(noStandby))));
        t.add(target("not_slower_than_stop_start", "blue-green no slower than stop-start (median new PID "
                + "healthy)" + cfg, "blue-green <= stop-start", bgHealth, "ms",
                bgHealth == null || ssHealth == null ? null : bgHealth <= ssHealth,
                ssHealth == null ? "no baseline" : "classic stop-start " + fmtMs(ssHealth) + ", ratio "
                        + (bgHealth == null ? "-" : String.format(Locale.ROOT, "%.2f", bgHealth / ssHealth))
                        + (noStandby == null ? "" : String.format(Locale.ROOT, "; without the standby server "
                        + "%.2f", noStandby / ssHealth))));
        Double lost1 = d(at(phases, "bg_migrate1", "load", "lost_during_restarts"));
        Double lost1ns = d(at(phases, "bgns_migrate1", "load", "lost_during_restarts"));
        Double lost0 = d(at(phases, loadKeys.contains("bg_migrate0") ? "bg_migrate0" : primary, "load",
                "lost_during_restarts"));
        Double done1 = d(at(phases, "bg_migrate1", "restarts_done"));
        t.add(target("requests_lost_migrate1", "requests lost during " + o.restarts + " blue-green restarts "
                + "under load, tcp_migrate_req=1", "0", lost1, "requests", lost1 == null ? null : lost1 == 0,
                (lost1 == null ? "not measured (needs root and a network namespace)"
                        : "over " + fmt0(done1) + " restarts") + "; with tcp_migrate_req=0: "
                        + (lost0 == null ? "not measured" : fmt0(lost0))
                        + (lost1ns == null ? "" : "; without the standby server: " + fmt0(lost1ns))));
        String zl = loadKeys.stream().filter(k -> k.startsWith("zl_")).findFirst().orElse(null);
        Double zlLost = d(at(phases, zl, "load", "lost_during_restarts"));
        Double zlDone = d(at(phases, zl, "restarts_ok"));
        Double zlConn = d(at(phases, zl, "load", "new_connections_per_s"));
        Double zlReq = d(at(phases, zl, "load", "rate_per_s"));
        t.add(target("requests_lost_no_retry", "requests lost by clients that never retry, "
                + o.zeroLossRestarts + " blue-green restarts, tcp_migrate_req=" + (zl == null ? "-"
                : zl.substring(zl.length() - 1)) + " (idle keep-alive, new connections, slow requests)", "0",
                zlLost, "requests", zlLost == null ? null : zlLost == 0, zlLost == null ? "not measured"
                        : fmt0(zlDone) + " restarts ok; " + fmt0(zlReq) + " requests/s, " + fmt0(zlConn)
                        + " new connections/s"));
        Double cold = d(at(phases, "startup", "series", "start", "ms", "median"));
        t.add(target("cold_start_to_healthy", "cold start, `relaunch start` (supervisor included) -> healthy, "
                + "median", "<= 1000 ms", cold, "ms", cold == null ? null : cold <= 1000,
                cold == null ? "not measured" : cold <= 1000 ? "" : "missed by " + fmtMs(cold - 1000)
                        + " (" + String.format(Locale.ROOT, "%.2fx", cold / 1000) + ")"));
        Double child = d(at(phases, "startup", "idle_rss", "server_child_rss_mib", "median"));
        Double others = d(at(phases, "startup", "idle_rss", "other_processes_rss_mib", "median"));
        Double total = d(at(phases, "startup", "idle_rss", "total_rss_mib", "median"));
        t.add(target("idle_rss_server_child", "idle RSS of the server child, median", "<= 120 MB", child,
                "MiB", child == null ? null : child * 1.048576 <= 120,
                child == null ? "not measured" : fmt1(child * 1.048576) + " MB"
                        + (others == null || others == 0 ? "" : "; plus a standby server " + fmt1(others)
                        + " MiB, whole tree " + fmt1(total) + " MiB")));
        Double sup = d(at(phases, "startup", "idle_rss", "supervisor_rss_mib", "median"));
        t.add(target("idle_rss_supervisor", "idle RSS of the supervisor, median", "<= 48 MB", sup, "MiB",
                sup == null ? null : sup * 1.048576 <= 48, sup == null ? "not measured"
                        : fmt1(sup * 1.048576) + " MB" + (sup * 1.048576 <= 48 ? ""
                        : ", over by " + fmt1(sup * 1.048576 - 48) + " MB")));
        Double growth = d(at(phases, "soak", "supervisor", "rss_growth_mib"));
        Double thr = d(at(phases, "soak", "supervisor", "threads_growth"));
        Double fds = d(at(phases, "soak", "supervisor", "fds_growth"));
        Double soakDone = d(at(phases, "soak", "restarts_done"));
        Double half = d(at(phases, "soak", "supervisor", "rss_growth_second_half_mib"));
        Boolean pass = growth == null ? null : growth <= 2.0 && thr <= 1 && fds <= 1;
        if (soakDone != null && soakDone < 120 && pass != null) {
            pass = null; // fewer restarts than the target asks for: reported, not judged
        }
        t.add(target("supervisor_no_growth", "supervisor growth over restarts 20-120 (RSS after a full GC at "
                + "restart 20 vs the end; threads; fds)", "no growth (RSS <= +2 MiB, threads and fds <= +1)",
                growth, "MiB", pass, growth == null ? "not measured" : "RSS " + signed(growth) + " MiB, threads "
                        + signed(thr) + ", fds " + signed(fds) + " over " + fmt0(soakDone) + " restarts"
                        + (half == null ? "" : "; RSS " + signed(half) + " MiB in the second half (no GC)")
                        + (soakDone != null && soakDone < 120 ? " (fewer than 120: not judged)" : "")));
        t.addAll(CliPhase.targets(phases));
        return t;
    }

    static Map<String, Object> target(String id, String what, String target, Double value, String unit,
                                              Boolean pass, String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("what", what);
        m.put("target", target);
        m.put("value", value);
        m.put("unit", unit);
        m.put("pass", pass);
        m.put("note", note);
        return m;
    }

    static String label(String key) {
        if (key == null) {
            return "";
        }
        return strategyLabel(key) + ", migrate=" + key.substring(key.length() - 1);
    }

    static String strategyLabel(String key) {
        return key.startsWith("bgns_") ? "bg, no standby" : key.startsWith("bg_") ? "blue-green"
                : key.startsWith("zl_") ? "zero-loss mix" : "stop-start";
    }

    /** The stop-start column with the same tcp_migrate_req. */
    static String baselineOf(String key) {
        return "ss_" + key.substring(key.indexOf('_') + 1);
    }
}
