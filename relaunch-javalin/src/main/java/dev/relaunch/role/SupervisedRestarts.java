package dev.relaunch.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.json.Json;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.RestartService;
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
            throw new RestartUnavailableException("the supervisor (PID " + supervisorPid + ") does not answer on "
                    + socket + ": " + e.getMessage() + "; check `relaunch status`");
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
    public String mode() {
        return "supervised";
    }

    @Override
    public OptionalLong supervisorPid() {
        return OptionalLong.of(supervisorPid);
    }
}
