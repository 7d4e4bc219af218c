package dev.relaunch.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds a TCP port. On Linux the listening socket's inode is read from {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}, then found among the open files of the processes this user may look at
 * ({@code /proc/<pid>/fd/* -> socket:[inode]}). Elsewhere, or for another user's process, the holder is unknown.
 */
public final class PortHolder {
    private static final String LISTEN = "0A";

    private PortHolder() {}

    /** The PID of a process listening on {@code port}, when it can be found. */
    public static Optional<Long> of(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (holdsAny(proc.resolve("fd"), inodes)) {
                    return Optional.of(Long.parseLong(proc.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
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
     * The inodes of the sockets listening on {@code port} (any address), from {@code /proc/net/tcp} and
     * {@code /proc/net/tcp6}; empty where there is no {@code /proc} or nothing listens.
     */
    public static Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(":" + hexPort) && f[3].equals(LISTEN) && !f[9].equals("0")) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table on this system
            }
        }
        return inodes;
    }

    /** True when process {@code pid} has one of these sockets open (false when it is gone or not ours to see). */
    public static boolean holdsAny(long pid, Set<String> inodes) {
        return holdsAny(Path.of("/proc", Long.toString(pid), "fd"), inodes);
    }

    private static boolean holdsAny(Path fdDir, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    // the descriptor closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's process, or it exited
        }
        return false;
    }
}
