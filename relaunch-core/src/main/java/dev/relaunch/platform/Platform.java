package dev.relaunch.platform;

import dev.relaunch.config.RestartStrategyName;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What relaunch needs to know about the operating system it runs on: how to start a detached child, how to ask a
 * process to stop, whether a listening socket can be handed over, and what the system tells about a process (its
 * state, open sockets, working folder, command line). One implementation per operating system, chosen once by
 * {@link Platforms#forOs}; nothing else in relaunch tests {@code os.name} or reads {@code /proc}.
 *
 * <p>Every answer is a decision of the implementation alone (plus, for the questions about processes, what the
 * system reports), so each implementation can be tested on any operating system. Implementations are immutable and
 * thread-safe.
 */
public interface Platform {

    /** The name users know the platform by, for messages and logs ("Linux", "macOS", "Windows", …). */
    String name();

    // ---- starting and stopping ---------------------------------------------------------------------------------

    /**
     * Words to put before a command so that it runs in a session of its own: a terminal's Ctrl-C or the parent's
     * exit does not reach it, and its PID stays the command's own (the prefix execs it). Empty where none is needed
     * or available.
     */
    List<String> sessionPrefix();

    /** Words to put before a command so that it runs at a lower CPU priority; empty where not available. */
    List<String> lowPriorityPrefix();

    /**
     * The Java launcher for a child JVM, given the launcher of this JVM: the same JDK, and on Windows {@code javaw.exe}
     * so that no console window opens for a background server.
     */
    String childJavaLauncher(String thisJavaLauncher);

    /** Whether a process's executable, as {@link ProcessHandle.Info#command()} reports it, is a Java launcher. */
    boolean isJavaLauncher(String command);

    /** What a detached child reads as its standard input: nothing. */
    File nullDevice();

    /**
     * Asks {@code process} (this process only, never its tree: a standalone server's successor is its child) to stop
     * gracefully: the JVM runs its shutdown hooks, which drain the server. Returns at once.
     *
     * @return false when this platform has no such request for that process; the caller then ends it at once
     *         instead of waiting for a drain that cannot happen
     */
    boolean requestStop(ProcessHandle process);

    /**
     * Whether {@link #requestStop} reaches a JVM as a request it drains on (POSIX: SIGTERM runs its shutdown hooks).
     * Where it does not (Windows), a supervisor asks each child that listens for it over the control socket instead
     * ({@code await_stop}), and ends the others at once.
     */
    boolean stopSignalDrains();

    // ---- the port across a restart -----------------------------------------------------------------------------

    /** How old and new server can serve one port during a restart. */
    PortSharing portSharing();

    /**
     * Why restarts have a short outage here even for an app that could share its port, as the operation record and
     * the UI say it; empty (the default) where the port can be handed over or shared.
     */
    default Optional<String> outageReason() {
        return Optional.empty();
    }

    /**
     * The restart strategy to use: the configured one where the port can be handed over or shared and the app can
     * take it ({@code appSharesPort}: it reports ready itself), else stop-then-start.
     */
    default RestartStrategyName strategyFor(RestartStrategyName configured, boolean appSharesPort) {
        return portSharing() == PortSharing.NONE || !appSharesPort ? RestartStrategyName.STOP_START : configured;
    }

    /**
     * A hint for the log when connections queued on a closing listener may be reset during a restart and the user
     * can change that (Linux: {@code net.ipv4.tcp_migrate_req}); empty otherwise.
     */
    default Optional<String> connectionResetHint() {
        return Optional.empty();
    }

    // ---- what the system tells about processes: by default nothing beyond ProcessHandle --------------------------

    /**
     * True when the system says the process has exited though {@link ProcessHandle#isAlive()} may still say true
     * (Linux: a zombie, not yet reaped by its parent). False when it runs, or when the system cannot tell.
     */
    default boolean hasExited(long pid) {
        return false;
    }

    /**
     * The PIDs of exited, unreaped children of {@code parentPid}: for a supervisor that runs as PID 1 of a container
     * and must reap the orphans the kernel gives it. Empty where the system cannot tell.
     */
    default List<Long> unreapedChildren(long parentPid) {
        return List.of();
    }

    /**
     * Identifiers of the sockets listening on TCP {@code port} (any address), to be matched with
     * {@link #holdsAny}; empty where the system cannot tell or nothing listens.
     */
    default Set<String> listeningSockets(int port) {
        return Set.of();
    }

    /** True when process {@code pid} has one of these sockets open; false when it has not, or it cannot be seen. */
    default boolean holdsAny(long pid, Set<String> sockets) {
        return false;
    }

    /** A process listening on TCP {@code port}, when the system can tell. */
    default Optional<Long> portHolder(int port) {
        return Optional.empty();
    }

    /**
     * The arguments this JVM was started with, after the executable, exactly as the system recorded them (at any
     * length); empty where the system does not say.
     */
    default List<String> ownArguments() {
        return List.of();
    }

    /**
     * A process's whole command line, the executable first; empty when it cannot be read (the process exited, or
     * belongs to another user). The JDK's {@link ProcessHandle.Info#arguments()} is empty for a command line over
     * 4 KiB, common for a Java app's class path, so a platform that can read it exactly does.
     */
    default List<String> commandLine(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::info).flatMap(info -> info.command().map(c -> {
            List<String> all = new java.util.ArrayList<>();
            all.add(c);
            info.arguments().ifPresent(a -> all.addAll(List.of(a)));
            return List.copyOf(all);
        })).orElse(List.of());
    }

    /** The working folder of process {@code pid}; empty where the system cannot tell. */
    default Optional<Path> workingDirectory(long pid) {
        return Optional.empty();
    }
}
