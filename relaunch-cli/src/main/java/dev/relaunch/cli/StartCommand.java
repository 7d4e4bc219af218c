package dev.relaunch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.control.ControlException;
import dev.relaunch.logging.LogSetup;
import dev.relaunch.process.ChildProcesses;
import dev.relaunch.supervisor.Supervisor;
import dev.relaunch.watch.ChangeScheduler;
import dev.relaunch.watch.WatchOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start relaunch: a supervisor that runs the web server as a child and "
        + "restarts it on request. Runs in the foreground (Ctrl-C stops it) unless --detach is given. On first "
        + "use, copies .env.example to .env when there is no .env. With `-- COMMAND...`, runs your own app instead "
        + "of the built-in server, with the keys of .env as environment variables (read again at every restart).")
final class StartCommand extends InstanceCommand {
    /** The supervisor is small: no web stack, a few threads, a small heap; the launchers' own list. */
    static final List<String> SUPERVISOR_JVM_OPTS = LauncherOptions.supervisor();

    @Option(names = "--detach", description = "run in the background; return once the server is ready")
    boolean detach;

    @Option(names = "--no-console", hidden = true, description = "do not copy the server's output to stdout")
    boolean noConsole;

    @Option(names = "--ready-url", paramLabel = "URL", description = "with a command: the app is ready when this "
            + "URL answers (any status but 503) and healthy when it answers 2xx; $${KEY} takes a value from the app's "
            + "environment, e.g. 'http://127.0.0.1:$${PORT}/health'. Without it (and without the relaunch plugin, "
            + "which reports ready itself), the app is ready when PORT accepts connections")
    String readyUrl;

    @Option(names = "--watch", description = "restart the app when its code or .env changes: the folders on a "
            + "`java -cp` class path, the jar of `java -jar`, the built-in server's jar, and .env; a burst of changes "
            + "gives one restart, a broken change leaves the old version serving")
    boolean watch;

    @Option(names = "--watch-path", paramLabel = "PATH", description = "with --watch: also watch this file or folder "
            + "(repeatable), e.g. a template folder")
    List<Path> watchPaths = new ArrayList<>();

