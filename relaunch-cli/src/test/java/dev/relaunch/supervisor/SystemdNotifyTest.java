package dev.relaunch.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The messages systemd gets, read from a datagram socket of the test's own as systemd would read them. */
class SystemdNotifyTest {
    @TempDir
    Path dir;

    private static String receive(AFUNIXDatagramSocket s) throws Exception {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertThat(SystemdNotify.fromEnvironment(Map.of())).isEmpty();
        assertThat(SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", " "))).isEmpty();
    }

    @Test
    void theSupervisorsStatesBecomeReadyReloadingAndStopping() throws Exception {
        Path path = dir.resolve("notify");
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.of(path.toFile()));
            systemd.setSoTimeout(10_000);
            List<String> seen = new ArrayList<>();
            SupervisorState state = new SupervisorState(
                    SystemdNotify.listenerFor(Map.of("NOTIFY_SOCKET", path.toString())));
            state.set("running");
            seen.add(receive(systemd));
            state.restarting();
            seen.add(receive(systemd));
            state.set("running");
            seen.add(receive(systemd));
            state.markStopping();
            seen.add(receive(systemd));
            state.restarting(); // a restart while stopping says nothing
            state.set("running");

            assertThat(seen.get(0)).startsWith("READY=1\n").contains("MAINPID=" + ProcessHandle.current().pid());
            assertThat(seen.get(1)).startsWith("RELOADING=1\n").containsPattern("MONOTONIC_USEC=[0-9]+");
            assertThat(seen.get(2)).startsWith("READY=1\n");
            assertThat(seen.get(3)).startsWith("STOPPING=1\n");
            systemd.setSoTimeout(300);
            assertThat(nothingMore(systemd)).isTrue();
        }
    }

    private static boolean nothingMore(AFUNIXDatagramSocket s) {
        try {
            receive(s);
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    void anAbstractSocketNameIsUnderstood() throws Exception {
        assumeTrue(new File("/proc/self").exists(), "Linux only: abstract socket names");
        String name = "relaunch-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (AFUNIXDatagramSocket systemd = AFUNIXDatagramSocket.newInstance()) {
            systemd.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
            systemd.setSoTimeout(10_000);
            SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name)).orElseThrow().send("STATUS=hello");
            assertThat(receive(systemd)).isEqualTo("STATUS=hello");
        }
    }

    @Test
    void aMissingSocketIsLoggedNotThrown() {
        SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()))
                .orElseThrow();
        n.stateChanged("running");
        assertThat(Files.exists(dir.resolve("gone"))).isFalse();
    }
}
