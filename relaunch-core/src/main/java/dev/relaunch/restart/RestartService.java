package dev.relaunch.restart;

import java.util.Optional;
import java.util.OptionalLong;

/** What the web layer needs from the restart engine, wherever it runs (supervisor or this process). */
public interface RestartService {
    /**
     * Starts a restart or joins the one in progress. Returns at once.
     *
     * @throws RestartUnavailableException when the engine cannot be reached (e.g. the supervisor is gone)
     */
    OpRecord request(String requestedBy);

    /** The operation in progress, if any. */
    Optional<OpRecord> inProgress();

    /** {@code supervised} or {@code standalone}. */
    String mode();

    OptionalLong supervisorPid();

    /** The engine cannot take a restart now; the message says why and what to do. */
    final class RestartUnavailableException extends RuntimeException {
        public RestartUnavailableException(String message) {
            super(message);
        }
    }
}
