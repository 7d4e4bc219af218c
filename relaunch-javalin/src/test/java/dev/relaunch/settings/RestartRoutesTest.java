package dev.relaunch.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestartRoutesTest {
    @Test
    void onlyTheOwnPageInABrowserIsRecordedAsTheUiAndNoHttpClientAsTheCli() {
        assertThat(RestartRoutes.requestedBy("ui", "same-origin")).isEqualTo("ui");
        assertThat(RestartRoutes.requestedBy("ui", null)).isEqualTo("api");
        assertThat(RestartRoutes.requestedBy("cli", "same-origin")).isEqualTo("api");
        assertThat(RestartRoutes.requestedBy(null, null)).isEqualTo("api");
    }
}
