package dev.relaunch.platform;

/** How old and new server can serve one port during a restart, best first. */
public enum PortSharing {
    /**
     * The supervisor opens the listening socket once and passes it to every child over a Unix domain socket
     * ({@code SCM_RIGHTS}); where that fails, children bind beside each other with {@code SO_REUSEPORT}.
     */
    HAND_OVER,
    /** Children bind the port beside each other with {@code SO_REUSEPORT}. */
    REUSE_PORT,
    /** Only one process can listen at a time: restarts are stop-then-start, with a short outage. */
    NONE
}
