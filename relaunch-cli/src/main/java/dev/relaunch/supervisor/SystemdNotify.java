package dev.relaunch.supervisor;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd what the supervisor is doing ({@code sd_notify}): one datagram per state change to the socket named
 * by {@code NOTIFY_SOCKET} (a path, or {@code @name} in Linux's abstract namespace), for a unit of
 * {@code Type=notify}. The service is ready once the first server is; a restart is a reload ({@code RELOADING=1},
 * then {@code READY=1}), during which the old server keeps serving; a stop is {@code STOPPING=1}. A message that
 * cannot be sent is logged and dropped: systemd's view never stops the supervisor.
 */
final class SystemdNotify {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    private final String socket;

    private SystemdNotify(String socket) {
        this.socket = socket;
    }

    /** The notifier for a process started by systemd with {@code Type=notify}; empty otherwise. */
    static Optional<SystemdNotify> fromEnvironment(Map<String, String> env) {
        String s = env.get("NOTIFY_SOCKET");
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(new SystemdNotify(s.strip()));
    }

    /** What {@link SupervisorState} tells: systemd's notifier where systemd started this process, else nothing. */
    static Consumer<String> listenerFor(Map<String, String> env) {
        return fromEnvironment(env).<Consumer<String>>map(n -> n::stateChanged).orElse(s -> { });
    }

    /** A state of {@link SupervisorState} (or {@code restarting}) as systemd's message. */
    void stateChanged(String state) {
        switch (state) {
            case "running" -> send("READY=1\nSTATUS=serving\nMAINPID=" + ProcessHandle.current().pid());
            case SupervisorState.RESTARTING -> send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1_000
                    + "\nSTATUS=restarting the server");
            case "recovering" -> send("STATUS=the server crashed; starting it again");
            case SupervisorState.DOWN -> send("STATUS=no server serves: the last restart failed and nothing could "
                    + "be restored; fix the cause and restart");
            case "stopping" -> send("STOPPING=1\nSTATUS=stopping");
            case SupervisorState.GAVE_UP -> send("STATUS=gave up after repeated crashes");
            default -> { }
        }
    }

    /** Sends one message; never throws. */
    void send(String message) {
        try (AFUNIXDatagramChannel ch = AFUNIXDatagramChannel.open()) {
            ch.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), address());
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot notify systemd at NOTIFY_SOCKET={}: {}", socket, e.toString());
        }
    }

    private AFUNIXSocketAddress address() throws IOException {
        return socket.startsWith("@") ? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1))
                : AFUNIXSocketAddress.of(new File(socket));
    }
}
