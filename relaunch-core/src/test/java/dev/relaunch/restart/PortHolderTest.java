package dev.relaunch.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortHolderTest {
    @Test
    void aListeningSocketOfThisProcessIsFoundWithItsPid() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux /proc only");
        try (ServerSocket held = new ServerSocket(0)) {
            int port = held.getLocalPort();
            assertThat(PortHolder.isFree("127.0.0.1", port)).isFalse();
            assertThat(PortHolder.of(port)).contains(ProcessHandle.current().pid());
            assertThat(PortHolder.describe(port)).startsWith("PID " + ProcessHandle.current().pid() + " (");
        }
    }

    @Test
    void aFreePortHasNoHolder() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(PortHolder.isFree("127.0.0.1", port)).isTrue();
        assertThat(PortHolder.of(port)).isEmpty();
        assertThat(PortHolder.describe(port)).isEqualTo("an unknown process");
    }
}
