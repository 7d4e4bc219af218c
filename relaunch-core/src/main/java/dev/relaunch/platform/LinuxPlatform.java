package dev.relaunch.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Linux, tested here end to end: the supervisor hands its listening socket to every child ({@code SCM_RIGHTS}), and
 * {@code /proc} tells a process's state (a zombie has exited), its open sockets, its working folder and this JVM's
 * exact command line.
 */
public final class LinuxPlatform extends PosixPlatform {
    private static final String MIGRATE_REQ = "sys/net/ipv4/tcp_migrate_req";

    private final ProcFs proc;

    public LinuxPlatform() {
        this.proc = new ProcFs(Path.of("/proc"));
    }

    /** A platform reading another {@code /proc} tree and seeing other programs installed (for tests). */
    LinuxPlatform(Path procRoot, Predicate<Path> installed) {
        super(installed);
        this.proc = new ProcFs(procRoot);
    }

    @Override
    public String name() {
        return "Linux";
    }

    @Override
    public PortSharing portSharing() {
        return PortSharing.HAND_OVER;
    }

    @Override
    public Optional<String> connectionResetHint() {
        return proc.read(MIGRATE_REQ).filter("0"::equals).map(v -> "Hint: this restart hands the port over by "
                + "SO_REUSEPORT and net.ipv4.tcp_migrate_req is 0, so a connection queued on the old server at the "
                + "moment it closes its listener can be reset. `sudo sysctl -w net.ipv4.tcp_migrate_req=1` "
                + "(Linux 5.14+) moves them to the new server");
    }

    @Override
    public boolean hasExited(long pid) {
        return proc.hasExited(pid);
    }

    @Override
    public List<Long> unreapedChildren(long parentPid) {
        return proc.zombieChildren(parentPid);
    }

    @Override
    public Set<String> listeningSockets(int port) {
        return proc.listeningInodes(port);
    }

    @Override
    public boolean holdsAny(long pid, Set<String> sockets) {
        return proc.holdsAny(pid, sockets);
    }

    @Override
    public Optional<Long> portHolder(int port) {
        return proc.holder(port);
    }

    @Override
    public List<String> ownArguments() {
        List<String> words = proc.cmdline("self");
        return words.size() < 2 ? List.of() : List.copyOf(words.subList(1, words.size()));
    }

    @Override
    public List<String> commandLine(long pid) {
        return proc.cmdline(Long.toString(pid));
    }

    @Override
    public Optional<Path> workingDirectory(long pid) {
        return proc.cwd(pid);
    }
}
