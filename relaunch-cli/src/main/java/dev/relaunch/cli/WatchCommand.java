package dev.relaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.control.ControlException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = "Pause or resume restart on change of a supervisor started with "
        + "`relaunch start --watch`. Changes made while paused restart the app once when it is resumed.")
final class WatchCommand extends InstanceCommand {
    @Parameters(paramLabel = "pause|resume", description = "pause or resume")
    String action;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        if (!action.equals("pause") && !action.equals("resume")) {
            err.println("error: unknown action '" + action + "': use `relaunch watch pause` or `relaunch watch resume`");
            err.flush();
            return ExitCodes.INVALID;
        }
        Instance inst = instance();
        Optional<JsonNode> state;
        try {
            state = inst.call(Map.of("cmd", "watch", "action", action), Duration.ofSeconds(5));
        } catch (ControlException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        if (state.isEmpty()) {
            err.println("error: relaunch is not running (no answer on " + inst.socket + ")");
            err.flush();
            return ExitCodes.NOT_RUNNING;
        }
        if (common.json) {
            CommonOptions.printJson(out, state.get());
        } else {
            JsonNode pending = state.get().path("pending");
            out.println(state.get().path("paused").asBoolean() ? "Restart on change is paused"
                    + (pending.isObject() ? " (" + pending.path("count").asInt() + " changes wait)" : "")
                    : "Restart on change is on");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
