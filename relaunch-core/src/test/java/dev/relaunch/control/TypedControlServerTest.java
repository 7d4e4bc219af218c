package dev.relaunch.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A typed endpoint behind a real socket answers both typed clients and the JSON maps older children send. */
class TypedControlServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    Path socket;
    ControlServer server;
    final List<ControlRequest> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("c.sock");
        server = ControlServer.typed(socket, r -> {
            seen.add(r);
            if (r instanceof ControlRequest.Ping) {
                return new ControlAnswer.Pong(42);
            } else if (r instanceof ControlRequest.Ready) {
                return ControlAnswer.Ack.OK;
            } else if (r instanceof ControlRequest.Standby) {
                return ControlAnswer.Go.go("op1");
            }
            throw new ControlException("unknown_op", "no such operation");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void typedAndUntypedClientsGetTheSameAnswers() throws Exception {
        assertThat(ControlClient.call(socket, new ControlRequest.Ping(), ControlAnswer.Pong.class, TIMEOUT).pid())
                .isEqualTo(42);
        JsonNode ack = ControlClient.call(socket, Map.of("cmd", "ready", "nonce", "n", "pid", 7, "port", 8080),
                TIMEOUT);
        assertThat(ack.path("ok").asBoolean()).isTrue();
        assertThat(seen).contains(new ControlRequest.Ready("n", 7, 8080, "/api/v1/health"));
        JsonNode go = ControlClient.call(socket, Map.of("cmd", "standby", "nonce", "n", "wait", false), TIMEOUT);
        assertThat(go.path("go").asBoolean()).isTrue();
        assertThat(go.path("op_id").asText()).isEqualTo("op1");
        assertThat(ControlClient.isAlive(socket)).isTrue();
    }

    @Test
    void errorsKeepTheirCodes() {
        assertThatThrownBy(() -> ControlClient.call(socket, new ControlRequest.Op("x"), TIMEOUT))
                .isInstanceOf(ControlException.class).extracting(e -> ((ControlException) e).code())
                .isEqualTo("unknown_op");
        assertThatThrownBy(() -> ControlClient.call(socket, Map.of("cmd", "reboot"), TIMEOUT))
                .isInstanceOf(ControlException.class).extracting(e -> ((ControlException) e).code())
                .isEqualTo("unknown_command");
    }
}
