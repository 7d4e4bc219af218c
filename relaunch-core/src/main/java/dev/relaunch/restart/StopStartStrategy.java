package dev.relaunch.restart;

/**
 * The classic restart: stop the old process, wait until the port is free, start the new one. Requests are refused
 * in between (the record says {@code outage: true}). Used for apps without the relaunch plugin, where SO_REUSEPORT
 * is missing, and as the benchmark's baseline. The new configuration is checked first, so a broken {@code .env}
 * never stops the old server; when the new process fails anyway (exits, times out, is unhealthy, finds its port
 * taken), the configuration that served before is started again ({@code rolled_back}).
 */
final class StopStartStrategy implements RestartStrategy {
    @Override
    public String name() {
        return "stop-start";
    }

    @Override
    public boolean hasOutage() {
        return true;
    }

    @Override
    public void run(Handoff h) {
        java.util.List<String> problems = h.host().checkConfiguration();
        if (!problems.isEmpty()) {
            h.fail(OpErrorCode.CONFIG_INVALID, "the new configuration is invalid, the old server was left running: "
                    + String.join("; ", problems), null);
            return;
        }
        h.phase(OpStatus.DRAINING);
        h.retireOld();
        h.rollBackOnFailure();
        if (h.awaitPortFree()) {
            Candidate c = h.startNew();
            if (c != null && h.checkHealthy(c)) {
                h.promote();
                h.phase(OpStatus.RESTARTED);
                return;
            }
        }
        h.rollBack();
    }
}
