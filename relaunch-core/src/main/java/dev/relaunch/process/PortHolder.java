package dev.relaunch.process;

import dev.relaunch.platform.Platforms;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds a TCP port, as far as the {@link dev.relaunch.platform.Platform} can tell (on Linux from {@code /proc},
 * among the processes this user may look at). Elsewhere, or for another user's process, the holder is unknown.
 */
public final class PortHolder {
    private PortHolder() {}

    /** The PID of a process listening on {@code port}, when it can be found. */
    public static Optional<Long> of(int port) {
        return Platforms.current().portHolder(port);
    }

    /** "PID 123 (command)" or "an unknown process". */
    public static String describe(int port) {
        return of(port).map(PortHolder::describePid).orElse("an unknown process");
    }

    public static String describePid(long pid) {
        String cmd = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("")
                .replaceAll("\\s+", " ").strip();
        if (cmd.length() > 120) {
            cmd = cmd.substring(0, 120) + "…";
        }
        return "PID " + pid + (cmd.isEmpty() ? "" : " (" + cmd + ")");
    }

    /**
     * True when this process could bind {@code host:port} now (nobody listens on it). The probe socket is closed at
     * once; it never accepted, so it leaves nothing behind.
     */
    public static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // a TIME_WAIT connection of a previous server does not count as held
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Identifiers of the sockets listening on {@code port} (any address); empty where the platform cannot tell or
     * nothing listens.
     */
    public static Set<String> listeningInodes(int port) {
        return Platforms.current().listeningSockets(port);
    }

    /** True when process {@code pid} has one of these sockets open (false when it is gone or not ours to see). */
    public static boolean holdsAny(long pid, Set<String> inodes) {
        return Platforms.current().holdsAny(pid, inodes);
    }
}
