package dev.relaunch.supervisor;

import dev.relaunch.config.Config;
import dev.relaunch.control.ControlAnswer;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.ControlRequest;
import dev.relaunch.control.ControlServer;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.watch.Watching;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's answers on the control socket: children report {@code ready}, wait as {@code standby} and, once
 * serving, for their word to stop ({@code await_stop}); the CLI and the server ask for {@code status},
 * {@code restart}, an {@code op} record and {@code stop}; with {@code --watch}, {@code watch} pauses or resumes
 * restart on change and a build tool reports {@code build}s.
 */
final class SupervisorEndpoint implements ControlServer.Endpoint {
    private static final Logger log = LoggerFactory.getLogger(SupervisorEndpoint.class);

    private final SupervisorState state;
    private final SupervisorHost host;
    private final StandbySlot standby;
    private final RestartCoordinator coordinator;
    private final OpStore store;
    private final CrashRecovery crashes;
    private final Config config;
    private final Path envFile;
    private final String command;
    private final Consumer<String> stop;
    private final Instant startedAt = Instant.now();
    /** Restart on change; null without {@code --watch}. */
    private final Watching watching;

    SupervisorEndpoint(SupervisorState state, SupervisorHost host, StandbySlot standby, RestartCoordinator coordinator,
                       OpStore store, CrashRecovery crashes, Config config, Path envFile, String command,
                       Consumer<String> stop, Watching watching) {
        this.state = state;
        this.host = host;
        this.standby = standby;
        this.coordinator = coordinator;
        this.store = store;
        this.crashes = crashes;
        this.config = config;
        this.envFile = envFile;
        this.command = command;
        this.stop = stop;
        this.watching = watching;
    }

    @Override
    public Object answer(ControlRequest request) throws ControlException {
        if (request instanceof ControlRequest.Ping) {
            return new ControlAnswer.Pong(ProcessHandle.current().pid());
        } else if (request instanceof ControlRequest.Ready r) {
            if (!host.reported(r)) {
                throw new ControlException("unknown_child", "no child with that nonce");
            }
            return ControlAnswer.Ack.OK;
        } else if (request instanceof ControlRequest.Standby s) {
            return standby.answer(s);
        } else if (request instanceof ControlRequest.AwaitStop a) {
            ChildProcess c = host.child(a.nonce());
            return c == null ? ControlAnswer.StopWord.UNKNOWN_CHILD : c.awaitStopWord();
        } else if (request instanceof ControlRequest.Status) {
            return status();
        } else if (request instanceof ControlRequest.Restart r) {
            return restart(r);
        } else if (request instanceof ControlRequest.Op o) {
            return store.find(o.opId()).orElseThrow(() -> new ControlException("unknown_op", "no such operation"));
        } else if (request instanceof ControlRequest.Watch w) {
            return watching().answer(w);
        } else if (request instanceof ControlRequest.Build b) {
            watching().answer(b);
            return ControlAnswer.Ack.OK;
        } else if (request instanceof ControlRequest.Stop s) {
            log.info("Stop requested by {} over the control socket", s.requestedBy());
            stop.accept("requested by " + s.requestedBy());
            return new ControlAnswer.Stopping(true, ProcessHandle.current().pid());
        }
        throw new ControlException("unknown_command", "unknown command '" + request.command().wire() + "'");
    }

    private Watching watching() throws ControlException {
        if (watching == null) {
            throw new ControlException("not_watching", "relaunch runs without --watch: start it with `relaunch start "
                    + "--watch` to restart on change");
        }
        return watching;
    }

    private ControlAnswer.Restarting restart(ControlRequest.Restart r) throws ControlException {
        if (state.stopping()) {
            throw new ControlException("stopping", "relaunch is stopping");
        }
        if (state.gaveUp()) {
            throw new ControlException("gave_up", state.stopReason());
        }
        return ControlAnswer.Restarting.of(coordinator.request(r.requestedBy()));
    }

    private ControlAnswer.Status status() {
        ChildProcess c = host.current();
        ControlAnswer.Server server = c != null && c.isAlive()
                ? new ControlAnswer.Server(c.pid(), c.startedAt().toString(), c.port()) : null;
        List<OpRecord> last = store.recent(1);
        return new ControlAnswer.Status("supervised",
                coordinator.inProgress().isPresent() ? "restarting" : state.state(),
                ProcessHandle.current().pid(), startedAt.toString(), envFile.toString(),
                config.instanceDir().toString(), config.supervisorLog().toString(), command,
                host.limits().strategy().label(), server,
                server == null || server.port() == null ? null : config.url(server.port()),
                crashes.recentCrashes(), coordinator.inProgress().orElse(null), last.isEmpty() ? null : last.get(0),
                state.stopReason(), watching == null ? null : watching.state());
    }
}
