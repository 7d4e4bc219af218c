package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Restarts one after another through the API, each from the server the previous one left serving, with
 * {@code between} run after each (settling, or a fixed pause). Stops early near the run's time limit.
 */
final class RestartSeries {
    private RestartSeries() {}

    static List<Restart> run(Opts o, Instance inst, int n, Runnable between) {
        List<Restart> restarts = new ArrayList<>();
        long pid = RawHttp.healthPid(inst.port, inst.apiBase, 2000);
        for (int i = 1; i <= n && !o.nearDeadline(60_000); i++) {
            Restart r = Restarter.once(inst, pid, Restarter.RESTART_TIMEOUT_MS);
            r.index = i;
            restarts.add(r);
            if (r.pidAfter > 0 && r.restarted()) {
                pid = r.pidAfter;
            }
            between.run();
        }
        return restarts;
    }
}
