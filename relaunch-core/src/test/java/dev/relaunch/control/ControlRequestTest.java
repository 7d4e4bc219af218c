package dev.relaunch.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaunch.json.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlRequestTest {
    private static ControlRequest parse(String json) throws Exception {
        return ControlRequest.parse(WireJson.parseObject(json));
    }

    private ControlRequest roundTrip(ControlRequest r) throws Exception {
        return parse(WireJson.write(r.toWire()));
    }

    @Test
    void everyRequestSurvivesTheWire() throws Exception {
        for (ControlRequest r : List.of(new ControlRequest.Ping(), new ControlRequest.Status(),
                new ControlRequest.Ready("n1", 42, 5050, "/relaunch/api/v1/health"),
                new ControlRequest.Standby("n2", false), new ControlRequest.Restart("ui"),
                new ControlRequest.Op("abcdefghijklmnop"), new ControlRequest.Stop("cli"),
                new ControlRequest.Watch("pause"), new ControlRequest.Build("failed", "cannot find symbol",
                        List.of("[ERROR] Greeting.java:[3,5] cannot find symbol")))) {
            assertThat(roundTrip(r)).isEqualTo(r);
        }
    }

    @Test
    void theWireFormatIsTheOneChildrenSendToday() throws Exception {
        assertThat(parse("{\"cmd\":\"ready\",\"nonce\":\"abc\",\"pid\":7,\"port\":5050}"))
                .isEqualTo(new ControlRequest.Ready("abc", 7, 5050, ControlRequest.DEFAULT_HEALTH_PATH));
        assertThat(parse("{\"cmd\":\"standby\",\"nonce\":\"x\"}"))
                .isEqualTo(new ControlRequest.Standby("x", true));
        assertThat(new ControlRequest.Restart("ui").toWire())
                .containsEntry("cmd", "restart").containsEntry("requested_by", "ui");
        assertThat(new ControlRequest.Standby("x", false).toWire()).containsOnlyKeys("cmd", "nonce", "wait")
                .containsEntry("wait", false);
        assertThat(new ControlRequest.Ready("n", 7, 80, "/h").toWire())
                .containsOnlyKeys("cmd", "nonce", "pid", "port", "health_path").containsEntry("health_path", "/h");
        assertThat(new ControlRequest.Ping().toWire()).containsOnlyKeys("cmd");
    }

    @Test
    void aClientCannotNameItselfAnythingButUiCliOrApi() throws Exception {
        assertThat(((ControlRequest.Restart) parse(
                "{\"cmd\":\"restart\",\"requested_by\":\"crash\"}")).requestedBy()).isEqualTo("api");
        assertThat(((ControlRequest.Restart) parse(
                "{\"cmd\":\"restart\",\"requested_by\":\"watch\"}")).requestedBy()).isEqualTo("api");
        assertThat(new ControlRequest.Restart("<script>").requestedBy()).isEqualTo("api");
        assertThat(new ControlRequest.Stop(null).requestedBy()).isEqualTo("cli");
        assertThat(new ControlRequest.Restart("ui").requestedBy()).isEqualTo("ui");
    }

    @Test
    void unknownCommandsAndMalformedRequestsAreRefused() throws Exception {
        assertThatThrownBy(() -> parse("{\"cmd\":\"reboot\"}"))
                .isInstanceOf(ControlException.class).hasMessageContaining("unknown command 'reboot'");
        assertThatThrownBy(() -> ControlRequest.parse(Map.of("command", "ping")))
                .isInstanceOf(ControlException.class).hasMessageContaining("\"cmd\"");
        assertThatThrownBy(() -> parse("{\"cmd\":\"ready\",\"pid\":\"seven\"}"))
                .isInstanceOf(ControlException.class).hasMessage("invalid ready request: pid: expected a number");
        assertThatThrownBy(() -> parse("{\"cmd\":\"ready\",\"port\":1.5}"))
                .isInstanceOf(ControlException.class).hasMessageContaining("port: expected a whole number");
        assertThatThrownBy(() -> parse("{\"cmd\":\"standby\",\"wait\":\"yes\"}"))
                .isInstanceOf(ControlException.class).hasMessageContaining("wait: expected true or false");
        assertThatThrownBy(() -> parse("{\"cmd\":\"watch\",\"action\":\"stop\"}"))
                .isInstanceOf(ControlException.class).hasMessageContaining("action must be \"pause\" or \"resume\"");
        assertThatThrownBy(() -> parse("{\"cmd\":\"build\"}"))
                .isInstanceOf(ControlException.class).hasMessageContaining("phase must be");
        assertThat(parse("{\"cmd\":\"build\",\"phase\":\"started\"}"))
                .isEqualTo(new ControlRequest.Build("started", null, List.of()));
        assertThat(parse("{\"cmd\":\"ready\",\"health_path\":\"nope\"}"))
                .extracting(r -> ((ControlRequest.Ready) r).healthPath()).isEqualTo("/api/v1/health");
    }
}
