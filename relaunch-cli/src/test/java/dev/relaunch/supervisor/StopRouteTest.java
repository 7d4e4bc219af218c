package dev.relaunch.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.platform.Platform;
import dev.relaunch.platform.Platforms;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a child is asked to stop, per platform: decided on any operating system. */
class StopRouteTest {
    private final Platform linux = Platforms.forOs("Linux");
    private final Platform windows = Platforms.forOs("Windows 11");

    @Test
    void onWindowsAChildThatListensGetsTheWordAndAnyOtherIsEndedAtOnce() {
        assertThat(StopRoute.choose(windows, false, true)).isEqualTo(StopRoute.WORD);
        assertThat(StopRoute.choose(windows, false, false)).isEqualTo(StopRoute.KILL);
    }

    @Test
    void onLinuxTheSignalStaysUnlessTheWordIsForcedAndAChildWithoutAConnectionStillGetsTheSignal() {
        assertThat(StopRoute.choose(linux, false, true)).isEqualTo(StopRoute.SIGNAL);
        assertThat(StopRoute.choose(linux, true, true)).isEqualTo(StopRoute.WORD);
        assertThat(StopRoute.choose(linux, true, false)).isEqualTo(StopRoute.SIGNAL);
    }

    @Test
    void theWordIsForcedOnlyByRelaunchStopWord() {
        assertThat(StopRoute.wordForced(Map.of("RELAUNCH_STOP", "word"))).isTrue();
        assertThat(StopRoute.wordForced(Map.of("RELAUNCH_STOP", " WORD "))).isTrue();
        assertThat(StopRoute.wordForced(Map.of("RELAUNCH_STOP", "signal"))).isFalse();
        assertThat(StopRoute.wordForced(Map.of())).isFalse();
    }
}
