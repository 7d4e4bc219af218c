package dev.relaunch.role;

import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a standalone server needs to restart itself.
 *
 * @param instanceDir    the control socket, {@code server.pid}, the op records live here
 * @param logsDir        where successors write their output ({@code successor-<op>.out})
 * @param configProblems the problems a successor would hit in the configuration on disk now; empty when valid
 * @param limits         the handoff limits, re-read for each restart
 * @param healthPath     where this server (and its successor) answers health checks
 */
public record StandaloneContext(Path instanceDir, Path logsDir, OpStore store, Supplier<List<String>> configProblems,
                                Supplier<RestartCoordinator.Limits> limits, String healthPath, Instant startedAt) {}
