package dev.relaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relaunch.control.ControlException;
import dev.relaunch.process.Liveness;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stop", description = "Stop relaunch gracefully: in-flight requests finish, then the server and "
        + "supervisor exit. Finds it by the control socket, the PID file, then the health endpoint; forces a kill "
        + "after --timeout. Exit code 0 when stopped (or not running), 1 when it could not be stopped.")
final class StopCommand extends InstanceCommand {
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "wait this long before a forced kill "
            + "(default: ${DEFAULT-VALUE})")
    long timeoutSeconds = 30;

    @Override
    public Integer call() throws ControlException {
        PrintWriter out = out();
        Instance inst = instance();
        ObjectNode r = CommonOptions.mapper().createObjectNode();
        OptionalLong pid = OptionalLong.empty();
        String how;
        Optional<JsonNode> answer = inst.call(Map.of("cmd", "stop", "requested_by", "cli"), Duration.ofSeconds(5));
        if (answer.isPresent()) {
            pid = OptionalLong.of(answer.get().path("pid").asLong());
            how = "control socket";
        } else {
            pid = inst.ownPidFromFile("supervisor.pid");
            how = "supervisor.pid";
            if (pid.isEmpty()) {
                pid = inst.ownPidFromFile("server.pid");
                how = "server.pid";
            }
            if (pid.isEmpty()) {
                Optional<JsonNode> h = inst.health();
                if (h.isPresent()) {
                    // the port may belong to another project's server by now: only one working here is ours
                    pid = livePid(OptionalLong.of(h.get().path("pid").asLong()));
                    if (pid.isPresent() && !inst.worksHere(pid.getAsLong())) {
                        pid = OptionalLong.empty();
                    }
                    how = "health endpoint";
                }
            }
            pid.ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroy));
        }
        if (pid.isEmpty()) {
            r.put("stopped", false).put("running", false).put("message", "relaunch is not running");
            finish(out, r, "relaunch is not running");
            return ExitCodes.OK;
        }
        long p = pid.getAsLong();
        boolean forced = false;
        boolean gone = waitForExit(p, timeoutSeconds);
        if (!gone) {
            ProcessHandle.of(p).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
            forced = true;
            gone = waitForExit(p, 5);
        }
        r.put("stopped", gone).put("pid", p).put("found_by", how).put("forced", forced);
        finish(out, r, gone ? "Stopped relaunch (PID " + p + (forced ? ", forced after " + timeoutSeconds + " s"
                : "") + ")" : "Could not stop PID " + p);
        return gone ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static OptionalLong livePid(OptionalLong pid) {
        return pid.isPresent() && Liveness.isRunning(pid.getAsLong()) && Instance.isJava(pid.getAsLong())
                ? pid : OptionalLong.empty();
    }

    /** True once the process has exited, reaped or not: the parent of a detached supervisor may never reap it. */
    private static boolean waitForExit(long pid, long seconds) {
        return ProcessHandle.of(pid).map(h -> Liveness.awaitExit(h, Duration.ofSeconds(seconds))).orElse(true);
    }

    private void finish(PrintWriter out, ObjectNode r, String text) {
        if (common.json) {
            CommonOptions.printJson(out, r);
        } else {
            out.println(text);
            out.flush();
        }
    }
}