    @Option(names = "--watch-quiet-ms", paramLabel = "N", description = "with --watch: restart N ms after the last "
            + "change (default: ${DEFAULT-VALUE}; " + ChangeScheduler.MISSING_QUIET_MS + " while a changed file is "
            + "missing, as between a build deleting a class and writing it again)")
    long watchQuietMs = WatchOptions.DEFAULT_QUIET_MS;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "after --: your app's command, e.g. "
            + "-- java -jar target/myapp.jar")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        PrintWriter err = err();
        Path env = common.envPath();
        createEnvFromExample(env, out);
        if (readyUrl != null && (command.isEmpty() || !readyUrl.matches("(?i)http://[^/?#\\s]+([/?].*)?"))) {
            err.println(command.isEmpty()
                    ? "error: --ready-url is for your own command: relaunch start --ready-url URL -- COMMAND..."
                    : "error: --ready-url " + readyUrl + " is not an http:// URL with a host, e.g. "
                            + "--ready-url 'http://127.0.0.1:${PORT}/health'");
            err.flush();
            return ExitCodes.INVALID;
        }
        String watchProblem = watchProblem();
        if (watchProblem != null) {
            err.println("error: " + watchProblem);
            err.flush();
            return ExitCodes.INVALID;
        }
        ConfigLoader.Loaded loaded = command.isEmpty() ? ConfigLoader.load(env, System.getenv())
                : ConfigLoader.loadForCommand(env, System.getenv());
        if (!loaded.ok()) {
            if (common.json) {
                CommonOptions.printJson(out, Map.of("started", false, "error", Map.of("code", "config_invalid",
                        "message", "the configuration is invalid"), "problems", loaded.problems()));
            } else {
                err.println("error: the configuration is invalid, relaunch cannot start:");
                loaded.problems().forEach(p -> err.println("  " + p));
                err.flush();
            }
            return ExitCodes.INVALID;
        }
        Config config = loaded.require();
        if (detach) {
            return detach(config, out, err);
        }
        Files.createDirectories(config.logsDir());
        LogSetup.toFile(config.logsDir(), "supervisor.log", !noConsole);
        out.flush();
        Supervisor supervisor = new Supervisor(env, config, command, readyUrl, System.out, System.err, !noConsole);
        if (watch) {
            supervisor.watching(new WatchOptions(watchPaths.stream().map(p -> p.toAbsolutePath().normalize())
                    .toList(), watchQuietMs));
        }
        return supervisor.run();
    }

    /** What is wrong with the --watch options, or null. */
    private String watchProblem() {
        if (!watch && (!watchPaths.isEmpty() || watchQuietMs != WatchOptions.DEFAULT_QUIET_MS)) {
            return "--watch-path and --watch-quiet-ms go with --watch: relaunch start --watch --watch-path PATH ...";
        }
        if (watchQuietMs < 0 || watchQuietMs > WatchOptions.MAX_QUIET_MS) {
            return "--watch-quiet-ms " + watchQuietMs + " is out of range: use 0 to " + WatchOptions.MAX_QUIET_MS;
        }
        for (Path p : watchPaths) {
            if (!Files.exists(p)) {
                return "--watch-path " + p + " does not exist (looked for " + p.toAbsolutePath().normalize()
                        + "); give an existing file or folder";
            }
        }
        return null;
    }

    /**
     * The supervisor's JVM options, with the CLI's class-data archive when the launcher found one
     * ({@code RELAUNCH_CLI_CDS}); the JVM ignores a stale archive, and its warning would go to the console log.
     */
    static List<String> supervisorJvmOptions() {
        String cds = System.getenv("RELAUNCH_CLI_CDS");
        if (cds == null || cds.isBlank()) {
            return SUPERVISOR_JVM_OPTS;
        }
        List<String> opts = new ArrayList<>(SUPERVISOR_JVM_OPTS);
        opts.addAll(List.of("-XX:SharedArchiveFile=" + cds, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        return opts;
    }

    private void createEnvFromExample(Path env, PrintWriter out) throws IOException {
        Path example = env.resolveSibling(".env.example");
        if (!Files.exists(env) && env.getFileName().toString().equals(".env") && Files.isRegularFile(example)) {
            Files.copy(example, env);
            if (!common.json) {
                out.println("No .env found: created " + env + " from .env.example (edit it, then use Restart "
                        + "Server in the Settings tab)");
                out.flush();
            }
        }
    }

    private int detach(Config config, PrintWriter out, PrintWriter err) throws IOException {
        Instance inst = instance();
        try {
            if (inst.call(Map.of("cmd", "ping"), Duration.ofSeconds(1)).isPresent()) {
                return report(out, err, false, "relaunch is already running (control socket " + inst.socket
                        + "); use `relaunch status` or `relaunch stop`", null, ExitCodes.FAILURE);
            }
        } catch (ControlException e) {
            return report(out, err, false, "relaunch is already running", null, ExitCodes.FAILURE);
        }
        Files.createDirectories(config.logsDir());
        Path console = config.logsDir().resolve("supervisor.out");
        List<String> args = new ArrayList<>(List.of("start", "--no-console", "--env-file",
                common.envPath().toString()));
        if (watch) {
            args.addAll(List.of("--watch", "--watch-quiet-ms", Long.toString(watchQuietMs)));
            watchPaths.forEach(p -> args.addAll(List.of("--watch-path", p.toAbsolutePath().normalize().toString())));
        }
        if (!command.isEmpty()) {
            if (readyUrl != null) {
                args.addAll(List.of("--ready-url", readyUrl));
            }
            args.add("--");
            args.addAll(command);
        }
        List<String> cmd = RelaunchJvm.relaunch(args.toArray(String[]::new)).ownSession()
                .baseOptions(supervisorJvmOptions()).withoutUserOptions().build();
        // a user's command may use paths relative to where it was typed: the supervisor runs there too
        Path workDir = command.isEmpty() ? config.baseDir() : Path.of("").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(console.toFile()));
        ChildProcesses.prepareEnvironment(pb.environment());
        Process p = ChildProcesses.start(pb);
        Instant deadline = Instant.now().plusMillis(config.startupTimeoutMs() + 10_000);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                String tail = tail(console);
                return report(out, err, false, "relaunch failed to start (exit code " + p.exitValue() + "):\n"
                        + tail, null, p.exitValue() == 0 ? ExitCodes.FAILURE : p.exitValue());
            }
            try {
                Optional<JsonNode> st = inst.call(Map.of("cmd", "status"), Duration.ofSeconds(2));
                if (st.isPresent() && "running".equals(st.get().path("state").asText())
                        && st.get().path("server").isObject()) {
                    return report(out, err, true, "relaunch is serving " + st.get().path("url").asText()
                            + " (supervisor PID " + p.pid() + ", server PID "
                            + st.get().path("server").path("pid").asLong() + "); logs: " + config.logsDir(),
                            st.get(), ExitCodes.OK);
                }
            } catch (ControlException e) {
                // not ready yet
            }
            LockSupport.parkNanos(50_000_000L);
        }
        p.destroy();
        return report(out, err, false, "relaunch did not become ready in time; see " + console, null,
                ExitCodes.FAILURE);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private int report(PrintWriter out, PrintWriter err, boolean ok, String message, JsonNode status, int code) {
        if (common.json) {
            ObjectNode n = CommonOptions.mapper().createObjectNode();
            n.put("started", ok);
            n.put("message", message);
            if (status != null) {
                n.put("url", status.path("url").asText());
                n.put("supervisor_pid", status.path("supervisor_pid").asLong());
                n.put("server_pid", status.path("server").path("pid").asLong());
            }
            CommonOptions.printJson(out, n);
        } else if (ok) {
            out.println(message);
            out.flush();
        } else {
            err.println("error: " + message);
            err.flush();
        }
        return code;
    }
}
