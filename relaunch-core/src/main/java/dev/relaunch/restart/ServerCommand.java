package dev.relaunch.restart;

import dev.relaunch.launch.LaunchContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line and environment of a server process: the same Java and class path as this process, the tuned
 * JVM options (overridable with {@code JAVA_OPTS}), and the {@code RELAUNCH_*} variables that tell the child who to
 * report to. Variables from this process's own {@code .env} are never exported, so the child reads {@code .env}
 * afresh.
 */
public final class ServerCommand {
    /** Start-up oriented defaults: a short-lived dev server gains nothing from C2 or a large heap. */
    static final List<String> DEFAULT_JVM_OPTS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-XX:CICompilerCount=1",
            "-Xms16m", "-Xmx256m", "-XX:MaxMetaspaceSize=128m", "-XX:-UsePerfData", "-Xshare:auto");

    private ServerCommand() {}

    public static List<String> command(Path envFile, boolean ownSession, List<String> extraJvmOpts) {
        List<String> cmd = new ArrayList<>();
        if (ownSession && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid"); // own session: a terminal's Ctrl-C goes to the supervisor, not the child
        }
        cmd.add(javaExecutable());
        cmd.addAll(jvmOptions());
        cmd.addAll(extraJvmOpts);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add("dev.relaunch.cli.Main");
        cmd.add("serve");
        cmd.add("--env-file");
        cmd.add(envFile.toString());
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

    static List<String> jvmOptions() {
        String user = System.getenv("JAVA_OPTS");
        List<String> opts = new ArrayList<>(DEFAULT_JVM_OPTS);
        if (user != null && !user.isBlank()) {
            opts.addAll(Arrays.asList(user.trim().split("\\s+"))); // later options win in HotSpot
        }
        return opts;
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
}
