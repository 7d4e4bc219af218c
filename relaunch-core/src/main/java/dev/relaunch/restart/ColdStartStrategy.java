package dev.relaunch.restart;

/**
 * Starts a server when none is serving (after a crash): wait the back-off delay, spawn, wait until ready. There is
 * nothing to drain, and requests are refused until the new process listens. A new process that fails its health check
 * keeps running (nothing else would serve), and the operation ends {@code started_but_unhealthy}.
 */
public final class ColdStartStrategy implements RestartStrategy {
    private final long delayMs;

    public ColdStartStrategy(long delayMs) {
        this.delayMs = delayMs;
    }

    @Override
    public String name() {
        return "cold-start";
    }

    @Override
    public boolean hasOutage() {
        return true;
    }

    @Override
    public void run(Handoff h) {
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs); // back-off between crash restarts, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.fail(OpErrorCode.INTERRUPTED, "the supervisor is stopping", null);
                return;
            }
        }
        if (!h.awaitPortFree()) {
            return; // another program took the port; the next attempt (after a back-off) checks again
        }
        Candidate c = h.startNew();
        if (c == null) {
            return;
        }
        h.promote();
        Health health = h.host().checkHealth(c, Math.min(h.limits().startupTimeoutMs(), Handoff.HEALTH_BUDGET_MS));
        if (!health.healthy()) {
            // nothing else serves: keep it, and say what is wrong
            h.end(OpStatus.STARTED_BUT_UNHEALTHY, OpErrorCode.UNHEALTHY, "the new server (PID " + c.pid()
                    + ") started but failed its health check: " + health.problem(), c);
            return;
        }
        h.phase(OpStatus.RESTARTED);
    }
}
