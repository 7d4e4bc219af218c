package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Restarts one after another through the API, each from the server the previous one left serving, with
 * {@code between} run after each (settling, a fixed pause, samples). Stops early near the run's time limit.
 */
final class RestartSeries {
    /** What runs after each restart, before the next one. */
    interface Between {
        /** {@code servingPid}: the server the next restart starts from. */
        void after(Restart r, long servingPid);
    }

    private RestartSeries() {}

    static List<Restart> run(Opts o, Instance inst, long pid, int n, Between between) {
        List<Restart> restarts = new ArrayList<>();
        for (int i = 1; i <= n && !o.nearDeadline(60_000); i++) {
            Restart r = Restarter.once(inst, pid, Restarter.RESTART_TIMEOUT_MS);
            r.index = i;
            restarts.add(r);
            if (r.pidAfter > 0 && r.restarted()) {
                pid = r.pidAfter;
            }
            between.after(r, pid);
            // no answer or no final status: no new PID known, so the next restart starts from whoever serves now
            if (r.status.equals("request_failed") || r.status.equals("timeout")) {
                long serving = RawHttp.healthPid(inst.port, inst.apiBase, 2000);
                if (serving > 0) {
                    pid = serving;
                }
            }
        }
        return restarts;
    }

    /** Records in a phase's results that the series stopped at the time limit before {@code n} restarts. */
    static void noteTruncated(Map<String, Object> res, List<Restart> restarts, int n) {
        if (restarts.size() < n) {
            res.put("truncated", "time limit reached after " + restarts.size() + " restarts");
        }
    }
}
