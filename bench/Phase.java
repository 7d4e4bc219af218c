package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static bench.Machine.cpuBusyPct;
import static bench.Machine.cpuTimes;
import static bench.Machine.loadavg;
import static bench.Stats.round1;

/** A phase JVM: runs one measurement and writes its results as JSON for the orchestrator. */
final class Phase {
    private Phase() {}

    static int run(Opts o) throws IOException {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("phase", o.phase);
        res.put("name", o.name);
        res.put("ok", false);
        Cleanup cl = new Cleanup(o.dir);
        Thread hook = new Thread(cl::run, "phase-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        long[] cpu0 = cpuTimes();
        res.put("loadavg_start", loadavg());
        Instant t0 = Instant.now();
        try {
            Files.createDirectories(o.dir);
            switch (o.phase) {
                case "cold" -> ColdPhase.run(o, res, cl);
                case "load" -> LoadPhase.run(o, res, cl);
                case "soak" -> SoakPhase.run(o, res, cl);
                case "cli" -> CliPhase.run(o, res, cl);
                case "example" -> ExamplePhase.run(o, res, cl);
                case "dev-loop" -> DevLoopPhase.run(o, res, cl);
                default -> throw new IllegalArgumentException("unknown phase " + o.phase);
            }
            res.put("ok", true);
        } catch (Throwable t) {
            res.put("ok", false);
            res.put("error", t.toString());
            System.err.println("bench: phase " + o.name + " failed: " + t);
            t.printStackTrace();
        } finally {
            cl.run();
            res.put("duration_s", round1(Duration.between(t0, Instant.now()).toMillis() / 1000.0));
            res.put("loadavg_end", loadavg());
            res.put("cpu_busy_pct", cpuBusyPct(cpu0, cpuTimes()));
            Files.writeString(o.out, Json.write(res) + "\n");
        }
        return Boolean.TRUE.equals(res.get("ok")) ? 0 : 1;
    }
}
