package bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static bench.Json.at;
import static bench.Json.d;
import static bench.Stats.fmt0;
import static bench.Stats.fmt1;
import static bench.Stats.fmtMs;
import static bench.Stats.signed;
import static bench.Targets.baselineOf;
import static bench.Targets.strategyLabel;

/** The printed table, and the progress lines the run prints as it goes. */
final class Report {
    private Report() {}

    static String table(Map<String, Object> res, List<String> loadKeys) {
        StringBuilder sb = new StringBuilder();
        Map<?, ?> machine = (Map<?, ?>) res.get("machine");
        Map<?, ?> phases = (Map<?, ?>) res.get("phases");
        Map<?, ?> method = (Map<?, ?>) res.get("method");
        sb.append("relaunch benchmark, ").append(res.get("date")).append(" (").append(res.get("duration_s"))
                .append(" s)\n");
        sb.append("machine: ").append(machine.get("cores")).append(" cores (").append(machine.get("cpu_model"))
                .append("), Linux ").append(machine.get("kernel")).append(", Java ")
                .append(machine.get("java_version")).append(", host tcp_migrate_req=")
                .append(machine.get("tcp_migrate_req_host")).append('\n');
        sb.append("other load: CPU busy before the run ").append(machine.get("cpu_busy_before_run_pct"))
                .append(" %, load average ").append(machine.get("loadavg_start")).append(" -> ")
                .append(machine.get("loadavg_end")).append('\n');
        Map<?, ?> load = (Map<?, ?>) method.get("load");
        sb.append("load: ").append(load.get("keepalive_fast_clients")).append(" keep-alive + ")
                .append(load.get("new_connection_fast_clients")).append(" new-connection clients on GET "
                        + "/api/v1/health (").append(load.get("think_ms")).append(" ms pause), ")
                .append(load.get("slow_clients")).append(" slow clients (").append(load.get("slow_ms"))
                .append(" ms); ").append(Boolean.TRUE.equals(method.get("netns"))
                        ? "private network namespace per column" : "host network namespace ("
                        + method.get("netns_note") + ")").append("\n\n");

        if (!loadKeys.isEmpty()) {
            sb.append("RESTART UNDER LOAD (").append(method.get("restarts_per_config"))
                    .append(" restarts per column; ms from the restart request)\n");
            List<String> cols = loadKeys;
            row(sb, "", cols.stream().map(Targets::strategyLabel).toList());
            row(sb, "", cols.stream().map(k -> "migrate=" + k.substring(k.length() - 1)).toList());
            row(sb, "standby server", cols.stream().map(k -> {
                Double n = d(at(phases, k, "other_processes_after_start"));
                return n == null ? "-" : n > 0 ? "yes" : "no";
            }).toList());
            row(sb, "restarts ok", cols.stream().map(k -> fmt0(d(at(phases, k, "restarts_ok"))) + "/"
                    + fmt0(d(at(phases, k, "restarts_done")))).toList());
            latRow(sb, phases, cols, "new PID healthy     median", "health_new_pid_ms", "median");
            latRow(sb, phases, cols, "                    p95", "health_new_pid_ms", "p95");
            latRow(sb, phases, cols, "                    min-max", "health_new_pid_ms", null);
            latRow(sb, phases, cols, "restarted (op rec.) median", "restarted_ms", "median");
            latRow(sb, phases, cols, "                    p95", "restarted_ms", "p95");
            latRow(sb, phases, cols, "  new process spawned at median", "spawned_at_ms", "median");
            latRow(sb, phases, cols, "  spawn -> ready    median", "spawn_to_ready_ms", "median");
            latRow(sb, phases, cols, "  drain old         median", "drain_ms", "median");
            latRow(sb, phases, cols, "  no listener       median", "no_listener_window_ms", "median");
            row(sb, "requests sent (per s)", cols.stream().map(k -> fmt0(d(at(phases, k, "load", "requests")))
                    + " (" + fmt0(d(at(phases, k, "load", "rate_per_s"))) + ")").toList());
            row(sb, "new connections per s", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                    "new_connections_per_s")))).toList());
            row(sb, "REQUESTS LOST", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                    "lost_during_restarts")))).toList());
            row(sb, "  refused/reset/timeout/5xx/other", cols.stream().map(k -> Stream.of("refused", "reset",
                    "timeout", "5xx", "other").map(c -> fmt0(d(at(phases, k, "load", "lost_by_class", c))))
                    .collect(Collectors.joining("/"))).toList());
            row(sb, "  per restart  median / max", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                    "lost_per_restart", "median"))) + " / " + fmt0(d(at(phases, k, "load", "lost_per_restart",
                    "max")))).toList());
            row(sb, "  restarts with a loss", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                    "restarts_with_loss"))) + "/" + fmt0(d(at(phases, k, "restarts_done")))).toList());
            row(sb, "  error span ms  med / max", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                    "error_span_ms", "median"))) + " / " + fmt0(d(at(phases, k, "load", "error_span_ms", "max"))))
                    .toList());
            row(sb, "lost before 1st restart", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                    "lost_before_first_restart")))).toList());
            row(sb, "keep-alive found closed (not lost)", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                    "stale_keepalive_retries")))).toList());
            row(sb, "CPU busy during the phase", cols.stream().map(k -> fmt0(d(at(phases, k, "cpu_busy_pct")))
                    + " %").toList());
            for (String k : cols) {
                Object err = at(phases, k, "error");
                if (err != null) {
                    sb.append("  ").append(k).append(": ").append(err).append('\n');
                }
            }
            latRow(sb, phases, cols, "settled before next  median", "settled_after_ms", "median");
            for (String k : cols.stream().filter(c -> c.startsWith("bg")).toList()) {
                String ss = baselineOf(k);
                Double a = d(at(phases, k, "latency", "health_new_pid_ms", "median"));
                Double b = d(at(phases, ss, "latency", "health_new_pid_ms", "median"));
                Double la = d(at(phases, k, "load", "lost_during_restarts"));
                Double lb = d(at(phases, ss, "load", "lost_during_restarts"));
                if (a != null && b != null) {
                    sb.append(String.format(Locale.ROOT, "ratio %s / stop-start (migrate=%s): new PID "
                                    + "healthy %.2fx (%s vs %s), requests lost %s vs %s%n", strategyLabel(k),
                            k.substring(k.length() - 1), a / b, fmtMs(a), fmtMs(b), fmt0(la), fmt0(lb)));
                }
            }
            sb.append('\n');
        }

        Map<?, ?> st = (Map<?, ?>) phases.get("startup");
        if (st != null) {
            sb.append("START-UP, exec -> first healthy answer (").append(method.get("cold_starts"))
                    .append(" cold starts each, in a folder that was started once before; OS page cache warm)\n");
            sb.append(String.format(Locale.ROOT, "  %-44s %8s %8s %8s %8s%n", "", "median", "p95", "min", "max"));
            startRow(sb, st, "hello", "java Hello (floor)", "ms");
            startRow(sb, st, "serve", "server JVM alone (relaunch serve)", "ms");
            startRow(sb, st, "start", "relaunch start (supervisor + server)", "ms");
            startRow(sb, st, "start", "  of which: supervisor exec -> server forked", "server_forked_at_ms");
            startRow(sb, st, "start_detach", "relaunch start --detach: healthy", "ms");
            startRow(sb, st, "start_detach", "relaunch start --detach: CLI returned", "cli_returned_ms");
            Double firstMs = d(at(st, "first_start_in_fresh_folder", "healthy_ms"));
            if (firstMs != null) {
                Double bg = d(at(st, "first_start_in_fresh_folder", "background_work_ms"));
                sb.append(String.format(Locale.ROOT, "  %-44s %8s   (then background work for %s)%n",
                        "first start in a fresh folder (1, untimed)", fmtMs(firstMs),
                        bg == null ? "- (not waited for)" : bg < 0 ? "over " + fmtMs(-bg) : fmtMs(bg)));
            }
            if (st.get("error") != null) {
                sb.append("  error: ").append(st.get("error")).append('\n');
            }
            sb.append(String.format(Locale.ROOT, "  idle RSS (MiB, median/max): server child %s/%s, supervisor "
                            + "%s/%s, other processes (%s: standby) %s, whole tree %s%n",
                    fmt1(d(at(st, "idle_rss", "server_child_rss_mib", "median"))),
                    fmt1(d(at(st, "idle_rss", "server_child_rss_mib", "max"))),
                    fmt1(d(at(st, "idle_rss", "supervisor_rss_mib", "median"))),
                    fmt1(d(at(st, "idle_rss", "supervisor_rss_mib", "max"))),
                    fmt0(d(at(st, "idle_rss", "other_processes"))),
                    fmt1(d(at(st, "idle_rss", "other_processes_rss_mib", "median"))),
                    fmt1(d(at(st, "idle_rss", "total_rss_mib", "median")))));
            sb.append(String.format(Locale.ROOT, "  idle PSS (shared pages split): server child %s MiB, "
                            + "supervisor %s MiB%n%n",
                    fmt1(d(at(st, "idle_rss", "server_child_pss_mib", "median"))),
                    fmt1(d(at(st, "idle_rss", "supervisor_pss_mib", "median")))));
        }

        sb.append(CliPhase.table(phases));
        sb.append(ExamplePhase.table(phases));
        sb.append(DevLoopPhase.table(phases));
        Map<?, ?> soak = (Map<?, ?>) phases.get("soak");
        if (soak != null) {
            sb.append("SUPERVISOR OVER ").append(fmt0(d(soak.get("restarts_done"))))
                    .append(" RESTARTS (no load)\n");
            if (soak.get("error") != null) {
                sb.append("  error: ").append(soak.get("error")).append('\n');
            } else {
                sb.append(String.format(Locale.ROOT, "  RSS after full GC: %s MiB at restart %s -> %s MiB at "
                                + "restart %s (%s MiB); threads %s -> %s; fds %s -> %s%n",
                        at(soak, "supervisor", "at_checkpoint_after_gc", "rss_mib"),
                        at(soak, "supervisor", "at_checkpoint_after_gc", "restart"),
                        at(soak, "supervisor", "at_end_after_gc", "rss_mib"),
                        at(soak, "supervisor", "at_end_after_gc", "restart"),
                        signed(d(at(soak, "supervisor", "rss_growth_mib"))),
                        at(soak, "supervisor", "at_checkpoint_after_gc", "threads"),
                        at(soak, "supervisor", "at_end_after_gc", "threads"),
                        at(soak, "supervisor", "at_checkpoint_after_gc", "fds"),
                        at(soak, "supervisor", "at_end_after_gc", "fds")));
                if (at(soak, "supervisor", "rss_growth_second_half_mib") != null) {
                    sb.append(String.format(Locale.ROOT, "  RSS growth in the second half (restart %s -> end, "
                                    + "no GC): %s MiB%n", at(soak, "supervisor", "second_half_from_restart"),
                            signed(d(at(soak, "supervisor", "rss_growth_second_half_mib")))));
                }
                sb.append(String.format(Locale.ROOT, "  restart without load: new PID healthy median %s "
                                + "(p95 %s), restarted median %s; %s/%s ok%n%n",
                        fmtMs(d(at(soak, "latency_without_load", "health_new_pid_ms", "median"))),
                        fmtMs(d(at(soak, "latency_without_load", "health_new_pid_ms", "p95"))),
                        fmtMs(d(at(soak, "latency_without_load", "restarted_ms", "median"))),
                        fmt0(d(soak.get("restarts_ok"))), fmt0(d(soak.get("restarts_done")))));
            }
        }

        sb.append("TARGETS\n");
        for (Object o : (List<?>) res.get("targets")) {
            Map<?, ?> t = (Map<?, ?>) o;
            Object pass = t.get("pass");
            String mark = pass == null ? "  -- " : Boolean.TRUE.equals(pass) ? "  ok " : "  MISS";
            Double v = d(t.get("value"));
            String val = v == null ? "-" : ("ms".equals(t.get("unit")) ? fmtMs(v)
                    : "MiB".equals(t.get("unit")) ? fmt1(v) + " MiB" : fmt0(v));
            sb.append(mark).append(' ').append(t.get("what")).append(": ").append(val).append("  [target ")
                    .append(t.get("target")).append("]");
            String note = String.valueOf(t.get("note"));
            if (!note.isEmpty() && !note.equals("null")) {
                sb.append(" ").append(note);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, List<String> cells) {
        sb.append(String.format(Locale.ROOT, "  %-34s", label));
        for (String c : cells) {
            sb.append(String.format(Locale.ROOT, " %16s", c));
        }
        sb.append('\n');
    }

    private static void latRow(StringBuilder sb, Map<?, ?> phases, List<String> cols, String label, String key,
                               String stat) {
        List<String> cells = cols.stream().map(k -> {
            if (stat == null) {
                Double a = d(at(phases, k, "latency", key, "min"));
                Double b = d(at(phases, k, "latency", key, "max"));
                return a == null ? "-" : fmt0(a) + "-" + fmt0(b);
            }
            Double v = d(at(phases, k, "latency", key, stat));
            return v == null ? "-" : fmt0(v);
        }).toList();
        if (cells.stream().allMatch(c -> c.equals("-"))) {
            return;
        }
        row(sb, label, cells);
    }

    private static void startRow(StringBuilder sb, Map<?, ?> st, String series, String label, String key) {
        Object s = at(st, "series", series, key);
        if (!(s instanceof Map<?, ?> m) || d(m.get("median")) == null) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "  %-44s %8s %8s %8s %8s%n", label, fmtMs(d(m.get("median"))),
                fmtMs(d(m.get("p95"))), fmtMs(d(m.get("min"))), fmtMs(d(m.get("max")))));
    }

    static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
