package dev.relaunch.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One restart operation as stored in {@code INSTANCE_DIR/restart_ops/<op_id>.json} and sent by the API.
 * Immutable: every change makes a new record that the {@link OpStore} writes atomically.
 *
 * @param requestedBy  who asked: {@code ui}, {@code cli}, {@code api} or {@code crash}
 * @param strategy     {@code blue-green} or {@code stop-start}
 * @param outage       true when the strategy leaves a window without a listener (stop-start)
 * @param exitCode     for a crash, the dead child's exit code; for a failed start, the new child's; else null
 * @param logTail      the last lines of the new (or crashed) process's output; empty on success
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
        String logFile) {

    public record Phase(String name, String at) {}

    public record OpError(String code, String message) {}

    public OpRecord {
        phases = phases == null ? List.of() : List.copyOf(phases);
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    public static OpRecord pending(String opId, String requestedBy, Long pidBefore, String strategy, boolean outage,
                                   Instant now) {
        return new OpRecord(opId, OpStatus.PENDING, requestedBy, now.toString(), null, null, pidBefore, null,
                strategy, outage, List.of(new Phase("pending", now.toString())), null, null, List.of(), null);
    }

    public OpRecord withPhase(OpStatus next, Instant now) {
        List<Phase> p = new ArrayList<>(phases);
        p.add(new Phase(next.label(), now.toString()));
        String finished = next.isFinal() ? now.toString() : finishedAt;
        Long duration = next.isFinal()
                ? Long.valueOf(Duration.between(Instant.parse(requestedAt), now).toMillis())
                : durationMs;
        return new OpRecord(opId, next, requestedBy, requestedAt, finished, duration, pidBefore, pidAfter, strategy,
                outage, p, error, exitCode, logTail, logFile);
    }

    public OpRecord withPidAfter(Long pid) {
        return new OpRecord(opId, status, requestedBy, requestedAt, finishedAt, durationMs, pidBefore, pid, strategy,
                outage, phases, error, exitCode, logTail, logFile);
    }

    public OpRecord withPidBefore(Long pid) {
        return new OpRecord(opId, status, requestedBy, requestedAt, finishedAt, durationMs, pid, pidAfter, strategy,
                outage, phases, error, exitCode, logTail, logFile);
    }

    public OpRecord withError(String code, String message, Integer exit, List<String> tail, String file) {
        return new OpRecord(opId, status, requestedBy, requestedAt, finishedAt, durationMs, pidBefore, pidAfter,
                strategy, outage, phases, new OpError(code, message), exit, tail, file);
    }

    public OpRecord withCrash(Integer exit, List<String> tail, String file) {
        return new OpRecord(opId, status, requestedBy, requestedAt, finishedAt, durationMs, pidBefore, pidAfter,
                strategy, outage, phases, error, exit, tail, file);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFinal() {
        return status.isFinal();
    }
}
