package dev.relaunch.supervisor;

import dev.relaunch.process.ChildProcesses;
import dev.relaunch.config.EnvFile;
import dev.relaunch.config.Hosts;
import dev.relaunch.cds.CdsArchive;
import dev.relaunch.cli.RelaunchJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private AppCommand(Path envFile, List<String> userCommand, String readyUrl, Path instanceDir) {
        this.envFile = envFile;
        this.userCommand = List.copyOf(userCommand);
        this.readyUrl = readyUrl;
        this.instanceDir = instanceDir;
    }

    static AppCommand builtIn(Path envFile, Path instanceDir) {
        return new AppCommand(envFile, List.of(), null, instanceDir);
    }

    /** The user's command; {@code readyUrl} (may be null) may name variables of the app's environment: ${PORT}. */
    static AppCommand user(Path envFile, List<String> command, String readyUrl) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        return new AppCommand(envFile, command, readyUrl, null);
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
        cmd.addAll(userCommand);
        return new ChildLaunch(cmd, dotenv, dotenv, envFile);
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
    String describe() {
        return builtIn() ? "built-in server" : String.join(" ", userCommand);
    }
}
