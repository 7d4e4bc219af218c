package dev.relaunch.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaunch.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WatchRoutesTest {
    @Test
    void theBodyIsOneBooleanNamedPaused() {
        assertThat(WatchRoutes.paused("{\"paused\":true}")).isTrue();
        assertThat(WatchRoutes.paused(" {\"paused\": false} ")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"paused\":\"true\"}", "{\"paused\":1}", "{\"paused\":null}",
            "{\"paused\":true,\"for_ms\":5}", "{\"pause\":true}", "[true]", "true"})
    void anythingElseIsABadBodyThatSaysWhatToSend(String body) {
        assertThatThrownBy(() -> WatchRoutes.paused(body)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_body");
            assertThat(e.getMessage()).contains("{\"paused\": true}");
        });
    }
}
