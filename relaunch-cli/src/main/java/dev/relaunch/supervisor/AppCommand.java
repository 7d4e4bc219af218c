package dev.relaunch.supervisor;

import dev.relaunch.process.ChildProcesses;
import dev.relaunch.config.EnvFile;
import dev.relaunch.config.Hosts;
import dev.relaunch.cds.CdsArchive;
import dev.relaunch.cli.RelaunchJvm;
import dev.relaunch.command.JavaSyntax;
import dev.relaunch.faststart.FastStart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the supervisor runs: the built-in server, or the user's own command ({@code relaunch start -- <command>}).
 * Each start reads {@code .env} afresh: a user command gets its keys as environment variables (the supervisor's own
 * environment wins), the built-in server reads the file itself.
 */
final class AppCommand {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Path envFile;
    private final List<String> userCommand;
    private final String readyUrl;
    private final Path instanceDir;
    /** Starts a user's {@code java -cp} command faster; null: as given. */
    private final FastStart fastStart;
    /** How each start's command line is changed (restart on change runs the code from a copy); identity otherwise. */
    private volatile UnaryOperator<List<String>> rewrite = UnaryOperator.identity();

    private AppCommand(Path envFile, List<String> userCommand, String readyUrl, Path instanceDir,
                       FastStart fastStart) {
        this.envFile = envFile;
        this.userCommand = List.copyOf(userCommand);
        this.readyUrl = readyUrl;
        this.instanceDir = instanceDir;
        this.fastStart = fastStart;
    }

    static AppCommand builtIn(Path envFile, Path instanceDir) {
        return new AppCommand(envFile, List.of(), null, instanceDir, null);
    }

    /** The user's command; {@code readyUrl} (may be null) may name variables of the app's environment: ${PORT}. */
    static AppCommand user(Path envFile, List<String> command, String readyUrl) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        return new AppCommand(envFile, command, readyUrl, null, null);
    }

    /** The same command, started through {@code fastStart} where it can (a user's {@code java -cp} command). */
    AppCommand withFastStart(FastStart fastStart) {
        if (builtIn()) {
            return this;
        }
        AppCommand fast = new AppCommand(envFile, userCommand, readyUrl, instanceDir, fastStart);
        fast.rewrite = rewrite;
        return fast;
    }

    /** Changes the user's command line at each start from now on (see {@code Watching#commandRewrite}). */
    void rewriteWith(UnaryOperator<List<String>> r) {
        rewrite = r;
    }

    /** The user's command as typed; empty for the built-in server. */
    List<String> userCommand() {
        return userCommand;
    }

    boolean builtIn() {
        return userCommand.isEmpty();
    }

    /** The class-data archive of the built-in server (a rebuilt jar gets a new key). */
    CdsArchive cds() {
        return new CdsArchive(instanceDir);
    }

    /** The next start: the command and the {@code .env} values as they are now. */
    ChildLaunch next() {
        Map<String, String> dotenv = new LinkedHashMap<>();
        EnvFile.load(envFile).values().forEach((k, v) -> {
            if (!System.getenv().containsKey(k)) {
                dotenv.put(k, v);
            }
        });
        if (builtIn()) {
            return new ChildLaunch(RelaunchJvm.serve(envFile).jvmOptions(cds().childOptions()).build(), Map.of(),
                    dotenv, envFile);
        }
        List<String> cmd = new ArrayList<>(ChildProcesses.sessionPrefix());
        // the watched copy of the code first, then the fast way to start it
        List<String> command = rewrite.apply(userCommand);
        cmd.addAll(fastStart == null ? command
                : fastStart.plan(command, k -> System.getenv().getOrDefault(k, dotenv.get(k))).command());
        return new ChildLaunch(cmd, dotenv, dotenv, envFile);
    }

    /** A child has exited: what its run left behind for the next starts (fast start's archive) is kept. */
    void exited(ChildLaunch launch) {
        if (fastStart != null) {
            fastStart.exited(launch.command());
        }
    }

    /** The value a started child sees for a key: the supervisor's environment, else what it was given. */
    static Optional<String> valueFor(ChildLaunch launch, String key) {
        String v = System.getenv(key);
        return Optional.ofNullable(v != null ? v : launch.dotenv().get(key));
    }

    /** {@code --ready-url} with ${KEY} replaced by the child's values; empty when not given. */
    Optional<String> readyUrl(ChildLaunch launch) {
        if (readyUrl == null) {
            return Optional.empty();
        }
        Matcher m = VARIABLE.matcher(readyUrl);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(valueFor(launch, m.group(1)).orElse("")));
        }
        m.appendTail(sb);
        return Optional.of(sb.toString());
    }

    /** The port the child will listen on, from {@code PORT}; empty when unknown or 0 (any free port). */
    static Optional<Integer> port(ChildLaunch launch) {
        return valueFor(launch, "PORT").map(String::trim).filter(p -> p.matches("[0-9]{1,5}"))
                .map(Integer::parseInt).filter(p -> p > 0 && p <= 65535);
    }

    /** The address to reach the child at: {@code HOST}, loopback for a wildcard or when unset. */
    static String host(ChildLaunch launch) {
        return Hosts.toReach(valueFor(launch, "HOST").orElse(null));
    }

    /** How the user's command is shown in logs and status. */
    /**
     * The command for a log line: a long class path (a Spring Boot app has over a hundred jars) shows its first two
     * entries and how many more, so the line stays readable; {@code relaunch status --json} has the whole command.
     */
    String describe() {
        if (builtIn()) {
            return "built-in server";
        }
        List<String> shown = new ArrayList<>(userCommand.size());
        for (int i = 0; i < userCommand.size(); i++) {
            boolean classPath = i > 0 && JavaSyntax.isClassPathOption(userCommand.get(i - 1));
            shown.add(classPath ? shortClassPath(userCommand.get(i)) : userCommand.get(i));
        }
        return String.join(" ", shown);
    }

    static String shortClassPath(String classPath) {
        String[] entries = classPath.split(java.io.File.pathSeparator);
        if (entries.length <= 3) {
            return classPath;
        }
        return entries[0] + java.io.File.pathSeparator + entries[1] + java.io.File.pathSeparator + "…(+"
                + (entries.length - 2) + " more)";
    }
}
