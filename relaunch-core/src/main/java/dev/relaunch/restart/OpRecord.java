package dev.relaunch.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One restart operation as stored in {@code INSTANCE_DIR/restart_ops/<op_id>.json} and sent by the API.
 * Immutable: every change makes a new record that the {@link OpStore} writes atomically.
 *
 * @param requestedBy   who asked: {@code ui}, {@code cli}, {@code api}, or the supervisor itself: {@code crash},
 *                      {@code watch}
 * @param pidAfter      the new process that serves after this operation; null when none was promoted (failed)
 * @param strategy      {@code blue-green}, {@code stop-start} or {@code cold-start}
 * @param outage        true when the strategy leaves a window without a listener (stop-start, cold start)
 * @param exitCode      for a crash, the dead child's exit code; for a failed start, the new child's; else null
 * @param logTail       the last lines of the new (or crashed) process's output; empty on success
 * @param oldExitedAt   when the previously serving process had exited (after its drain); null while it runs, and
 *                      when there was none. It may come after {@code finished_at}
 * @param rolledBack    a failed stop-then-start started the configuration that served before again
 * @param rollbackPid   the PID of that restored process (serving now); null without a rollback
 * @param portHolderPid for {@code port_unavailable}: the process that holds the port, when it could be found
 * @param changes       for a restart caused by a file change ({@code requested_by: watch}): which files; else null
 */
public record OpRecord(
        String opId,
        OpStatus status,
        String requestedBy,
        String requestedAt,
        String finishedAt,
        Long durationMs,
        Long pidBefore,
        Long pidAfter,
        String strategy,
        boolean outage,
        List<Phase> phases,
        OpError error,
        Integer exitCode,
        List<String> logTail,
        String logFile,
        String oldExitedAt,
        boolean rolledBack,
        Long rollbackPid,
        Long portHolderPid,
        Changes changes) {

    public record Phase(String name, String at) {}

    /**
     * The files whose change caused a restart.
     *
     * @param paths the first {@link #MAX_PATHS}, relative to the app's working directory where they are inside it
     * @param count how many files changed in all
     */
    public record Changes(List<String> paths, int count) {
        public static final int MAX_PATHS = 5;

        public Changes {
            paths = paths == null ? List.of() : List.copyOf(paths.subList(0, Math.min(MAX_PATHS, paths.size())));
        }
    }

    public record OpError(String code, String message) {}

    public OpRecord {
        phases = phases == null ? List.of() : List.copyOf(phases);
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    public static OpRecord pending(String opId, String requestedBy, Long pidBefore, String strategy, boolean outage,
                                   Instant now) {
        return new OpRecord(opId, OpStatus.PENDING, requestedBy, now.toString(), null, null, pidBefore, null,
                strategy, outage, List.of(new Phase("pending", now.toString())), null, null, List.of(), null, null,
                false, null, null, null);
    }

    public OpRecord withPhase(OpStatus next, Instant now) {
        Copy c = new Copy(this);
        List<Phase> p = new ArrayList<>(phases);
        p.add(new Phase(next.label(), now.toString()));
        c.phases = p;
        c.status = next;
        if (next.isFinal()) {
            c.finishedAt = now.toString();
            c.durationMs = Duration.between(Instant.parse(requestedAt), now).toMillis();
        }
        return c.build();
    }

    public OpRecord withPidAfter(Long pid) {
        Copy c = new Copy(this);
        c.pidAfter = pid;
        return c.build();
    }

    public OpRecord withPidBefore(Long pid) {
        Copy c = new Copy(this);
        c.pidBefore = pid;
        return c.build();
    }

    public OpRecord withError(String code, String message, Integer exit, List<String> tail, String file) {
        Copy c = new Copy(this);
        c.error = new OpError(code, message);
        c.exitCode = exit;
        c.logTail = tail;
        c.logFile = file;
        return c.build();
    }

    public OpRecord withCrash(Integer exit, List<String> tail, String file) {
        Copy c = new Copy(this);
        c.exitCode = exit;
        c.logTail = tail;
        c.logFile = file;
        return c.build();
    }

    public OpRecord withOldExitedAt(Instant at) {
        Copy c = new Copy(this);
        c.oldExitedAt = at.toString();
        return c.build();
    }

    /** The previous configuration serves again as {@code pid}; {@code null} records a rollback that failed. */
    public OpRecord withRollback(Long pid) {
        Copy c = new Copy(this);
        c.rolledBack = pid != null;
        c.rollbackPid = pid;
        return c.build();
    }

    public OpRecord withPortHolder(Long pid) {
        Copy c = new Copy(this);
        c.portHolderPid = pid;
        return c.build();
    }

    public OpRecord withChanges(Changes changes) {
        Copy c = new Copy(this);
        c.changes = changes;
        return c.build();
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFinal() {
        return status.isFinal();
    }

    /** A record being changed: copies every field, then builds the next immutable record. */
    private static final class Copy {
        final String opId;
        OpStatus status;
        final String requestedBy;
        final String requestedAt;
        String finishedAt;
        Long durationMs;
        Long pidBefore;
        Long pidAfter;
        final String strategy;
        final boolean outage;
        List<Phase> phases;
        OpError error;
        Integer exitCode;
        List<String> logTail;
        String logFile;
        String oldExitedAt;
        boolean rolledBack;
        Long rollbackPid;
        Long portHolderPid;
        Changes changes;

        Copy(OpRecord r) {
            opId = r.opId;
            status = r.status;
            requestedBy = r.requestedBy;
            requestedAt = r.requestedAt;
            finishedAt = r.finishedAt;
            durationMs = r.durationMs;
            pidBefore = r.pidBefore;
            pidAfter = r.pidAfter;
            strategy = r.strategy;
            outage = r.outage;
            phases = r.phases;
            error = r.error;
            exitCode = r.exitCode;
            logTail = r.logTail;
            logFile = r.logFile;
            oldExitedAt = r.oldExitedAt;
            rolledBack = r.rolledBack;
            rollbackPid = r.rollbackPid;
            portHolderPid = r.portHolderPid;
            changes = r.changes;
        }

        OpRecord build() {
            return new OpRecord(opId, status, requestedBy, requestedAt, finishedAt, durationMs, pidBefore, pidAfter,
                    strategy, outage, phases, error, exitCode, logTail, logFile, oldExitedAt, rolledBack, rollbackPid,
                    portHolderPid, changes);
        }
    }
}
