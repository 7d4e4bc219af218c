package dev.relaunch.role;

import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.RestartService;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How this server process takes part in restarts: {@link SupervisedRole} (a supervisor owns restarts) or
 * {@link StandaloneRole} (this process restarts itself through a detached successor). Chosen once, from the launch
 * contract in the environment, by {@link ProcessRoles#choose}.
 */
public interface ProcessRole {
    /** Where the restart button's requests go; its {@code mode()} names the role. */
    RestartService restarts();

    /**
     * The web server listens on {@code port} and serves. The role tells whoever waits for it ({@code ready}) and
     * starts what it runs besides the web server. {@code drain} stops the web server gracefully (blocks).
     */
    void serving(int port, Runnable drain);

    /** The process is stopping (called from the shutdown hook, before the drain). */
    default void stopping() {}

    /** A process that cannot restart (e.g. the class-data training run): the restart API says why. */
    static ProcessRole inert(String mode, String why) {
        RestartService none = new RestartService() {
            @Override
            public OpRecord request(String requestedBy) {
                throw new RestartUnavailableException(why);
            }

            @Override
            public Optional<String> unavailableReason() {
                return Optional.of(why);
            }

            @Override
            public Optional<OpRecord> inProgress() {
                return Optional.empty();
            }

            @Override
            public String mode() {
                return mode;
            }

            @Override
            public OptionalLong supervisorPid() {
                return OptionalLong.empty();
            }
        };
        return new ProcessRole() {
            @Override
            public RestartService restarts() {
                return none;
            }

            @Override
            public void serving(int port, Runnable drain) {}
        };
    }
}
