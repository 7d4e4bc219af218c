package dev.relaunch.process;

import dev.relaunch.launch.LaunchContract;
import dev.relaunch.platform.Platforms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How relaunch starts a child process, whatever it runs: the Java launcher of this JVM, a session of its own, an
 * environment without this process's launch contract, and no standard input.
 */
public final class ChildProcesses {
    private ChildProcesses() {}

    /**
     * What runs a command in its own session, so that a terminal's Ctrl-C or the parent's exit does not reach it
     * (e.g. {@code setsid}, which keeps the PID the command's own); empty where none is needed or available.
     */
    public static List<String> sessionPrefix() {
        return Platforms.current().sessionPrefix();
    }

    /** The Java launcher for a child JVM: this JVM's own ({@code javaw.exe} beside it on Windows). */
    public static String javaExecutable() {
        return Platforms.current().childJavaLauncher(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }

    /**
     * Prepares a child's environment: removes this process's own launch contract (the child's is written after) and
     * systemd's {@code NOTIFY_SOCKET} (only the supervisor speaks for the service), and caps glibc's malloc arenas,
     * which otherwise add tens of MB of RSS to a small JVM.
     */
    public static void prepareEnvironment(Map<String, String> env) {
        LaunchContract.none().writeTo(env);
        env.remove("NOTIFY_SOCKET"); // systemd's socket is the supervisor's: the service is ready when it says so
        env.putIfAbsent("MALLOC_ARENA_MAX", "2");
    }

    /**
     * Starts a process without input: its stdin is a pipe closed at once, so it reads end-of-file on every OS (there
     * is no {@code /dev/null} on Windows) and never waits for a terminal.
     */
    public static Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // the process exited already; its exit code tells why
        }
        return p;
    }
}
