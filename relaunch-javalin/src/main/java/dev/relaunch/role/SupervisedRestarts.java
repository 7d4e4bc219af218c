package dev.relaunch.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.json.Json;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.RestartService;
import dev.relaunch.restart.WatchState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A supervised server asks its supervisor, over the control socket, to restart it. */
final class SupervisedRestarts implements RestartService {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Path socket;
    private final long supervisorPid;
    private final ObjectMapper mapper = Json.newMapper();

    SupervisedRestarts(Path socket, long supervisorPid) {
        this.socket = socket;
        this.supervisorPid = supervisorPid;
    }

    @Override
    public OpRecord request(String requestedBy) {
        try {
            JsonNode data = ControlClient.call(socket, Map.of("cmd", "restart", "requested_by", requestedBy), TIMEOUT);
            return mapper.treeToValue(data.path("op"), OpRecord.class);
        } catch (ControlException e) {
            throw new RestartUnavailableException(e.getMessage());
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    @Override
    public Optional<OpRecord> inProgress() {
        try {
            JsonNode data = ControlClient.call(socket, Map.of("cmd", "status"), TIMEOUT);
            JsonNode op = data.path("in_progress");
            return op.isObject() ? Optional.of(mapper.treeToValue(op, OpRecord.class)) : Optional.empty();
        } catch (IOException | ControlException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<WatchState> watch() {
        try {
            JsonNode w = ControlClient.call(socket, Map.of("cmd", "status"), TIMEOUT).path("watch");
            return w.isObject() ? Optional.of(mapper.treeToValue(w, WatchState.class)) : Optional.empty();
        } catch (IOException | ControlException e) {
            return Optional.empty();
        }
    }

    @Override
    public WatchState pauseWatch(boolean paused) {
        try {
            JsonNode data = ControlClient.call(socket, Map.of("cmd", "watch", "action", paused ? "pause" : "resume"),
                    TIMEOUT);
            return mapper.treeToValue(data, WatchState.class);
        } catch (ControlException e) {
            if ("not_watching".equals(e.code())) {
                throw new NotWatchingException(e.getMessage());
            }
            throw new RestartUnavailableException(e.getMessage());
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private RestartUnavailableException unreachable(IOException e) {
        return new RestartUnavailableException("the supervisor (PID " + supervisorPid + ") does not answer on "
                + socket + ": " + e.getMessage() + "; check `relaunch status`");
    }

    @Override
    public String mode() {
        return "supervised";
    }

    @Override
    public OptionalLong supervisorPid() {
        return OptionalLong.of(supervisorPid);
    }
}
