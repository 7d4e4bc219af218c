package dev.relaunch.role;

import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.restart.RestartService;
import java.util.Optional;
import java.util.OptionalLong;

/** A standalone server runs the restart engine in its own process. */
final class LocalRestarts implements RestartService {
    private final RestartCoordinator coordinator;

    LocalRestarts(RestartCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public OpRecord request(String requestedBy) {
        return coordinator.request(requestedBy);
    }

    @Override
    public Optional<OpRecord> inProgress() {
        return coordinator.inProgress();
    }

    @Override
    public String mode() {
        return "standalone";
    }

    @Override
    public OptionalLong supervisorPid() {
        return OptionalLong.empty();
    }
}
