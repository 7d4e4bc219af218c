package dev.relaunch.restart;

/**
 * The new process binds the same port (SO_REUSEPORT) while the old one still serves; only once the new one reports
 * ready and passes its health check does the old one stop accepting, finish its requests and exit. A new process
 * that fails leaves the old one serving.
 */
final class BlueGreenStrategy implements RestartStrategy {
    /**
     * How long the operation waits for the old server after telling it to drain, where the host cannot see when it
     * stops taking connections: that takes milliseconds on a quiet machine (its exit, after requests in progress and
     * idle keep-alive connections, may take seconds and is noted later as {@code old_exited_at}).
     */
    static final long STOP_ACCEPTING_WAIT_MS = 250;
    /**
     * The most the operation waits for the old server to stop taking connections where the host can see it: a JVM
     * busy on a loaded machine can take seconds to run its shutdown hook (more than 3 s was seen at a load of 15 on
     * two cores, and a visitor after "restarted" then still reached the old server); a wedged one never does, and
     * is killed after the drain timeout while the new one serves. The wait ends as soon as the socket is closed.
     */
    static final long STOP_ACCEPTING_CAP_MS = 10_000;

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
        h.retireOldUntilNotAccepting(STOP_ACCEPTING_WAIT_MS, STOP_ACCEPTING_CAP_MS);
        if (c.exit().isDone()) {
            h.end(OpStatus.STARTED_BUT_UNHEALTHY, OpErrorCode.STARTED_BUT_UNHEALTHY, "the new server (PID " + c.pid()
                    + ") exited with code " + c.exit().getNow(null) + " right after it became ready", c);
            return;
        }
        h.phase(OpStatus.RESTARTED);
    }
}
