package dev.relaunch.role;

import dev.relaunch.control.ControlAnswer;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.ControlRequest;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.process.Liveness;
import dev.relaunch.restart.RestartService;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child of the supervisor: restarts are the supervisor's, asked for over its control socket. Once serving, it
 * reports {@code ready} and keeps a connection open waiting for the supervisor's word to stop; it stops (drains) on
 * that word or on SIGTERM, both through the shutdown hook, and exits when the supervisor is gone so no orphan keeps
 * the port. The word is how a supervisor stops it where no signal reaches a JVM as a request to drain (Windows).
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
        // listening before the ready report, so that a supervisor that stops this server right after it reported
        // finds it listening
        Thread t = new Thread(this::awaitStopWord, "relaunch-stop-word");
        t.setDaemon(true);
        t.start();
        try {
            ReadyReport.send(launch.controlSocket(), launch.nonce(), port, healthPath);
        } catch (IOException | ControlException e) {
            log.error("error: cannot report ready to the supervisor at {}: {}", launch.controlSocket(),
                    e.getMessage());
            exit.exit(1, "the supervisor did not take this server's ready report");
        }
    }

    /** Blocks until the supervisor says stop, then exits as SIGTERM would: the shutdown hook drains. */
    private void awaitStopWord() {
        try {
            ControlAnswer.StopWord word = ControlClient.await(launch.controlSocket(),
                    new ControlRequest.AwaitStop(launch.nonce()), ControlAnswer.StopWord.class);
            if (word.stop()) {
                exit.exit(0, "the supervisor asked this server to stop");
            }
        } catch (IOException | ControlException e) {
            // the supervisor is gone (its watcher above ends this process) or the connection broke: a signal still
            // stops this server where the platform has one
            log.debug("No longer waiting for the supervisor's word to stop: {}", e.getMessage());
        }
    }
}
