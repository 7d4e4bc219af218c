package dev.relaunch.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.launch.LaunchContract;
import dev.relaunch.handover.SharedListenerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared listening socket with real processes: each child receives the supervisor's socket over the listener
 * service and serves from it; the socket outlives every child, so a second child serves on the same port.
 */
class ListenerServiceTest {
    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();
    private ListenerService service;

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyChildServesFromTheSameListeningSocket() throws Exception {
        service = new ListenerService(dir.resolve("listen.sock"), Set.of("n1", "n2")::contains);
        assertThat(service.start()).as("needs --add-exports java.base/sun.nio.ch (surefire argLine)").isTrue();
        Process first = child("n1", 0);
        int port = Integer.parseInt(firstLine(first).replace("port ", ""));
        assertThat(askPid(port)).isEqualTo(first.pid());
        first.waitFor(10, TimeUnit.SECONDS);
        // no process accepts now, but the socket stays open: a connection made now waits in its queue
        try (Socket queued = new Socket()) {
            queued.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            Process second = child("n2", port);
            assertThat(firstLine(second)).isEqualTo("port " + port);
            assertThat(readPid(queued)).as("the connection queued between two servers").isEqualTo(second.pid());
        }
    }

    @Test
    void aProcessThisSupervisorDidNotStartGetsNothingAndAHeldPortIsReported() throws Exception {
        service = new ListenerService(dir.resolve("listen.sock"), Set.of("n1")::contains);
        assertThat(service.start()).isTrue();
        Process stranger = child("guess", 0);
        assertThat(firstLine(stranger)).isEqualTo("none");
        try (ServerSocket holder = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process blocked = child("n1", holder.getLocalPort());
            assertThat(firstLine(blocked)).startsWith("port_unavailable cannot listen on 127.0.0.1:"
                    + holder.getLocalPort());
        }
    }

    private Process child(String nonce, int port) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), service.path().toString(), nonce,
                Integer.toString(port));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private static String firstLine(Process p) throws IOException {
        StringBuilder sb = new StringBuilder();
        InputStream in = p.getInputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static long askPid(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return readPid(s);
        }
    }

    private static long readPid(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        return Long.parseLong(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
    }

    /** A server child: receives the shared socket, prints its port, answers one connection with its PID, exits. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            LaunchContract launch = LaunchContract.supervised(Path.of("/unused"), args[1], null, 1, null, false)
                    .withListenerSocket(Path.of(args[0]));
            Optional<ServerSocketChannel> ch;
            try {
                ch = SharedListenerClient.obtain(launch, "127.0.0.1", Integer.parseInt(args[2]));
            } catch (SharedListenerClient.Unavailable e) {
                System.out.println(e.code() + " " + e.getMessage());
                return;
            }
            if (ch.isEmpty()) {
                System.out.println("none");
                return;
            }
            int port = ((InetSocketAddress) ch.get().getLocalAddress()).getPort();
            System.out.println("port " + port);
            System.out.flush();
            try (SocketChannel c = ch.get().accept(); OutputStream out = c.socket().getOutputStream()) {
                out.write(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
