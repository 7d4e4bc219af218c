package dev.relaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.control.ControlException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restart", description = "Restart the server through the control socket (blue-green: the new "
        + "process takes over the port before the old one stops; stop-then-start for an app without the relaunch "
        + "plugin, which restores the previous configuration when the new one fails). With --wait, print the "
        + "outcome and exit 0 only when it ends 'restarted'.")
final class RestartCommand extends InstanceCommand {
    @Option(names = "--wait", description = "wait for the outcome")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up waiting after this long "
            + "(default: ${DEFAULT-VALUE})")
    long timeoutSeconds = 90;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        Instance inst = instance();
        JsonNode answer;
        try {
            Optional<JsonNode> a = inst.call(Map.of("cmd", "restart", "requested_by", "cli"), Duration.ofSeconds(5));
            if (a.isEmpty()) {
                return fail(out, err, "not_running", "relaunch is not running (no answer on " + inst.socket
                        + "); start it with `relaunch start`", ExitCodes.NOT_RUNNING);
            }
            answer = a.get();
        } catch (ControlException e) {
            return fail(out, err, e.code(), e.getMessage(), ExitCodes.FAILURE);
        }
        String opId = answer.path("op_id").asText();
        if (!await) {
            if (common.json) {
                CommonOptions.printJson(out, answer.path("op"));
            } else {
                out.println("Restart requested: operation " + opId + " (`relaunch status` shows its progress)");
                out.flush();
            }
            return ExitCodes.OK;
        }
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        JsonNode op = answer.path("op");
        while (!isFinal(op) && Instant.now().isBefore(deadline)) {
            // a local socket round trip is cheap; the user waits for the answer, not for the polling interval
            LockSupport.parkNanos(10_000_000L);
            try {
                op = inst.call(Map.of("cmd", "op", "op_id", opId), Duration.ofSeconds(5)).orElse(op);
            } catch (ControlException e) {
                // the record may not be readable for a moment; keep polling until the deadline
            }
        }
        if (common.json) {
            CommonOptions.printJson(out, op);
        } else if (!isFinal(op)) {
            err.println("Restart " + opId + " has not finished after " + timeoutSeconds + " s (status "
                    + op.path("status").asText() + "); see `relaunch status`");
            err.flush();
        } else if (op.path("status").asText().equals("restarted")) {
            String outage = op.path("outage_reason").isTextual()
                    ? " with a short outage (" + op.path("outage_reason").asText() + ")" : "";
            out.println("Restarted" + outage + ": PID " + op.path("pid_before").asText("-") + " -> "
                    + op.path("pid_after").asText()
                    + " in " + op.path("duration_ms").asLong() + " ms (operation " + opId + ")");
            out.flush();
        } else {
            err.println("Restart " + op.path("status").asText() + ": " + op.path("error").path("code").asText()
                    + ": " + op.path("error").path("message").asText());
            JsonNode tail = op.path("log_tail");
            if (tail.size() > 0) {
                err.println("Last lines of the new server:");
                tail.forEach(l -> err.println("  " + l.asText()));
            }
            err.println(afterFailure(op));
            err.flush();
        }
        return op.path("status").asText().equals("restarted") ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Which server serves after a failed restart: the old one, a restored one, or none. */
    static String afterFailure(JsonNode op) {
        if (op.path("rolled_back").asBoolean(false)) {
            return "Restored the previous configuration (PID " + op.path("rollback_pid").asText() + ").";
        }
        boolean stopped = false;
        for (JsonNode phase : op.path("phases")) {
            stopped |= phase.path("name").asText().equals("draining");
        }
        if (op.path("outage").asBoolean(false) && stopped) {
            return "The old server (PID " + op.path("pid_before").asText("-") + ") was stopped and nothing serves now;"
                    + " fix the cause, then run `relaunch restart` again.";
        }
        return "The old server (PID " + op.path("pid_before").asText() + ") is still serving.";
    }

    private static boolean isFinal(JsonNode op) {
        String s = op.path("status").asText();
        return s.equals("restarted") || s.equals("failed") || s.equals("pid_unchanged")
                || s.equals("started_but_unhealthy");
    }

    private int fail(PrintWriter out, PrintWriter err, String code, String message, int exit) {
        if (common.json) {
            CommonOptions.printJson(out, Map.of("error", Map.of("code", code, "message", message)));
        } else {
            err.println("error: " + message);
            err.flush();
        }
        return exit;
    }
}
