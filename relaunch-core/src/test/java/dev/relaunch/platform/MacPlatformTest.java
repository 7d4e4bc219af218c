package dev.relaunch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.config.RestartStrategyName;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MacPlatformTest {
    @Test
    void aDetachedChildGetsItsOwnSessionThroughPerlWhereNoSetsidIsInstalled() {
        MacPlatform stock = new MacPlatform(Set.of(MacPlatform.PERL, PosixPlatform.NICE)::contains);
        assertThat(stock.sessionPrefix()).startsWith("/usr/bin/perl", "-MPOSIX", "-e").endsWith("--");
        assertThat(stock.sessionPrefix().get(3)).contains("POSIX::setsid()").contains("exec");
        MacPlatform withSetsid = new MacPlatform(Set.of(PosixPlatform.SETSID, MacPlatform.PERL)::contains);
        assertThat(withSetsid.sessionPrefix()).containsExactly("/usr/bin/setsid");
        assertThat(new MacPlatform(p -> false).sessionPrefix()).isEmpty();
    }

    @Test
    void theListeningSocketIsHandedOverAsOnLinux() {
        MacPlatform mac = new MacPlatform(p -> false);
        assertThat(mac.portSharing()).isEqualTo(PortSharing.HAND_OVER);
        assertThat(mac.strategyFor(RestartStrategyName.BLUE_GREEN, true)).isEqualTo(RestartStrategyName.BLUE_GREEN);
        assertThat(mac.strategyFor(RestartStrategyName.BLUE_GREEN, false)).isEqualTo(RestartStrategyName.STOP_START);
        assertThat(mac.outageReason()).isEmpty();
        assertThat(mac.childJavaLauncher("/Library/Java/bin/java")).isEqualTo("/Library/Java/bin/java");
        assertThat(mac.nullDevice().getPath()).isEqualTo("/dev/null");
        assertThat(mac.workingDirectory(ProcessHandle.current().pid())).isEmpty();
        assertThat(mac.lowPriorityPrefix()).isEmpty();
        assertThat(new MacPlatform(Path.of("/usr/bin/nice")::equals).lowPriorityPrefix())
                .containsExactly("/usr/bin/nice", "-n", "10");
    }
}
