package dev.relaunch.restart;

/**
 * The classic restart: stop the old process, wait until the port is free, start the new one. Requests are refused
 * in between (the record says {@code outage: true}). Used where SO_REUSEPORT is missing and as the benchmark's
 * baseline. The new configuration is checked first, so a broken {@code .env} never stops the old server.
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
            h.fail("config_invalid", "the new configuration is invalid, the old server was left running: "
                    + String.join("; ", problems), null);
            return;
        }
        h.phase(OpStatus.DRAINING);
        h.retireOld();
        if (h.startNew() == null) {
            return;
        }
        h.promote();
        h.phase(OpStatus.RESTARTED);
    }
}
