package dev.relaunch.restart;

/**
 * The new process binds the same port (SO_REUSEPORT) while the old one still serves; only once the new one reports
 * ready and passes its health check does the old one stop accepting, finish its requests and exit. A new process
 * that fails leaves the old one serving.
 */
final class BlueGreenStrategy implements RestartStrategy {
    /**
     * How long the operation waits for the old server after telling it to drain: it stops taking connections within
     * milliseconds, then may take seconds to finish (requests in progress, idle keep-alive connections), which the
     * record notes later as {@code old_exited_at}.
     */
    static final long STOP_ACCEPTING_WAIT_MS = 250;

    @Override
    public String name() {
        return "blue-green";
    }

    @Override
    public boolean hasOutage() {
        return false;
    }

    @Override
    public void run(Handoff h) {
        Candidate c = h.startNew();
        if (c == null || !h.checkHealthy(c)) {
            return;
        }
        h.promote();
        h.phase(OpStatus.DRAINING);
        h.retireOld(STOP_ACCEPTING_WAIT_MS);
        if (c.exit().isDone()) {
            h.end(OpStatus.STARTED_BUT_UNHEALTHY, "started_but_unhealthy", "the new server (PID " + c.pid()
                    + ") exited with code " + c.exit().getNow(null) + " right after it became ready", c);
            return;
        }
        h.phase(OpStatus.RESTARTED);
    }
}
