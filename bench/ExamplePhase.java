package bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Phase "example": a user's own app with the plugin, {@code examples/javalin-notes} run as
 * {@code relaunch start -- java -XX:TieredStopAtLevel=1 -jar javalin-notes.jar} (as its README runs it): cold start
 * until {@code start --detach} returns with the app ready, restarts on a settled instance, idle PSS. A user's app
 * has no standby: a JVM that already ran the app's {@code main} cannot see a new {@code .env} in
 * {@code System.getenv}, so every restart starts a new JVM.
 */
final class ExamplePhase {
    static final String API_BASE = "/admin/relaunch";
    static final String NO_STANDBY = "none for a user's app: a JVM that already ran the app's main() cannot see a "
            + "new .env in System.getenv, so every restart starts a new JVM";

    private ExamplePhase() {}

    /** Where the orchestrator puts its copy of the example's jar: beside the copied relaunch jar. */
    static Path jar(Path relaunchJar) {
        return relaunchJar.resolveSibling("javalin-notes.jar");
    }

    static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
        int n = Math.max(2, o.coldStarts);
        List<Double> starts = new ArrayList<>();
        Instance inst = null;
        for (int i = 0; i < n; i++) {
            if (inst != null) {
                inst.stop();
            }
            inst = new Instance(o, o.dir.resolve("start-" + i), Instance.baseEnv(0, Instance.BLUE_GREEN, "default"));
            inst.apiBase = API_BASE;
            inst.appCommand = List.of(Procs.javaBin(), "-XX:TieredStopAtLevel=1", "-jar", jar(o.jar).toString());
            cl.add(inst);
            inst.start();
            starts.add(inst.startCliMs);
        }
        res.put("start_detach_returned_ms", Stats.stats(starts));
        Procs.sleep(o.idleMs);
        res.put("idle_pss", CliPhase.Memory.of(inst));
        Instance serving = inst;
        List<Restart> restarts = RestartSeries.run(o, inst, RawHttp.healthPid(inst.port, inst.apiBase, 2000), n,
                (r, pid) -> CliPhase.settle(o, serving));
        res.put("restarts", Restarter.latency(restarts));
        res.put("restarts_ok", restarts.stream().filter(Restart::restarted).count());
        res.put("standby", NO_STANDBY);
        inst.stop();
        Report.say("  [example] start --detach returned median " + Stats.fmtMs(Json.d(Json.at(res,
                "start_detach_returned_ms", "median"))) + ", restart new PID healthy median " + Stats.fmtMs(Json.d(
                Json.at(res, "restarts", "health_new_pid_ms", "median"))));
    }

    /** The table's section for this phase; empty when the phase did not run. */
    static String table(Map<?, ?> phases) {
        Map<?, ?> e = (Map<?, ?>) phases.get("example");
        if (e == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("A USER'S APP WITH THE PLUGIN (examples/javalin-notes; no load; ms)\n");
        if (e.get("error") != null) {
            sb.append("  error: ").append(e.get("error")).append('\n');
        }
        sb.append(String.format(java.util.Locale.ROOT, "  %-52s %8s %8s %8s %8s%n", "", "median", "p95", "min",
                "max"));
        CliPhase.row(sb, "relaunch start --detach -- java -jar (returned, ready)", Json.at(e,
                "start_detach_returned_ms"));
        CliPhase.row(sb, "restart, settled: new PID healthy", Json.at(e, "restarts", "health_new_pid_ms"));
        CliPhase.row(sb, "  spawn -> ready (a new JVM)", Json.at(e, "restarts", "spawn_to_ready_ms"));
        sb.append("  with a standby: ").append(NO_STANDBY).append('\n');
        sb.append("  idle PSS, MiB: ").append(Json.at(e, "idle_pss", "total_mib")).append(" (supervisor ")
                .append(Json.at(e, "idle_pss", "supervisor_mib")).append(" + app ")
                .append(Json.at(e, "idle_pss", "server_mib")).append(")\n\n");
        return sb.toString();
    }
}
