package dev.relaunch.restart;

/**
 * Every {@code error.code} an operation record can carry: the one list the handoff, the strategies, the supervisor and
 * the socket hand-over use, and the only codes a client (the UI, the CLI) has to know. {@link #code()} is the stable
 * wire value.
 */
public enum OpErrorCode {
    /** The new process could not be started at all (the command, the launcher). */
    SPAWN_FAILED("spawn_failed"),
    /** The new process did not report ready within {@code STARTUP_TIMEOUT_MS}. */
    STARTUP_TIMEOUT("startup_timeout"),
    /** The new process exited during start-up for a reason it did not state by its exit code. */
    STARTUP_FAILED("startup_failed"),
    /** The new configuration is invalid: found before the restart, or the new process exited with
     * {@code LaunchContract.EXIT_CONFIG_INVALID}. */
    CONFIG_INVALID("config_invalid"),
    /** The port is held by another program, or the new process exited with {@code EXIT_PORT_UNAVAILABLE}. */
    PORT_UNAVAILABLE("port_unavailable"),
    /** The new process reported ready but failed its health check. */
    UNHEALTHY("unhealthy"),
    /** The new process exited right after it became ready, once the old one was already draining. */
    STARTED_BUT_UNHEALTHY("started_but_unhealthy"),
    /** The supervisor stopped before the restart finished. */
    INTERRUPTED("interrupted"),
    /** A bug: the restart failed with an unexpected exception. */
    INTERNAL_ERROR("internal_error");

    private final String code;

    OpErrorCode(String code) {
        this.code = code;
    }

    /** The wire value, e.g. {@code port_unavailable}. */
    public String code() {
        return code;
    }
}
