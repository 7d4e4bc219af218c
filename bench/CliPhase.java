import java.io.IOException;
import java.nio.file.Path;
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

    static void run(Bench.Opts o, Map<String, Object> res, Bench.Cleanup cl) throws Exception {
        int n = Math.max(2, o.coldStarts);
        Bench.Inst inst = new Bench.Inst(o, o.dir.resolve("standby"), Bench.baseEnv(0, "blue-green", "default"));
        cl.add(inst);
        inst.start();
        Bench.sleep(o.idleMs);
        res.put("idle_pss_with_standby", Memory.of(inst));

        res.put("hello_ms", Bench.stats(timeHello(o, n)));
        res.put("status_ms", Bench.stats(timeCli(o, inst, n, "status", "--json")));
        res.put("restart_wait", restartWait(o, inst, n));

        List<Bench.Restart> settled = RestartSeries.run(o, inst, n, () -> settle(o, inst));
        res.put("settled_restarts", Bench.Restarter.latency(settled));
        List<Bench.Restart> backToBack = RestartSeries.run(o, inst, 2 * n, () -> Bench.sleep(BACK_TO_BACK_GAP_MS));
        res.put("back_to_back_restarts", Bench.Restarter.latency(backToBack));
        res.put("back_to_back_health_new_pid_ms", backToBack.stream().map(r -> r.healthNewPidMs).toList());
        res.put("back_to_back_gap_ms", BACK_TO_BACK_GAP_MS);
        inst.stop();

        Bench.Inst plain = new Bench.Inst(o, o.dir.resolve("no-standby"), Bench.baseEnv(0, "blue-green", "off"));
        cl.add(plain);
        plain.start();
        Bench.sleep(o.idleMs);
        res.put("idle_pss_without_standby", Memory.of(plain));
        plain.stop();
        Bench.say("  [cli] status median " + Bench.fmtMs(Bench.d(Bench.at(res, "status_ms", "median")))
                + ", back-to-back restarts median " + Bench.fmtMs(Bench.d(Bench.at(res, "back_to_back_restarts",
                "health_new_pid_ms", "median"))) + ", idle PSS with / without standby "
                + Bench.at(res, "idle_pss_with_standby", "total_mib") + " / "
                + Bench.at(res, "idle_pss_without_standby", "total_mib") + " MiB");
    }

    static void settle(Bench.Opts o, Bench.Inst inst) {
        Bench.sleep(o.gapMs);
        Bench.settle(inst.dir, Set.of(inst.supPid, Bench.healthPid(inst.port, inst.apiBase, 2000)), o.settleMaxMs);
    }

    private static List<Double> timeHello(Bench.Opts o, int n) throws IOException, InterruptedException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(Bench.javaBin(), "-cp", o.helloDir.toString(), "Hello")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            ms.add(Bench.ms(System.nanoTime() - t));
        }
        return ms;
    }

    /** Wall time of a CLI command, exec to exit, as a shell user sees it. */
    private static List<Double> timeCli(Bench.Opts o, Bench.Inst inst, int n, String... args) throws IOException {
        List<Double> ms = new ArrayList<>();
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--env-file", inst.env.toString()));
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            Bench.CliResult r = Bench.cli(o, inst.dir, 60_000, full.toArray(String[]::new));
            ms.add(Bench.ms(System.nanoTime() - t));
            if (r.exit() != 0) {
                throw new IOException("relaunch " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
            }
        }
        return ms;
    }

    /** {@code restart --wait}: its wall time, the restart's own duration (op record) and the difference. */
    private static Map<String, Object> restartWait(Bench.Opts o, Bench.Inst inst, int n) throws IOException {
        List<Double> wall = new ArrayList<>();
        List<Double> duration = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            settle(o, inst);
            long t = System.nanoTime();
            Bench.CliResult r = Bench.cli(o, inst.dir, 120_000, "restart", "--wait", "--json", "--env-file",
                    inst.env.toString());
            double w = Bench.ms(System.nanoTime() - t);
            if (r.exit() != 0) {
                throw new IOException("relaunch restart --wait exited " + r.exit() + ": " + r.out() + r.err());
            }
            double d = Bench.num(((Map<?, ?>) Bench.Json.parse(r.out())).get("duration_ms")).doubleValue();
            wall.add(w);
            duration.add(d);
            overhead.add(Bench.round1(w - d));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wall_ms", Bench.stats(wall));
        m.put("op_duration_ms", Bench.stats(duration));
        m.put("overhead_ms", Bench.stats(overhead));
        return m;
    }

    /** PSS (MiB) of the supervisor, the serving server and every other process of the supervisor (the standby). */
    static final class Memory {
        private Memory() {}

        static Map<String, Object> of(Bench.Inst inst) {
            long server = Bench.healthPid(inst.port, inst.apiBase, 2000);
            Map<String, Object> m = new LinkedHashMap<>();
            double sup = Bench.pssMiB(inst.supPid);
            double srv = Bench.pssMiB(server);
            List<Long> others = ProcessHandle.of(inst.supPid).map(h -> h.descendants().map(ProcessHandle::pid)
                    .filter(p -> p != server).toList()).orElse(List.of());
            double other = others.stream().mapToDouble(p -> Math.max(0, Bench.pssMiB(p))).sum();
            m.put("supervisor_mib", Bench.round1(sup));
            m.put("server_mib", Bench.round1(srv));
            m.put("other_processes", others.size());
            m.put("other_mib", Bench.round1(other));
            m.put("total_mib", Bench.round1(sup + srv + other));
            m.put("supervisor_rss_mib", Bench.round1(Bench.rssMiB(inst.supPid)));
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
        row(sb, "java Hello, in this phase (floor)", Bench.at(c, "hello_ms"));
        row(sb, "relaunch status (wall time)", Bench.at(c, "status_ms"));
        row(sb, "relaunch restart --wait (wall time)", Bench.at(c, "restart_wait", "wall_ms"));
        row(sb, "  the restart itself (op record duration)", Bench.at(c, "restart_wait", "op_duration_ms"));
        row(sb, "  CLI overhead (wall - restart)", Bench.at(c, "restart_wait", "overhead_ms"));
        row(sb, "restart, settled instance: new PID healthy", Bench.at(c, "settled_restarts", "health_new_pid_ms"));
        row(sb, "restart " + c.get("back_to_back_gap_ms") + " ms after the previous ended: new PID healthy",
                Bench.at(c, "back_to_back_restarts", "health_new_pid_ms"));
        sb.append("    each: ").append(c.get("back_to_back_health_new_pid_ms")).append('\n');
        sb.append(String.format(Locale.ROOT, "  idle PSS, MiB (supervisor + server + other): with the standby %s "
                        + "(%s + %s + %s in %s), without %s (%s + %s + %s)%n%n",
                Bench.at(c, "idle_pss_with_standby", "total_mib"), Bench.at(c, "idle_pss_with_standby",
                        "supervisor_mib"), Bench.at(c, "idle_pss_with_standby", "server_mib"),
                Bench.at(c, "idle_pss_with_standby", "other_mib"), Bench.at(c, "idle_pss_with_standby",
                        "other_processes"), Bench.at(c, "idle_pss_without_standby", "total_mib"),
                Bench.at(c, "idle_pss_without_standby", "supervisor_mib"), Bench.at(c, "idle_pss_without_standby",
                        "server_mib"), Bench.at(c, "idle_pss_without_standby", "other_mib")));
        return sb.toString();
    }

    static void row(StringBuilder sb, String label, Object stats) {
        sb.append(String.format(Locale.ROOT, "  %-52s %8s %8s %8s %8s%n", label,
                Bench.fmtMs(Bench.d(Bench.at(stats, "median"))), Bench.fmtMs(Bench.d(Bench.at(stats, "p95"))),
                Bench.fmtMs(Bench.d(Bench.at(stats, "min"))), Bench.fmtMs(Bench.d(Bench.at(stats, "max")))));
    }

    /** The issue-13 targets this phase measures. */
    static List<Map<String, Object>> targets(Map<String, Object> phases) {
        List<Map<String, Object>> t = new ArrayList<>();
        Double hello = Bench.d(Bench.at(phases, "cli", "hello_ms", "median"));
        Double status = Bench.d(Bench.at(phases, "cli", "status_ms", "median"));
        t.add(Bench.Targets.target("cli_status", "`relaunch status` wall time, median", "<= 300 ms", status, "ms",
                status == null ? null : status <= 300, status == null ? "not measured"
                        : "java Hello " + Bench.fmtMs(hello) + " in the same phase"));
        Double overhead = Bench.d(Bench.at(phases, "cli", "restart_wait", "overhead_ms", "median"));
        Double duration = Bench.d(Bench.at(phases, "cli", "restart_wait", "op_duration_ms", "median"));
        t.add(Bench.Targets.target("cli_restart_wait", "`relaunch restart --wait` wall time minus the restart's "
                + "duration, median", "<= 300 ms", overhead, "ms", overhead == null ? null : overhead <= 300,
                overhead == null ? "not measured" : "restart itself " + Bench.fmtMs(duration)));
        Double b2b = Bench.d(Bench.at(phases, "cli", "back_to_back_restarts", "health_new_pid_ms", "median"));
        Double settled = Bench.d(Bench.at(phases, "cli", "settled_restarts", "health_new_pid_ms", "median"));
        t.add(Bench.Targets.target("back_to_back_restarts", "restart requested " + BACK_TO_BACK_GAP_MS + " ms after "
                + "the previous one ended -> new PID healthy, median (no load)", "<= 400 ms", b2b, "ms",
                b2b == null ? null : b2b <= 400 && settled != null && settled <= 400, b2b == null ? "not measured"
                        : "after an idle period (settled): " + Bench.fmtMs(settled)));
        pss(t, phases, "idle_pss_with_standby", "with the standby", 150);
        pss(t, phases, "idle_pss_without_standby", "without the standby", 100);
        return t;
    }

    private static void pss(List<Map<String, Object>> t, Map<String, Object> phases, String key, String what,
                            int targetMb) {
        Double mib = Bench.d(Bench.at(phases, "cli", key, "total_mib"));
        Double mb = mib == null ? null : mib * 1.048576;
        t.add(Bench.Targets.target("idle_pss_total_" + key.substring(key.lastIndexOf('_') + 1), "idle PSS of the "
                + "whole instance (supervisor, server, other processes) " + what, "<= " + targetMb + " MB", mib,
                "MiB", mb == null ? null : mb <= targetMb, mb == null ? "not measured" : Bench.fmt1(mb) + " MB"));
    }
}
