package bench;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static bench.Instance.baseEnv;
import static bench.Machine.readMigrate;
import static bench.Procs.settle;
import static bench.Procs.sleep;
import static bench.Report.say;
import static bench.Stats.fmtMs;

/** Phase "load": restarts under load. */
final class LoadPhase {
    private LoadPhase() {}

    static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
        res.put("strategy", o.strategy);
        res.put("tcp_migrate_req", readMigrate());
        res.put("network_namespace", o.netnsLabel);
        Instance inst = new Instance(o, o.dir, baseEnv(0, o.strategy, o.standby));
        cl.add(inst);
        inst.start();
        res.put("background_work_after_start_ms", inst.settleMs);
        res.put("standby_setting", o.standby.equals("off") ? "RESTART_STANDBY=false" : "product default");
        res.put("other_processes_after_start", inst.otherProcesses());
        String tag = "[" + o.name + "]";
        say("  " + tag + " serving " + inst.url() + " (supervisor " + inst.supPid + ", server " + inst.serverPid
                + ", net.ipv4.tcp_migrate_req=" + res.get("tcp_migrate_req") + ")");
        LoadGen load = new LoadGen(o, inst.port);
        load.start();
        sleep(o.warmupMs);
        List<Restart> restarts = RestartSeries.run(o, inst, inst.serverPid, o.restarts, (r, pid) -> {
            sleep(o.gapMs);
            r.settleMs = settle(o.dir, Set.of(inst.supPid, pid), Math.min(30_000, o.settleMaxMs));
            long lostNow = load.failuresSince(r.t0Ns);
            say("  " + tag + " restart " + r.index + "/" + o.restarts + ": " + r.status + ", PID " + r.pidBefore
                    + " -> " + r.pidAfter + ", new PID healthy " + fmtMs(r.healthNewPidMs) + ", restarted "
                    + fmtMs(r.restartedMs) + ", lost " + lostNow);
        });
        RestartSeries.noteTruncated(res, restarts, o.restarts);
        long endNs = System.nanoTime();
        load.stop();
        res.put("restarts_requested", o.restarts);
        res.put("restarts_done", restarts.size());
        res.put("restarts_ok", restarts.stream().filter(Restart::restarted).count());
        res.put("latency", Restarter.latency(restarts));
        res.put("load", load.summary(restarts, endNs));
        res.put("restarts", restarts.stream().map(r -> r.toMap(load, restarts, endNs)).toList());
        res.put("failures_sample", load.failureSample(20));
        inst.stop();
    }
}
