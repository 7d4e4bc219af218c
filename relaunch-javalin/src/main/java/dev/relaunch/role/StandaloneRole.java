package dev.relaunch.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.ControlServer;
import dev.relaunch.control.SocketPaths;
import dev.relaunch.files.AtomicFiles;
import dev.relaunch.json.Json;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.process.Liveness;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.OpStore;
import dev.relaunch.restart.RestartCoordinator;
import dev.relaunch.restart.RestartService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server nobody supervises (an app started from an IDE, {@code relaunch serve}): it runs the restart engine itself
 * and restarts through a detached successor started with its own command line ({@link StandaloneHost}). It owns the
 * instance's control socket, so {@code relaunch status|restart|stop} reach it; a successor reports ready to its
 * predecessor's socket, then takes the socket over once the predecessor has exited.
 */
final class StandaloneRole implements ProcessRole {
    private static final Logger log = LoggerFactory.getLogger(StandaloneRole.class);

    private final StandaloneContext context;
    private final LaunchContract launch;
    private final ProcessExit exit;
    private final StandaloneHost host;
    private final RestartCoordinator coordinator;
    private final LocalRestarts restarts;
    private final ObjectMapper mapper = Json.newMapper();
    private final Path socket;
    private volatile ControlServer control;

    StandaloneRole(StandaloneContext context, LaunchContract launch, ProcessExit exit) {
        this.context = context;
        this.launch = launch;
        this.exit = exit;
        this.socket = SocketPaths.forInstance(context.instanceDir());
        this.host = new StandaloneHost(context, socket, exit, launch.op().orElse(null));
        this.coordinator = new RestartCoordinator(context.store(), host, context.limits(), Clock.systemUTC());
        this.restarts = new LocalRestarts(coordinator);
    }

    @Override
    public RestartService restarts() {
        return restarts;
    }

    @Override
    public void serving(int port, Runnable drain) {
        host.attach(port, drain, this::closeControl);
        if (launch.role() != LaunchContract.Role.SUCCESSOR) {
            serveControl();
            return;
        }
        try {
            ReadyReport.send(launch.controlSocket(), launch.nonce(), port, context.healthPath());
        } catch (IOException | ControlException e) {
            log.error("error: cannot report ready to the previous server at {}: {}", launch.controlSocket(),
                    e.getMessage());
            exit.exit(1, "the previous server did not take this successor's ready report");
            return;
        }
        Runnable takeOver = () -> {
            launch.op().flatMap(id -> context.store().find(id)).filter(op -> !op.isFinal()).ifPresent(op ->
                    context.store().save(op.withPidAfter(ProcessHandle.current().pid())
                            .withPhase(OpStatus.RESTARTED, Instant.now())));
            SuccessorOutputs.prune(context.logsDir(), context.store(), launch.op().orElse(null));
            serveControl();
        };
        ProcessHandle.of(launch.launcherPid()).ifPresentOrElse(p -> Liveness.onExit(p).thenRun(takeOver), takeOver);
    }

    @Override
    public void stopping() {
        closeControl();
    }

    private void serveControl() {
        try {
            SocketPaths.prepare(context.instanceDir(), socket);
            // the control socket speaks plain values; this process has Jackson's trees at hand anyway
            ControlServer cs = new ControlServer(socket,
                    req -> mapper.convertValue(handle(mapper.valueToTree(req)), Object.class));
            cs.start();
            control = cs;
            writePid();
        } catch (IOException e) {
            log.warn("No control socket for this standalone server ({}); `relaunch stop/restart` will not reach it,"
                    + " the web API still works", e.getMessage());
        }
    }

    private void writePid() {
        try {
            AtomicFiles.write(context.instanceDir().resolve("server.pid"), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            log.debug("Cannot write server.pid: {}", e.getMessage());
        }
    }

    private JsonNode handle(JsonNode req) throws ControlException {
        String cmd = req.path("cmd").asText();
        switch (cmd) {
            case "ping":
                return mapper.createObjectNode().put("pid", ProcessHandle.current().pid());
            case "ready":
                if (!host.markReady(req.path("nonce").asText(""), req.path("port").asInt())) {
                    throw new ControlException("unknown_child", "no successor with that nonce");
                }
                return mapper.createObjectNode().put("ok", true);
            case "restart": {
                OpRecord op = coordinator.request(req.path("requested_by").asText("cli"));
                ObjectNode n = mapper.createObjectNode().put("restarting", true).put("op_id", op.opId());
                n.set("op", mapper.valueToTree(op));
                return n;
            }
            case "op":
                return mapper.valueToTree(context.store().find(req.path("op_id").asText(""))
                        .orElseThrow(() -> new ControlException("unknown_op", "no such operation")));
            case "status":
                return status();
            case "stop": {
                String by = req.path("requested_by").asText("cli");
                exit.exit(0, "stop requested by " + by + " over the control socket");
                return mapper.createObjectNode().put("stopping", true).put("pid", ProcessHandle.current().pid());
            }
            default:
                throw new ControlException("unknown_command", "unknown command '" + cmd + "'");
        }
    }

    private ObjectNode status() {
        ObjectNode n = mapper.createObjectNode();
        n.put("mode", "standalone");
        n.put("state", coordinator.inProgress().isPresent() ? "restarting" : "running");
        n.putNull("supervisor_pid");
        ObjectNode s = n.putObject("server");
        s.put("pid", ProcessHandle.current().pid());
        s.put("started_at", context.startedAt().toString());
        n.set("in_progress", mapper.valueToTree(coordinator.inProgress().orElse(null)));
        List<OpRecord> last = context.store().recent(1);
        n.set("last_op", last.isEmpty() ? null : mapper.valueToTree(last.get(0)));
        return n;
    }

    private void closeControl() {
        ControlServer cs = control;
        control = null;
        if (cs != null) {
            cs.close();
        }
    }
}
