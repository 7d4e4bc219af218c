package dev.relaunch.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Linux's {@code /proc}, read at a root given by the caller (tests use a tree of their own). Every reader answers
 * "unknown" (empty, false) when a file is missing or not ours to read: another user's process, or one that exited
 * meanwhile.
 */
final class ProcFs {
    private static final String LISTEN = "0A";

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    /** A file under the root, trimmed; empty when it cannot be read. */
    Optional<String> read(String relative) {
        try {
            return Optional.of(Files.readString(root.resolve(relative), StandardCharsets.UTF_8).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The process's state letter in {@code stat} is {@code Z} (zombie) or {@code X} (dead), or its entry is gone
     * while {@code /proc} itself is there.
     */
    boolean hasExited(long pid) {
        try {
            return stat(Files.readString(root.resolve(pid + "/stat"), StandardCharsets.UTF_8))
                    .map(s -> s.state == 'Z' || s.state == 'X').orElse(false);
        } catch (NoSuchFileException e) {
            return Files.isDirectory(root.resolve("self"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The zombies whose parent is {@code parentPid}. */
    List<Long> zombieChildren(long parentPid) {
        List<Long> zombies = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(root, "[0-9]*")) {
            for (Path p : procs) {
                read(root.relativize(p.resolve("stat")).toString()).flatMap(ProcFs::stat)
                        .filter(s -> s.state == 'Z' && s.parent == parentPid)
                        .ifPresent(s -> zombies.add(Long.parseLong(p.getFileName().toString())));
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing known
        }
        return zombies;
    }

    /** The fields of {@code stat} read here, after the command name (which may itself hold spaces and parentheses). */
    record Stat(char state, long parent) {}

    static Optional<Stat> stat(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).trim().split("\\s+");
        try {
            return Optional.of(new Stat(f[0].charAt(0), f.length > 1 ? Long.parseLong(f[1]) : -1));
        } catch (RuntimeException e) {
            return Optional.of(new Stat(f[0].charAt(0), -1));
        }
    }

    /** The inodes of the sockets listening on {@code port} (any address), from {@code net/tcp} and {@code net/tcp6}. */
    Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(root.resolve(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(":" + hexPort) && f[3].equals(LISTEN) && !f[9].equals("0")) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6, no /proc)
            }
        }
        return inodes;
    }

    /** The first process (this user may look at) that has a socket listening on {@code port} open. */
    Optional<Long> holder(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(root, "[0-9]*")) {
            for (Path p : procs) {
                if (holdsAny(p.resolve("fd"), inodes)) {
                    return Optional.of(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    boolean holdsAny(long pid, Set<String> inodes) {
        return holdsAny(root.resolve(pid + "/fd"), inodes);
    }

    /** Whether one of the descriptors in {@code fdDir} is a link {@code socket:[inode]} to one of these inodes. */
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

    /** The NUL-separated words of {@code cmdline} ({@code pid} or {@code self}); empty when unreadable. */
    List<String> cmdline(String pid) {
        try {
            String all = Files.readString(root.resolve(pid + "/cmdline"), StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : Arrays.asList(all.split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Where {@code cwd} leads, resolved; empty when it cannot be read. */
    Optional<Path> cwd(long pid) {
        try {
            return Optional.of(root.resolve(pid + "/cwd").toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
