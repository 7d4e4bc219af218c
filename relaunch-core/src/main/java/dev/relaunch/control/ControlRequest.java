package dev.relaunch.control;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relaunch.json.WireJson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request on the control socket, typed. On the wire each is one JSON line {@code {"cmd": "<name>", ...fields}}:
 * the command's wire name and the record's components in snake_case. {@link #parse} and {@link #toWire} are the only
 * places that turn one into the other.
 */
public sealed interface ControlRequest {

    /** The commands, by their wire names, and the record each one is. */
    enum Command {
        PING(Ping.class), READY(Ready.class), STANDBY(Standby.class), AWAIT_STOP(AwaitStop.class),
        STATUS(Status.class), RESTART(Restart.class), OP(Op.class), STOP(Stop.class), WATCH(Watch.class),
        BUILD(Build.class);

        private final Class<? extends ControlRequest> type;

        Command(Class<? extends ControlRequest> type) {
            this.type = type;
        }

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

    /**
     * Who may be named as the requester of a restart or stop by a client; {@code crash} and {@code watch} (a restart
     * after a file change) are the supervisor's own.
     */
    Set<String> CLIENTS = Set.of("ui", "cli", "api");

    @JsonIgnore
    default Command command() {
        for (Command c : Command.values()) {
            if (c.type == getClass()) {
                return c;
            }
        }
        throw new IllegalStateException("no command for " + getClass());
    }

    /** The request as the JSON object a client sends. */
    default Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cmd", command().wire());
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) WireJson.toValue(this);
        m.putAll(fields);
        return m;
    }

    /** Is the process there? Answer: {@link ControlAnswer.Pong}. */
    record Ping() implements ControlRequest {}

    /**
     * A child is serving on {@code port}. {@code healthPath} is where the supervisor checks it before the old one
     * drains (default {@value #DEFAULT_HEALTH_PATH}). Answer: {@link ControlAnswer.Ack}.
     */
    record Ready(String nonce, long pid, int port, String healthPath) implements ControlRequest {
        public Ready {
            nonce = nonce == null ? "" : nonce;
            healthPath = healthPath == null || !healthPath.startsWith("/") ? DEFAULT_HEALTH_PATH : healthPath;
        }
    }

    /**
     * A standby child is warm; with {@code wait} (the default) the answer comes when a restart needs it. Answer:
     * {@link ControlAnswer.Go}.
     */
    record Standby(String nonce, @JsonProperty("wait") Boolean waitForGo) implements ControlRequest {
        public Standby {
            nonce = nonce == null ? "" : nonce;
            waitForGo = waitForGo == null || waitForGo;
        }
    }

    /**
     * A child that has reported {@code ready} waits on this connection for the supervisor's word to stop: the answer
     * comes when the supervisor wants it to drain and exit, the way SIGTERM asks elsewhere (Windows has no signal a
     * console-less JVM can turn into a drain). Answer: {@link ControlAnswer.StopWord}.
     */
    record AwaitStop(String nonce) implements ControlRequest {
        public AwaitStop {
            nonce = nonce == null ? "" : nonce;
        }
    }

    /** Answer: {@link ControlAnswer.Status}. */
    record Status() implements ControlRequest {}

    /** Answer: {@link ControlAnswer.Restarting}. {@code requestedBy} is one of {@link #CLIENTS}. */
    record Restart(String requestedBy) implements ControlRequest {
        public Restart {
            requestedBy = requester(requestedBy);
        }
    }

    /** Answer: the operation record. */
    record Op(String opId) implements ControlRequest {
        public Op {
            opId = opId == null ? "" : opId;
        }
    }

    /** Answer: {@link ControlAnswer.Stopping}. {@code requestedBy} is one of {@link #CLIENTS}. */
    record Stop(String requestedBy) implements ControlRequest {
        public Stop {
            requestedBy = requester(requestedBy);
        }
    }

    /**
     * Pauses or resumes restart on change. Answer: {@link dev.relaunch.restart.WatchState}; {@code not_watching} when
     * the supervisor runs without {@code --watch}.
     *
     * @param action {@code pause} or {@code resume}
     */
    record Watch(String action) implements ControlRequest {
        public Watch {
            if (!"pause".equals(action) && !"resume".equals(action)) {
                throw new IllegalArgumentException("action must be \"pause\" or \"resume\"");
            }
        }

        public boolean pause() {
            return "pause".equals(action);
        }
    }

    /**
     * A build tool's report: while a build has {@code started} (at most 120 s), restarts caused by file changes wait;
     * {@code succeeded} lets them go; {@code failed} keeps the old version serving and the changes for the next
     * success. Answer: {@link ControlAnswer.Ack}; {@code not_watching} without {@code --watch}.
     *
     * @param phase   {@code started}, {@code succeeded} or {@code failed}
     * @param message what the build tool says (e.g. the first compiler error); may be null
     * @param logTail the build's last lines, for a failure; may be empty
     */
    record Build(String phase, String message, java.util.List<String> logTail) implements ControlRequest {
        public static final java.util.Set<String> PHASES = Set.of("started", "succeeded", "failed");

        public Build {
            if (phase == null || !PHASES.contains(phase)) {
                throw new IllegalArgumentException("phase must be \"started\", \"succeeded\" or \"failed\"");
            }
            logTail = logTail == null ? java.util.List.of() : java.util.List.copyOf(logTail);
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

    /** Reads one request line already parsed as a JSON object. */
    static ControlRequest parse(Map<String, Object> n) throws ControlException {
        if (n == null || !(n.get("cmd") instanceof String cmd)) {
            throw new ControlException("bad_request", "expected a JSON object with a \"cmd\" field");
        }
        Command c = Command.of(cmd).orElseThrow(() -> new ControlException("unknown_command", "unknown command '"
                + cmd + "'; use ping, status, restart, op, stop, watch, build"));
        try {
            return WireJson.toRecord(n, c.type);
        } catch (IllegalArgumentException e) {
            throw new ControlException("bad_request", "invalid " + cmd + " request: " + e.getMessage());
        }
    }
}
