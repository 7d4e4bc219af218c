package dev.relaunch.control;

import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.WatchState;

/** The typed answers to {@link ControlRequest}s; serialised with snake_case field names as the {@code data}. */
public final class ControlAnswer {
    private ControlAnswer() {}

    /** To {@code ping}: the PID of the process that owns the socket. */
    public record Pong(long pid) {}

    /** To {@code ready}. */
    public record Ack(boolean ok) {
        public static final Ack OK = new Ack(true);
    }

    /**
     * To {@code standby}: {@code go} with the operation the standby now serves, or not yet ({@code go} false), or
     * {@code exit}: the standby is not wanted and must exit.
     */
    public record Go(boolean go, boolean exit, String opId) {
        public static Go go(String opId) {
            return new Go(true, false, opId);
        }

        public static final Go NOT_YET = new Go(false, false, null);
        public static final Go EXIT = new Go(false, true, null);
    }

    /**
     * To {@code await_stop}: {@code stop} true when the supervisor asks the child to drain and exit; false when it
     * does not know the child (its nonce), which then stops only on a signal or when the supervisor is gone.
     */
    public record StopWord(boolean stop) {
        public static final StopWord STOP = new StopWord(true);
        public static final StopWord UNKNOWN_CHILD = new StopWord(false);
    }

    /** To {@code restart}: the operation started or joined. */
    public record Restarting(boolean restarting, String opId, OpRecord op) {
        public static Restarting of(OpRecord op) {
            return new Restarting(true, op.opId(), op);
        }
    }

    /**
     * To {@code status}.
     *
     * @param mode      {@code supervised} or {@code standalone}
     * @param state     {@code starting, running, restarting, recovering, stopping, gave_up}
     * @param command   what the supervisor runs: {@code built-in server} or the user's command line
     * @param restarts  how the next restart replaces the server: {@code blue-green} or {@code stop-start}
     * @param server    the serving process; null when none serves
     * @param reason    why it stops or gave up; null otherwise
     * @param watch     restart on change ({@code --watch}); null when the supervisor does not watch
     */
    public record Status(String mode, String state, Long supervisorPid, String supervisorStartedAt, String envFile,
                         String instanceDir, String logFile, String command, String restarts, Server server,
                         String url, int recentCrashes, OpRecord inProgress, OpRecord lastOp, String reason,
                         WatchState watch) {}

    /** The serving process in a {@link Status}. */
    public record Server(long pid, String startedAt, Integer port) {}

    /** To {@code stop}. */
    public record Stopping(boolean stopping, long pid) {}
}
