package dev.relaunch.role;

import dev.relaunch.control.ControlException;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.process.Liveness;
import dev.relaunch.restart.RestartService;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child of the supervisor: restarts are the supervisor's, asked for over its control socket. Once serving, it
 * reports {@code ready}; it stops (drains) on SIGTERM through the shutdown hook, and exits when the supervisor is
 * gone so no orphan keeps the port.
 */
final class SupervisedRole implements ProcessRole {
    private static final Logger log = LoggerFactory.getLogger(SupervisedRole.class);

    private final LaunchContract launch;
    private final String healthPath;
    private final ProcessExit exit;
    private final SupervisedRestarts restarts;

    SupervisedRole(LaunchContract launch, String healthPath, ProcessExit exit) {
        this.launch = launch;
        this.healthPath = healthPath;
        this.exit = exit;
        this.restarts = new SupervisedRestarts(launch.controlSocket(), launch.launcherPid());
    }

    @Override
    public RestartService restarts() {
        return restarts;
    }

    @Override
    public void serving(int port, Runnable drain) {
        long sup = launch.launcherPid();
        ProcessHandle.of(sup).ifPresent(p -> Liveness.onExit(p).thenRun(() -> exit.exit(0,
                "the supervisor (PID " + sup + ") is gone; stopping this server so no orphan keeps the port")));
        try {
            ReadyReport.send(launch.controlSocket(), launch.nonce(), port, healthPath);
        } catch (IOException | ControlException e) {
            log.error("error: cannot report ready to the supervisor at {}: {}", launch.controlSocket(),
                    e.getMessage());
            exit.exit(1, "the supervisor did not take this server's ready report");
        }
    }
}
