package dev.relaunch.restart;

/**
 * Starts a server when none is serving (after a crash): wait the back-off delay, spawn, wait until ready. There is
 * nothing to drain, and requests are refused until the new process listens.
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
                h.fail("interrupted", "the supervisor is stopping", null);
                return;
            }
        }
        if (h.startNew() == null) {
            return;
        }
        h.promote();
        h.phase(OpStatus.RESTARTED);
    }
}
