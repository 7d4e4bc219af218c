package dev.relaunch.cli;

/** The exit codes every subcommand uses; listed in {@code relaunch --help}. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    /** Invalid configuration or command-line usage. */
    static final int INVALID = 2;
    /** Not running (status), or the supervisor gave up after repeated crashes (start). */
    static final int NOT_RUNNING = 3;

    private ExitCodes() {}
}
