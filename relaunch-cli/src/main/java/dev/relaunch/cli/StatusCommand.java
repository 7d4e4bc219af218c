package dev.relaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relaunch.control.ControlException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "status", description = "Show whether relaunch runs: supervisor and server PIDs, URL, uptime and "
        + "the last restart. Exit code 0 when running, 3 when not.")
final class StatusCommand extends InstanceCommand {
    @Override
    public Integer call() throws ControlException {
        PrintWriter out = out();
        Instance inst = instance();
        Optional<JsonNode> st = inst.call(Map.of("cmd", "status"), Duration.ofSeconds(3));
        ObjectNode result = CommonOptions.mapper().createObjectNode();
        int code;
        if (st.isPresent()) {
            result.put("running", st.get().path("server").isObject());
            result.setAll((ObjectNode) st.get());
            code = st.get().path("server").isObject() ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
        } else {
            Optional<JsonNode> health = inst.health();
            result.put("running", health.isPresent());
            if (health.isPresent()) {
                result.put("mode", "unmanaged");
                result.put("state", "running");
                ObjectNode s = result.putObject("server");
                s.put("pid", health.get().path("pid").asLong());
                s.put("started_at", health.get().path("started_at").asText());
                result.put("url", inst.url().orElse(null));
                code = ExitCodes.OK;
            } else {
                result.put("state", "stopped");
                inst.stateFile().ifPresent(s -> {
                    try {
                        JsonNode n = CommonOptions.mapper().readTree(s);
                        result.put("state", n.path("state").asText("stopped"));
                        result.put("reason", n.path("reason").asText());
                    } catch (java.io.IOException e) {
                        result.put("reason", "unreadable state file");
                    }
                });
                code = ExitCodes.NOT_RUNNING;
            }
        }
        result.put("instance_dir", inst.instanceDir.toString());
        if (common.json) {
            CommonOptions.printJson(out, result);
        } else {
            print(out, result);
        }
        return code;
    }

    private static void print(PrintWriter out, JsonNode r) {
        if (!r.path("running").asBoolean() && r.path("state").asText().equals("down")) {
            out.println("relaunch runs (supervisor PID " + r.path("supervisor_pid").asLong() + ") but no server "
                    + "serves: the last restart failed and the previous configuration could not be started again");
            out.println("  Fix the cause (see the last restart below), then run `relaunch restart`");
            printOperation(out, r);
            out.flush();
            return;
        }
        if (!r.path("running").asBoolean()) {
            out.println("relaunch is not running (" + r.path("state").asText() + ")");
            if (r.hasNonNull("reason") && !r.path("reason").asText().isEmpty()) {
                out.println("  Reason:       " + r.path("reason").asText());
            }
            out.println("  Instance dir: " + r.path("instance_dir").asText());
            out.flush();
            return;
        }
        out.println("relaunch is " + r.path("state").asText("running") + " (" + r.path("mode").asText() + ")");
        if (r.hasNonNull("url")) {
            out.println("  URL:          " + r.path("url").asText());
        }
        if (r.hasNonNull("supervisor_pid")) {
            out.println("  Supervisor:   PID " + r.path("supervisor_pid").asLong()
                    + uptime(r.path("supervisor_started_at").asText(null)));
        }
        JsonNode s = r.path("server");
        out.println("  Server:       PID " + s.path("pid").asLong() + uptime(s.path("started_at").asText(null)));
        if (r.hasNonNull("command")) {
            out.println("  Command:      " + r.path("command").asText() + " (restarts: "
                    + r.path("restarts").asText("-") + ")");
        }
        printOperation(out, r);
        printWatch(out, r.path("watch"));
        if (r.path("recent_crashes").asInt() > 0) {
            out.println("  Crashes:      " + r.path("recent_crashes").asInt() + " in the last 5 minutes");
        }
        out.flush();
    }

    /** The restart in progress, else the last one. */
    private static void printOperation(PrintWriter out, JsonNode r) {
        JsonNode op = r.path("in_progress").isObject() ? r.path("in_progress") : r.path("last_op");
        if (op.isObject()) {
            String label = r.path("in_progress").isObject() ? "Restarting:   " : "Last restart: ";
            out.println("  " + label + op.path("status").asText() + ", PID " + op.path("pid_before").asText("-")
                    + " -> " + (op.hasNonNull("pid_after") ? op.path("pid_after").asText() : "-")
                    + (op.hasNonNull("duration_ms") ? " in " + op.path("duration_ms").asLong() + " ms" : "")
                    + " (" + op.path("requested_by").asText() + ", op " + op.path("op_id").asText() + ")");
            if (op.path("error").isObject()) {
                out.println("                " + op.path("error").path("code").asText() + ": "
                        + op.path("error").path("message").asText());
            }
        }
    }

    /** Restart on change: what is watched, paused or not, the last change, a build tool's last report. */
    private static void printWatch(PrintWriter out, JsonNode w) {
        if (!w.isObject()) {
            return;
        }
        java.util.List<String> paths = new java.util.ArrayList<>();
        w.path("paths").forEach(p -> paths.add(p.asText()));
        out.println("  Watching:     " + (w.path("paused").asBoolean() ? "PAUSED, " : "") + String.join(", ", paths)
                + " (restart " + w.path("quiet_ms").asLong() + " ms after the last change)");
        JsonNode last = w.path("last_change");
        if (last.isObject()) {
            out.println("  Last change:  " + changes(last) + " at " + last.path("at").asText() + " (op "
                    + last.path("op_id").asText() + ")");
        }
        if (w.path("pending").isObject()) {
            out.println("  Waiting:      " + changes(w.path("pending")));
        }
        JsonNode build = w.path("build");
        if (build.isObject()) {
            out.println("  Build:        " + build.path("phase").asText() + " at " + build.path("at").asText()
                    + (build.hasNonNull("message") ? ": " + build.path("message").asText() : ""));
        }
    }

    private static String changes(JsonNode c) {
        String first = c.path("paths").path(0).asText("?");
        int count = c.path("count").asInt();
        return first + (count > 1 ? " (+" + (count - 1) + " more)" : "");
    }

    private static String uptime(String startedAt) {
        if (startedAt == null) {
            return "";
        }
        try {
            Duration d = Duration.between(Instant.parse(startedAt), Instant.now());
            return " (up " + Format.duration(d) + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }
}
