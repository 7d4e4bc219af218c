package dev.relaunch.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request on the control socket, typed. On the wire each is one JSON line {@code {"cmd": "<name>", ...fields}}
 * with snake_case fields; {@link #parse} and {@link #toWire} are the only places that know the field names.
 */
public sealed interface ControlRequest {

    /** The commands, by their wire names. */
    enum Command {
        PING, READY, STANDBY, STATUS, RESTART, OP, STOP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Command> of(String wire) {
            for (Command c : values()) {
                if (c.wire().equals(wire)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** The health route a child reports when it names none. */
    String DEFAULT_HEALTH_PATH = "/api/v1/health";

    /** Who may be named as the requester of a restart or stop by a client; {@code crash} is the supervisor's own. */
    Set<String> CLIENTS = Set.of("ui", "cli", "api");

    Command command();

    /** The fields after {@code cmd}, in wire names. */
    Map<String, Object> fields();

    /** The request as the JSON object a client sends. */
    default Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cmd", command().wire());
        m.putAll(fields());
        return m;
    }

    /** Is the process there? Answer: {@link ControlAnswer.Pong}. */
    record Ping() implements ControlRequest {
        public Command command() {
            return Command.PING;
        }

        public Map<String, Object> fields() {
            return Map.of();
        }
    }

    /**
     * A child is serving. {@code healthPath} is where the supervisor checks it before the old one drains (default
     * {@value #DEFAULT_HEALTH_PATH}). Answer: {@link ControlAnswer.Ack}.
     */
    record Ready(String nonce, long pid, int port, String healthPath) implements ControlRequest {
        public Ready {
            nonce = nonce == null ? "" : nonce;
            healthPath = healthPath == null || !healthPath.startsWith("/") ? DEFAULT_HEALTH_PATH : healthPath;
        }

        public Command command() {
            return Command.READY;
        }

        public Map<String, Object> fields() {
            return Map.of("nonce", nonce, "pid", pid, "port", port, "health_path", healthPath);
        }
    }

    /**
     * A standby child is warm; with {@code waitForGo} the answer comes when a restart needs it. Answer:
     * {@link ControlAnswer.Go}.
     */
    record Standby(String nonce, boolean waitForGo) implements ControlRequest {
        public Standby {
            nonce = nonce == null ? "" : nonce;
        }

        public Command command() {
            return Command.STANDBY;
        }

        public Map<String, Object> fields() {
            return Map.of("nonce", nonce, "wait", waitForGo);
        }
    }

    /** Answer: a status object (mode, state, PIDs, URL, in-progress and last operation). */
    record Status() implements ControlRequest {
        public Command command() {
            return Command.STATUS;
        }

        public Map<String, Object> fields() {
            return Map.of();
        }
    }

    /** Answer: {@link ControlAnswer.Restarting}. {@code requestedBy} is one of {@link #CLIENTS}. */
    record Restart(String requestedBy) implements ControlRequest {
        public Restart {
            requestedBy = requester(requestedBy);
        }

        public Command command() {
            return Command.RESTART;
        }

        public Map<String, Object> fields() {
            return Map.of("requested_by", requestedBy);
        }
    }

    /** Answer: the operation record. */
    record Op(String opId) implements ControlRequest {
        public Op {
            opId = opId == null ? "" : opId;
        }

        public Command command() {
            return Command.OP;
        }

        public Map<String, Object> fields() {
            return Map.of("op_id", opId);
        }
    }

    /** Answer: {@link ControlAnswer.Stopping}. */
    record Stop(String requestedBy) implements ControlRequest {
        public Stop {
            requestedBy = requester(requestedBy);
        }

        public Command command() {
            return Command.STOP;
        }

        public Map<String, Object> fields() {
            return Map.of("requested_by", requestedBy);
        }
    }

    /**
     * Who asked, as recorded: a client may name itself {@code ui}, {@code cli} or {@code api}; nothing else (no
     * {@code crash}, no free text) — anything else is recorded as {@code api}. A request without a name came from the
     * CLI, which is the only client that ever omitted it.
     */
    static String requester(String claimed) {
        if (claimed == null || claimed.isEmpty()) {
            return "cli";
        }
        return CLIENTS.contains(claimed) ? claimed : "api";
    }

    /** Reads one request line already parsed as JSON. */
    static ControlRequest parse(JsonNode n) throws ControlException {
        if (n == null || !n.isObject() || !n.path("cmd").isTextual()) {
            throw new ControlException("bad_request", "expected a JSON object with a \"cmd\" field");
        }
        String cmd = n.path("cmd").asText();
        Command c = Command.of(cmd).orElseThrow(() -> new ControlException("unknown_command", "unknown command '"
                + cmd + "'; use ping, status, restart, op, stop"));
        return switch (c) {
            case PING -> new Ping();
            case READY -> new Ready(n.path("nonce").asText(""), n.path("pid").asLong(0), n.path("port").asInt(-1),
                    n.path("health_path").isTextual() ? n.path("health_path").asText() : null);
            case STANDBY -> new Standby(n.path("nonce").asText(""), n.path("wait").asBoolean(true));
            case STATUS -> new Status();
            case RESTART -> new Restart(n.path("requested_by").isTextual() ? n.path("requested_by").asText() : null);
            case OP -> new Op(n.path("op_id").asText(""));
            case STOP -> new Stop(n.path("requested_by").isTextual() ? n.path("requested_by").asText() : null);
        };
    }
}
