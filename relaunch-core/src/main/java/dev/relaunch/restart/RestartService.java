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

    /**
     * Restart on change ({@code relaunch start --watch}) as the supervisor reports it; empty when nobody watches
     * (no {@code --watch}, not supervised, or the supervisor does not answer).
     */
    default Optional<WatchState> watch() {
        return Optional.empty();
    }

    /**
     * Pauses or resumes restart on change; returns the new state.
     *
     * @throws NotWatchingException        when nobody watches
     * @throws RestartUnavailableException when the supervisor cannot be reached
     */
    default WatchState pauseWatch(boolean paused) {
        throw new NotWatchingException("this server is not run by `relaunch start --watch`, so nothing restarts it "
                + "on change");
    }

    /** Nobody watches this app's files: restart on change needs {@code relaunch start --watch}. */
    final class NotWatchingException extends RuntimeException {
        public NotWatchingException(String message) {
            super(message);
        }
    }

    /** The engine cannot take a restart now; the message says why and what to do. */
    final class RestartUnavailableException extends RuntimeException {
        public RestartUnavailableException(String message) {
            super(message);
        }
    }
}
