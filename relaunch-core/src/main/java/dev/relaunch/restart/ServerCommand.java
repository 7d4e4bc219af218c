package dev.relaunch.restart;

import dev.relaunch.launch.LaunchContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one place a relaunch JVM command line is built: the server child, a standalone server's successor, the
 * class-data training run and the detached supervisor all run this Java, this class path and
 * {@code dev.relaunch.cli.Main} with their own arguments. Start-up tuned JVM options by default ({@code JAVA_OPTS}
 * adds to or overrides them); {@link #start} starts any {@link ProcessBuilder} the same way (no stdin, on every OS).
 */
public final class ServerCommand {
    /** Start-up oriented defaults: a short-lived dev server gains nothing from C2 or a large heap. */
    static final List<String> DEFAULT_JVM_OPTS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-XX:CICompilerCount=1",
            "-Xms16m", "-Xmx256m", "-XX:MaxMetaspaceSize=128m", "-XX:-UsePerfData", "-Xshare:auto");
    private static final String MAIN = "dev.relaunch.cli.Main";

    private boolean ownSession;
    private boolean lowPriority;
    private List<String> baseOptions = DEFAULT_JVM_OPTS;
    private boolean userOptions = true;
    private final List<String> extraOptions = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    private ServerCommand(List<String> args) {
        this.args.addAll(args);
    }

    /** {@code java [options] -cp <this class path> dev.relaunch.cli.Main <args>}. */
    public static ServerCommand relaunch(String... args) {
        return new ServerCommand(List.of(args));
    }

    /** The built-in server child: {@code serve --env-file <envFile>}, in its own session. */
    public static ServerCommand serve(Path envFile) {
        return relaunch("serve", "--env-file", envFile.toString()).ownSession();
    }

    /** In its own session (where {@code setsid} exists): a terminal's Ctrl-C reaches only the parent. */
    public ServerCommand ownSession() {
        ownSession = true;
        return this;
    }

    /** At low CPU priority (where {@code nice} exists), for background work. */
    public ServerCommand lowPriority() {
        lowPriority = true;
        return this;
    }

    /** Replaces the default JVM options (e.g. the supervisor's smaller heap). */
    public ServerCommand baseOptions(List<String> options) {
        baseOptions = List.copyOf(options);
        return this;
    }

    /** Leaves {@code JAVA_OPTS} out (runs whose options must not change, e.g. class-data training). */
    public ServerCommand withoutUserOptions() {
        userOptions = false;
        return this;
    }

    /** Adds JVM options after the defaults and {@code JAVA_OPTS} (later options win in HotSpot). */
    public ServerCommand jvmOptions(List<String> options) {
        extraOptions.addAll(options);
        return this;
    }

    public List<String> build() {
        List<String> cmd = new ArrayList<>();
        if (lowPriority && Files.isExecutable(Path.of("/usr/bin/nice"))) {
            cmd.addAll(List.of("/usr/bin/nice", "-n", "10"));
        }
        if (ownSession) {
            cmd.addAll(sessionPrefix());
        }
        cmd.add(javaExecutable());
        cmd.addAll(baseOptions);
        if (userOptions) {
            cmd.addAll(userJvmOptions());
        }
        cmd.addAll(extraOptions);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(MAIN);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * What runs a command in its own session: {@code setsid} where it exists (the PID stays the command's own, since
     * setsid execs it), nothing elsewhere.
     */
    public static List<String> sessionPrefix() {
        return Files.isExecutable(Path.of("/usr/bin/setsid")) ? List.of("/usr/bin/setsid") : List.of();
    }


    /** The class path with absolute entries: a child may run in another working directory. */
    public static String absoluteClassPath() {
        StringBuilder sb = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (sb.length() > 0) {
                sb.append(java.io.File.pathSeparator);
            }
            sb.append(e.isEmpty() ? e : Path.of(e).toAbsolutePath().normalize().toString());
        }
        return sb.toString();
    }

    static List<String> userJvmOptions() {
        String user = System.getenv("JAVA_OPTS");
        return user == null || user.isBlank() ? List.of() : Arrays.asList(user.trim().split("\\s+"));
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Prepares a child's environment: removes this process's own launch contract (the child's is written after)
     * and caps glibc's malloc arenas, which otherwise add tens of MB of RSS to a small JVM.
     */
    public static void prepareEnvironment(Map<String, String> env) {
        LaunchContract.none().writeTo(env);
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
