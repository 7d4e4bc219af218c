package dev.relaunch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformsTest {
    @Test
    void theOperatingSystemNameChoosesThePlatform() {
        assertThat(Platforms.forOs("Linux")).isInstanceOf(LinuxPlatform.class);
        assertThat(Platforms.forOs("Windows 10")).isInstanceOf(WindowsPlatform.class);
        assertThat(Platforms.forOs("Windows Server 2022")).isInstanceOf(WindowsPlatform.class);
        assertThat(Platforms.forOs("Mac OS X")).isInstanceOf(MacPlatform.class);
        assertThat(Platforms.forOs("FreeBSD")).isInstanceOf(OtherPlatform.class);
        assertThat(Platforms.forOs("FreeBSD").name()).isEqualTo("FreeBSD");
        assertThat(Platforms.forOs("").name()).isEqualTo("an unknown system");
    }

    @Test
    void thisJvmGetsThePlatformOfItsOwnOperatingSystem() {
        assertThat(Platforms.current()).isSameAs(Platforms.current())
                .hasSameClassAs(Platforms.forOs(System.getProperty("os.name")));
    }

    @Test
    void anUnknownSystemRestartsStopThenStartAndSaysWhy() {
        Platform other = Platforms.forOs("AIX");
        assertThat(other.portSharing()).isEqualTo(PortSharing.NONE);
        assertThat(other.outageReason()).contains("relaunch does not know whether AIX can hand over the port");
        assertThat(other.nullDevice().getPath()).isEqualTo("/dev/null");
    }
}
