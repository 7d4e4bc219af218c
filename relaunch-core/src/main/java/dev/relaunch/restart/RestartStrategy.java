package dev.relaunch.restart;

import dev.relaunch.config.RestartStrategyName;

/** A way to replace the serving process. Chosen once per operation by {@link #of}. */
public interface RestartStrategy {
    String name();

    /** True when requests are refused for a while during this kind of restart. */
    boolean hasOutage();

    /** Runs the whole handoff on the calling thread and leaves the record final. */
    void run(Handoff h);

    static RestartStrategy of(RestartStrategyName name) {
        return switch (name) {
            case BLUE_GREEN -> new BlueGreenStrategy();
            case STOP_START -> new StopStartStrategy();
        };
    }
}
