package bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Phase "cli": what a user feels between two clicks, without load. The CLI's wall time ({@code relaunch status},
 * {@code relaunch restart --wait} against the restart's own duration) beside {@code java Hello}; restarts requested
 * {@value #BACK_TO_BACK_GAP_MS} ms after the previous one ended beside restarts on a settled instance; and what the
 * whole instance holds at idle (PSS of the supervisor and every process it runs) with and without the standby.
 */
final class CliPhase {
    static final long BACK_TO_BACK_GAP_MS = 300;

    private CliPhase() {}

    static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
        int n = Math.max(2, o.coldStarts);
        Instance inst = new Instance(o, o.dir.resolve("standby"), Instance.baseEnv(0, Instance.BLUE_GREEN, "default"));
        cl.add(inst);
        inst.start();
        Procs.sleep(o.idleMs);
        res.put("idle_pss_with_standby", Memory.of(inst));

        res.put("hello_ms", Stats.stats(timeHello(o, n)));
        res.put("status_ms", Stats.stats(timeCli(o, inst, n, "status", "--json")));
        res.put("restart_wait", restartWait(o, inst, n));

        List<Restart> settled = RestartSeries.run(o, inst, RawHttp.healthPid(inst.port, inst.apiBase, 2000), n,
                (r, pid) -> settle(o, inst));
        res.put("settled_restarts", Restarter.latency(settled));
        List<Restart> backToBack = RestartSeries.run(o, inst, RawHttp.healthPid(inst.port, inst.apiBase, 2000), 2 * n,
                (r, pid) -> Procs.sleep(BACK_TO_BACK_GAP_MS));
        res.put("back_to_back_restarts", Restarter.latency(backToBack));
        res.put("back_to_back_health_new_pid_ms", backToBack.stream().map(r -> r.healthNewPidMs).toList());
        res.put("back_to_back_gap_ms", BACK_TO_BACK_GAP_MS);
        inst.stop();

        Instance plain = new Instance(o, o.dir.resolve("no-standby"), Instance.baseEnv(0, Instance.BLUE_GREEN, "off"));
        cl.add(plain);
        plain.start();
        Procs.sleep(o.idleMs);
        res.put("idle_pss_without_standby", Memory.of(plain));
        plain.stop();
        Report.say("  [cli] status median " + Stats.fmtMs(Json.d(Json.at(res, "status_ms", "median")))
                + ", back-to-back restarts median " + Stats.fmtMs(Json.d(Json.at(res, "back_to_back_restarts",
                "health_new_pid_ms", "median"))) + ", idle PSS with / without standby "
                + Json.at(res, "idle_pss_with_standby", "total_mib") + " / "
                + Json.at(res, "idle_pss_without_standby", "total_mib") + " MiB");
    }

    static void settle(Opts o, Instance inst) {
        Procs.sleep(o.gapMs);
        Procs.settle(inst.dir, Set.of(inst.supPid, RawHttp.healthPid(inst.port, inst.apiBase, 2000)), o.settleMaxMs);
    }

    private static List<Double> timeHello(Opts o, int n) throws IOException, InterruptedException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(Procs.javaBin(), "-cp", o.helloDir.toString(), "Hello")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            ms.add(Stats.ms(System.nanoTime() - t));
        }
        return ms;
    }

    /** Wall time of a CLI command, exec to exit, as a shell user sees it. */
    private static List<Double> timeCli(Opts o, Instance inst, int n, String... args) throws IOException {
        List<Double> ms = new ArrayList<>();
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--env-file", inst.env.toString()));
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Cli.CliResult r = Cli.cli(o, inst.dir, 60_000, full.toArray(String[]::new));
            ms.add(Stats.ms(System.nanoTime() - t));
            if (r.exit() != 0) {
                throw new IOException("relaunch " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
            }
        }
        return ms;
    }

    /** {@code restart --wait}: its wall time, the restart's own duration (op record) and the difference. */
    private static Map<String, Object> restartWait(Opts o, Instance inst, int n) throws IOException {
        List<Double> wall = new ArrayList<>();
        List<Double> duration = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            settle(o, inst);
            long t = System.nanoTime();
            Cli.CliResult r = Cli.cli(o, inst.dir, 120_000, "restart", "--wait", "--json", "--env-file",
                    inst.env.toString());
            double w = Stats.ms(System.nanoTime() - t);
            if (r.exit() != 0) {
                throw new IOException("relaunch restart --wait exited " + r.exit() + ": " + r.out() + r.err());
            }
            double d = Json.num(((Map<?, ?>) Json.parse(r.out())).get("duration_ms")).doubleValue();
            wall.add(w);
            duration.add(d);
            overhead.add(Stats.round1(w - d));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wall_ms", Stats.stats(wall));
        m.put("op_duration_ms", Stats.stats(duration));
        m.put("overhead_ms", Stats.stats(overhead));
        return m;
    }

    /** PSS (MiB) of the supervisor, the serving server and every other process of the supervisor (the standby). */
    static final class Memory {
        private Memory() {}

        static Map<String, Object> of(Instance inst) {
            long server = RawHttp.healthPid(inst.port, inst.apiBase, 2000);
            Map<String, Object> m = new LinkedHashMap<>();
            double sup = Procs.pssMiB(inst.supPid);
            double srv = Procs.pssMiB(server);
            List<Long> others = ProcessHandle.of(inst.supPid).map(h -> h.descendants().map(ProcessHandle::pid)
                    .filter(p -> p != server).toList()).orElse(List.of());
            double other = others.stream().mapToDouble(p -> Math.max(0, Procs.pssMiB(p))).sum();
            m.put("supervisor_mib", Stats.round1(sup));
            m.put("server_mib", Stats.round1(srv));
            m.put("other_processes", others.size());
            m.put("other_mib", Stats.round1(other));
            m.put("total_mib", Stats.round1(sup + srv + other));
            m.put("supervisor_rss_mib", Stats.round1(Procs.rssMiB(inst.supPid)));
            return m;
        }
    }

    /** The table's section for this phase; empty when the phase did not run. */
    static String table(Map<?, ?> phases) {
        Map<?, ?> c = (Map<?, ?>) phases.get("cli");
        if (c == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("BETWEEN TWO CLICKS (no load; ms)\n");
        if (c.get("error") != null) {
            sb.append("  error: ").append(c.get("error")).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "  %-52s %8s %8s %8s %8s%n", "", "median", "p95", "min", "max"));
        row(sb, "java Hello, in this phase (floor)", Json.at(c, "hello_ms"));
        row(sb, "relaunch status (wall time)", Json.at(c, "status_ms"));
        row(sb, "relaunch restart --wait (wall time)", Json.at(c, "restart_wait", "wall_ms"));
        row(sb, "  the restart itself (op record duration)", Json.at(c, "restart_wait", "op_duration_ms"));
        row(sb, "  CLI overhead (wall - restart)", Json.at(c, "restart_wait", "overhead_ms"));
        row(sb, "restart, settled instance: new PID healthy", Json.at(c, "settled_restarts", "health_new_pid_ms"));
        row(sb, "restart " + c.get("back_to_back_gap_ms") + " ms after the previous ended: new PID healthy",
                Json.at(c, "back_to_back_restarts", "health_new_pid_ms"));
        sb.append("    each: ").append(c.get("back_to_back_health_new_pid_ms")).append('\n');
        sb.append(String.format(Locale.ROOT, "  idle PSS, MiB (supervisor + server + other): with the standby %s "
                        + "(%s + %s + %s in %s), without %s (%s + %s + %s)%n%n",
                Json.at(c, "idle_pss_with_standby", "total_mib"), Json.at(c, "idle_pss_with_standby",
                        "supervisor_mib"), Json.at(c, "idle_pss_with_standby", "server_mib"),
                Json.at(c, "idle_pss_with_standby", "other_mib"), Json.at(c, "idle_pss_with_standby",
                        "other_processes"), Json.at(c, "idle_pss_without_standby", "total_mib"),
                Json.at(c, "idle_pss_without_standby", "supervisor_mib"), Json.at(c, "idle_pss_without_standby",
                        "server_mib"), Json.at(c, "idle_pss_without_standby", "other_mib")));
        return sb.toString();
    }

    static void row(StringBuilder sb, String label, Object stats) {
        sb.append(String.format(Locale.ROOT, "  %-52s %8s %8s %8s %8s%n", label,
                Stats.fmtMs(Json.d(Json.at(stats, "median"))), Stats.fmtMs(Json.d(Json.at(stats, "p95"))),
                Stats.fmtMs(Json.d(Json.at(stats, "min"))), Stats.fmtMs(Json.d(Json.at(stats, "max")))));
    }

    /** The issue-13 targets this phase measures. */
    static List<Map<String, Object>> targets(Map<String, Object> phases) {
        List<Map<String, Object>> t = new ArrayList<>();
        Double hello = Json.d(Json.at(phases, "cli", "hello_ms", "median"));
        Double status = Json.d(Json.at(phases, "cli", "status_ms", "median"));
        t.add(Targets.target("cli_status", "`relaunch status` wall time, median", "<= 300 ms", status, "ms",
                status == null ? null : status <= 300, status == null ? "not measured"
                        : "java Hello " + Stats.fmtMs(hello) + " in the same phase"));
        Double overhead = Json.d(Json.at(phases, "cli", "restart_wait", "overhead_ms", "median"));
        Double duration = Json.d(Json.at(phases, "cli", "restart_wait", "op_duration_ms", "median"));
        t.add(Targets.target("cli_restart_wait", "`relaunch restart --wait` wall time minus the restart's "
                + "duration, median", "<= 300 ms", overhead, "ms", overhead == null ? null : overhead <= 300,
                overhead == null ? "not measured" : "restart itself " + Stats.fmtMs(duration)));
        Double b2b = Json.d(Json.at(phases, "cli", "back_to_back_restarts", "health_new_pid_ms", "median"));
        Double settled = Json.d(Json.at(phases, "cli", "settled_restarts", "health_new_pid_ms", "median"));
        t.add(Targets.target("back_to_back_restarts", "restart requested " + BACK_TO_BACK_GAP_MS + " ms after "
                + "the previous one ended -> new PID healthy, median (no load)", "<= 400 ms", b2b, "ms",
                b2b == null ? null : b2b <= 400 && settled != null && settled <= 400, b2b == null ? "not measured"
                        : "after an idle period (settled): " + Stats.fmtMs(settled)));
        pss(t, phases, "idle_pss_with_standby", "with the standby", 150);
        pss(t, phases, "idle_pss_without_standby", "without the standby", 100);
        return t;
    }

    private static void pss(List<Map<String, Object>> t, Map<String, Object> phases, String key, String what,
                            int targetMb) {
        Double mib = Json.d(Json.at(phases, "cli", key, "total_mib"));
        Double mb = mib == null ? null : mib * 1.048576;
        t.add(Targets.target("idle_pss_total_" + key.substring(key.lastIndexOf('_') + 1), "idle PSS of the "
                + "whole instance (supervisor, server, other processes) " + what, "<= " + targetMb + " MB", mib,
                "MiB", mb == null ? null : mb <= targetMb, mb == null ? "not measured" : Stats.fmt1(mb) + " MB"));
    }
}
