package dev.relaunch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.control.ControlAnswer;
import dev.relaunch.control.ControlRequest;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.WatchState;
import dev.relaunch.restart.OpStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The supervisor writes op records and control answers with {@link WireJson}; the servers and the HTTP API read and
 * write the same records with Jackson's databind ({@link Json#newMapper()}). Both must produce the same JSON.
 */
class WireJsonTest {
    private final ObjectMapper databind = Json.newMapper();

    private static OpRecord fullRecord() {
        Instant t = Instant.parse("2026-12-03T07:00:00Z");
        return OpRecord.pending("abcdefghijklmnop", "ui", 41L, "blue-green", false, t)
                .withPhase(OpStatus.STARTING, t.plusMillis(5)).withPidAfter(42L)
                .withError("config_invalid", "PORT is \"abc\"; ünïcode ✓", 2, List.of("line 1", "line\t2"),
                        "/tmp/x/server.log")
                .withRollback(43L).withPortHolder(44L).withOldExitedAt(t.plusMillis(9))
                .withChanges(new OpRecord.Changes(List.of("target/classes/demo/Greeting.class"), 3))
                .withPhase(OpStatus.FAILED, t.plusMillis(10));
    }

    @Test
    void recordsComeOutAsDatabindWritesThem() throws Exception {
        OpRecord op = fullRecord();
        ControlAnswer.Status status = new ControlAnswer.Status("supervised", "running", 7L, "2026-12-03T07:00:00Z",
                "/p/.env", "/p/instance", "/p/server.log", "built-in server", "blue-green",
                new ControlAnswer.Server(42, "2026-12-03T07:00:01Z", null), "http://127.0.0.1:1", 0, null, op, null,
                new WatchState(true, false, List.of("target/classes", ".env"), 300,
                        new OpRecord.Changes(List.of("a.class"), 1), new WatchState.LastChange(
                        "2026-12-03T07:00:02Z", List.of("b.class"), 2, "abcdefghijklmnop"),
                        new WatchState.Build("failed", "2026-12-03T07:00:03Z", "cannot find symbol", List.of("x"))));
        for (Object value : List.of(op, status, ControlAnswer.Go.go("abcdefghijklmnop"), ControlAnswer.Go.EXIT,
                new ControlAnswer.Pong(9), ControlAnswer.Restarting.of(op),
                new ControlRequest.Standby("n", false), new ControlRequest.Build("failed", "m", List.of("l")))) {
            JsonNode expected = databind.readTree(databind.writeValueAsString(value));
            assertThat(databind.readTree(WireJson.write(value))).as(value.getClass().getSimpleName())
                    .isEqualTo(expected);
            assertThat(databind.readTree(WireJson.writePretty(value))).isEqualTo(expected);
        }
    }

    @Test
    void recordsReadBackEqual_whicheverSideWroteThem() throws Exception {
        OpRecord op = fullRecord();
        assertThat(WireJson.toRecord(WireJson.parseObject(WireJson.write(op)), OpRecord.class)).isEqualTo(op);
        assertThat(WireJson.toRecord(WireJson.parseObject(databind.writeValueAsString(op)), OpRecord.class))
                .isEqualTo(op);
        assertThat(databind.readValue(WireJson.writePretty(op), OpRecord.class)).isEqualTo(op);
    }

    @Test
    void missingFieldsAreNullOrZero_unknownOnesIgnored_wrongTypesNamed() throws Exception {
        ControlAnswer.Server s = WireJson.toRecord(WireJson.parseObject("{\"pid\":5,\"extra\":[1]}"),
                ControlAnswer.Server.class);
        assertThat(s).isEqualTo(new ControlAnswer.Server(5, null, null));
        assertThat(WireJson.toRecord(Map.of(), ControlAnswer.Go.class)).isEqualTo(new ControlAnswer.Go(false, false,
                null));
        assertThatThrownBy(() -> WireJson.toRecord(WireJson.parseObject("{\"status\":\"exploded\"}"),
                OpRecord.class)).hasMessage("status: unknown value 'exploded'");
        assertThatThrownBy(() -> WireJson.toRecord(WireJson.parseObject("{\"phases\":{}}"), OpRecord.class))
                .hasMessage("phases: expected an array");
        assertThatThrownBy(() -> WireJson.toRecord(WireJson.parseObject("{\"pid\":12345678901234567890}"),
                ControlAnswer.Server.class)).hasMessage("pid: number out of range");
        assertThatThrownBy(() -> WireJson.parseObject("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> WireJson.parseObject("{\"a\":")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void namesAreSnakeCaseAsJacksonMakesThem() {
        assertThat(WireJson.snakeCase("pidBefore")).isEqualTo("pid_before");
        assertThat(WireJson.snakeCase("opId")).isEqualTo("op_id");
        assertThat(WireJson.snakeCase("url")).isEqualTo("url");
        assertThat(WireJson.snakeCase("logTail")).isEqualTo("log_tail");
    }
}
