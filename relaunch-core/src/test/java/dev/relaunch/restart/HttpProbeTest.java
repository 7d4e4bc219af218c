package dev.relaunch.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
    private static HttpProbe.Answer answer(String body) throws IOException {
        return HttpProbe.parse(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePidOfAHealthAnswerIsAWholeNumberThatFits() throws IOException {
        assertThat(answer("{\"status\":\"ok\",\"pid\":4242}").pid()).isEqualTo(OptionalLong.of(4242));
        assertThat(answer("{\"pid\":9007199254740993}").pid()).isEqualTo(OptionalLong.of(9007199254740993L));
        for (String notAPid : new String[] {"{\"pid\":\"4242\"}", "{\"pid\":42.5}", "{\"pid\":null}", "{}",
                "{\"pid\":123456789012345678901234}", "[4242]", "not json", ""}) {
            assertThat(answer(notAPid).pid()).as(notAPid).isEmpty();
        }
    }

    @Test
    void theStatusLineIsRead_andNonHttpIsRefused() throws IOException {
        HttpProbe.Answer a = HttpProbe.parse("HTTP/1.0 503 Service Unavailable\r\n\r\nstarting"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.ok()).isFalse();
        assertThat(a.body()).isEqualTo("starting");
        assertThatThrownBy(() -> HttpProbe.parse("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageStartingWith("not an HTTP answer");
    }
}
