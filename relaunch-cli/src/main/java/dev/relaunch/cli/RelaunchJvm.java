package dev.relaunch.cli;

import dev.relaunch.process.ChildProcesses;
import dev.relaunch.platform.Platforms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place a relaunch JVM command line is built: the built-in server child, the class-data training run and
 * the detached supervisor all run this Java, this class path and
 * {@code dev.relaunch.cli.Main} with their own arguments. Start-up tuned JVM options by default ({@code JAVA_OPTS}
 * adds to or overrides them). Only the CLI module knows its own main class and commands.
 */
public final class RelaunchJvm {
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

    private RelaunchJvm(List<String> args) {
        this.args.addAll(args);
    }

    /** {@code java [options] -cp <this class path> dev.relaunch.cli.Main <args>}. */
    public static RelaunchJvm relaunch(String... args) {
        return new RelaunchJvm(List.of(args));
    }

    /** The built-in server child: {@code serve --env-file <envFile>}, in its own session. */
    public static RelaunchJvm serve(Path envFile) {
        return relaunch("serve", "--env-file", envFile.toString()).ownSession();
    }

    /** In its own session (where {@code setsid} exists): a terminal's Ctrl-C reaches only the parent. */
    public RelaunchJvm ownSession() {
        ownSession = true;
        return this;
    }

    /** At low CPU priority (where {@code nice} exists), for background work. */
    public RelaunchJvm lowPriority() {
        lowPriority = true;
        return this;
    }

    /** Replaces the default JVM options (e.g. the supervisor's smaller heap). */
    public RelaunchJvm baseOptions(List<String> options) {
        baseOptions = List.copyOf(options);
        return this;
    }

    /** Leaves {@code JAVA_OPTS} out (runs whose options must not change, e.g. class-data training). */
    public RelaunchJvm withoutUserOptions() {
        userOptions = false;
        return this;
    }

    /** Adds JVM options after the defaults and {@code JAVA_OPTS} (later options win in HotSpot). */
    public RelaunchJvm jvmOptions(List<String> options) {
        extraOptions.addAll(options);
        return this;
    }

    public List<String> build() {
        List<String> cmd = new ArrayList<>();
        if (lowPriority) {
            cmd.addAll(Platforms.current().lowPriorityPrefix());
        }
        if (ownSession) {
            cmd.addAll(ChildProcesses.sessionPrefix());
        }
        cmd.add(ChildProcesses.javaExecutable());
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
}
