package dev.relaunch.process;

import dev.relaunch.restart.ServerHost;
import dev.relaunch.restart.Candidate;
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
    void aProcessHoldsTheListeningSocketUntilItClosesIt() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux /proc only");
        long self = ProcessHandle.current().pid();
        java.util.Set<String> sockets;
        try (ServerSocket held = new ServerSocket(0)) {
            sockets = PortHolder.listeningInodes(held.getLocalPort());
            assertThat(sockets).hasSize(1);
            assertThat(PortHolder.holdsAny(self, sockets)).isTrue();
        }
        assertThat(PortHolder.holdsAny(self, sockets)).as("closed").isFalse();
        assertThat(PortHolder.holdsAny(Long.MAX_VALUE, sockets)).as("no such process").isFalse();
    }

    @Test
    void withoutAWayToSeeSocketsAHostWaitsForTheExitOrTheFallback() throws Exception {
        ServerHost blind = new ServerHost() {
            public java.util.OptionalLong servingPid() {
                return java.util.OptionalLong.empty();
            }

            public Candidate spawn(String opId) {
                throw new UnsupportedOperationException();
            }

            public void promote(Candidate candidate) {}

            public java.util.concurrent.CompletableFuture<Void> retire(long drainTimeoutMs) {
                return new java.util.concurrent.CompletableFuture<>();
            }

            public java.util.List<String> checkConfiguration() {
                return java.util.List.of();
            }
        };
        java.util.concurrent.CompletableFuture<Void> gone = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> stopped = blind.stoppedAccepting(gone, 60_000);
        assertThat(stopped).isNotDone();
        gone.complete(null);
        assertThat(stopped).succeedsWithin(java.time.Duration.ofSeconds(5));
        assertThat(blind.stoppedAccepting(new java.util.concurrent.CompletableFuture<>(), 1))
                .succeedsWithin(java.time.Duration.ofSeconds(5));
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
