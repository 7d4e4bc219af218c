package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static bench.Instance.BLUE_GREEN;
import static bench.Instance.baseEnv;
import static bench.Json.num;
import static bench.Procs.procStatus;
import static bench.Procs.rssMiB;
import static bench.Procs.settle;
import static bench.Procs.sleep;
import static bench.Report.say;
import static bench.Stats.fmtMs;
import static bench.Stats.round1;

/** Phase "soak": supervisor growth over many restarts. */
final class SoakPhase {
    private SoakPhase() {}

    static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
        Instance inst = new Instance(o, o.dir, baseEnv(0, BLUE_GREEN, "default"));
        cl.add(inst);
        inst.start();
        res.put("background_work_after_start_ms", inst.settleMs);
        res.put("other_processes_after_start", inst.otherProcesses());
        sleep(o.idleMs);
        int checkpoint = Math.min(20, o.soak); // after the warm-up: the issue judges restarts 20-120
        List<Map<String, Object>> samples = new ArrayList<>();
        samples.add(procSample(inst.supPid, 0));
        AtomicReference<Map<String, Object>> checkpointSample = new AtomicReference<>();
        AtomicLong serving = new AtomicLong(inst.serverPid);
        List<Restart> restarts = RestartSeries.run(o, inst, inst.serverPid, o.soak, (r, pid) -> {
            serving.set(pid);
            samples.add(procSample(inst.supPid, r.index));
            if (r.index == checkpoint) {
                checkpointSample.set(afterGc(inst.supPid, r.index));
            }
            r.settleMs = settle(o.dir, Set.of(inst.supPid, pid), Math.min(30_000, o.settleMaxMs));
            if (r.index % 10 == 0 || r.index == o.soak) {
                say("  [soak] restart " + r.index + "/" + o.soak + ": " + r.status + ", new PID healthy "
                        + fmtMs(r.healthNewPidMs) + ", supervisor RSS " + samples.get(samples.size() - 1)
                        .get("rss_mib") + " MiB, threads " + samples.get(samples.size() - 1).get("threads"));
            }
            sleep(o.smoke ? 200 : 500);
        });
        RestartSeries.noteTruncated(res, restarts, o.soak);
        Map<String, Object> atCheckpoint = checkpointSample.get();
        Map<String, Object> atEnd = restarts.isEmpty() ? null : afterGc(inst.supPid, restarts.size());
        sleep(o.idleMs);
        res.put("restarts_requested", o.soak);
        res.put("restarts_done", restarts.size());
        res.put("restarts_ok", restarts.stream().filter(Restart::restarted).count());
        res.put("latency_without_load", Restarter.latency(restarts));
        Map<String, Object> sup = new LinkedHashMap<>();
        sup.put("note", "the supervisor's VmRSS (MiB), thread count and open fds; 'after_gc' samples follow "
                + "`jcmd PID GC.run` at restart " + checkpoint + " and at the end");
        sup.put("at_checkpoint_after_gc", atCheckpoint);
        sup.put("at_end_after_gc", atEnd);
        if (atCheckpoint != null && atEnd != null) {
            sup.put("rss_growth_mib", round1(num(atEnd.get("rss_mib")).doubleValue()
                    - num(atCheckpoint.get("rss_mib")).doubleValue()));
            sup.put("threads_growth", num(atEnd.get("threads")).longValue()
                    - num(atCheckpoint.get("threads")).longValue());
            sup.put("fds_growth", num(atEnd.get("fds")).longValue() - num(atCheckpoint.get("fds")).longValue());
        }
        if (samples.size() >= 5) {
            Map<String, Object> mid = samples.get((samples.size() - 1) / 2);
            Map<String, Object> last = samples.get(samples.size() - 1);
            sup.put("rss_growth_second_half_mib", round1(num(last.get("rss_mib")).doubleValue()
                    - num(mid.get("rss_mib")).doubleValue()));
            sup.put("second_half_from_restart", mid.get("restart"));
        }
        sup.put("samples", samples);
        res.put("supervisor", sup);
        res.put("server_child_idle_rss_mib_at_end", rssMiB(serving.get()));
        inst.stop();
    }

    private static Map<String, Object> afterGc(long pid, int restart) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        boolean gc = false;
        if (Files.isExecutable(jcmd)) {
            try {
                Process p = new ProcessBuilder(jcmd.toString(), "" + pid, "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                gc = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            } catch (Exception e) {
                gc = false;
            }
        }
        sleep(500);
        Map<String, Object> s = procSample(pid, restart);
        s.put("gc_run", gc);
        return s;
    }

    private static Map<String, Object> procSample(long pid, int restart) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("restart", restart);
        s.put("rss_mib", round1(rssMiB(pid)));
        s.put("threads", procStatus(pid, "Threads").map(v -> Long.parseLong(v.trim())).orElse(-1L));
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            s.put("fds", fds.count());
        } catch (IOException e) {
            s.put("fds", -1);
        }
        return s;
    }
}
