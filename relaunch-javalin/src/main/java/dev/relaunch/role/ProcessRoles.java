package dev.relaunch.role;

import dev.relaunch.launch.LaunchContract;

/** Chooses this process's {@link ProcessRole} from the launch contract its parent left in the environment. */
public final class ProcessRoles {
    private ProcessRoles() {}

    /**
     * A child of the supervisor is {@link SupervisedRole}; anything else (started by hand, from an IDE, or as a
     * standalone server's successor) restarts itself: {@link StandaloneRole}.
     *
     * @param healthPath where this server answers its health check, for the {@code ready} report
     */
    public static ProcessRole choose(LaunchContract launch, StandaloneContext standalone, String healthPath,
                                     ProcessExit exit) {
        if (launch.supervised()) {
            return new SupervisedRole(launch, healthPath, exit);
        }
        return new StandaloneRole(standalone, launch, exit);
    }
}
