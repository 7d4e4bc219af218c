package dev.relaunch.restart;

import java.util.List;

/**
 * What the supervisor's restart on change ({@code relaunch start --watch}) is doing, as the control socket's
 * {@code status} and {@code watch} answers, the plugin's {@code /api/v1/info} and the UI see it (snake_case on the
 * wire; see {@code WATCH-CONTRACT.md}).
 *
 * @param paths      what is watched, relative to the app's working directory where inside it
 * @param quietMs    how long after the last change a restart waits
 * @param pending    changes seen whose restart has not started yet (paused, waiting for quiet, a build or a restart
 *                   in progress); null when none
 * @param lastChange the last change that started (or joined) a restart; null before the first
 * @param build      the last report of a build tool ({@code build} on the control socket); null when none came
 */
public record WatchState(boolean enabled, boolean paused, List<String> paths, long quietMs, OpRecord.Changes pending,
                         LastChange lastChange, Build build) {
    public WatchState {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }

    /** A change that caused a restart: when it was seen, which files, and the operation it started or joined. */
    public record LastChange(String at, List<String> paths, int count, String opId) {
        public LastChange {
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    /**
     * A build tool's last report.
     *
     * @param phase {@code started}, {@code succeeded} or {@code failed}
     */
    public record Build(String phase, String at, String message, List<String> logTail) {
        public Build {
            logTail = logTail == null ? List.of() : List.copyOf(logTail);
        }
    }
}
