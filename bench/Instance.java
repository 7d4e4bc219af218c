package bench;

import bench.Cli.CliResult;
import dev.relaunch.config.AppEnv;
import dev.relaunch.config.RestartStrategyName;
import dev.relaunch.process.Liveness;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static bench.Cli.cli;
import static bench.Json.num;
import static bench.Procs.killStrays;
import static bench.Procs.settle;
import static bench.Procs.terminateHandle;
import static bench.RawHttp.HOST;
import static bench.Report.say;
import static bench.Stats.ms;

/** One relaunch instance (supervisor + children) in its own folder, driven through the real CLI. */
final class Instance {
    static final String BLUE_GREEN = RestartStrategyName.BLUE_GREEN.label();

    final Opts o;
    final Path dir;
    final Path env;
    int port;
    long supPid;
    long serverPid;
    /** Where the relaunch API is mounted: "" for the built-in server, the plugin's base path in a user's app. */
    String apiBase = "";
    /** A user's app command run by the supervisor ({@code start -- COMMAND}); empty: the built-in server. */
    List<String> appCommand = List.of();
    /** Options of {@code relaunch start} before the app's command, e.g. {@code --watch}. */
    List<String> startOptions = List.of();
    /** Wall time of {@code relaunch start --detach}, which returns once the server is ready. */
    double startCliMs;
    /** Handles (with their start times), so a reused PID is never terminated; see {@link Cleanup}. */
    final Set<ProcessHandle> pids = ConcurrentHashMap.newKeySet();
    private ProcessHandle supHandle;
    private final AtomicBoolean stopped = new AtomicBoolean();

    Instance(Opts o, Path dir, Map<String, String> envKeys) throws IOException {
        this.o = o;
        this.dir = dir;
        this.env = writeEnv(dir, envKeys);
    }

    String url() {
        return "http://" + HOST + ":" + port;
    }

    Path opsDir() {
        return dir.resolve("instance/restart_ops");
    }

    void start() throws IOException {
        List<String> args = new ArrayList<>(List.of("start", "--detach", "--json", "--env-file", env.toString()));
        args.addAll(startOptions);
        if (!appCommand.isEmpty()) {
            args.add("--");
            args.addAll(appCommand);
        }
        long t = System.nanoTime();
        CliResult r = cli(o, dir, 150_000, args.toArray(String[]::new));
        startCliMs = ms(System.nanoTime() - t);
        if (r.exit() != 0) {
            throw new IOException("relaunch start --detach failed (" + r.exit() + "): " + r.out() + r.err());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) Json.parse(r.out());
        supPid = num(j.get("supervisor_pid")).longValue();
        serverPid = num(j.get("server_pid")).longValue();
        supHandle = ProcessHandle.of(supPid).orElse(null);
        ProcessHandle.of(supPid).ifPresent(pids::add);
        ProcessHandle.of(serverPid).ifPresent(pids::add);
        port = URI.create(String.valueOf(j.get("url"))).getPort();
        settleMs = settle(dir, Set.of(supPid, serverPid), o.settleMaxMs);
    }

    long settleMs;

    /** relaunch stop, then makes sure the supervisor and every server it ran are gone. */
    void stop() throws IOException {
        if (stopped.get()) {
            return;
        }
        trackChildren();
        CliResult r = cli(o, dir, 60_000, "stop", "--timeout", "20", "--env-file", env.toString());
        if (r.exit() != 0) {
            say("  relaunch stop answered " + r.exit() + ": " + r.out().trim() + " " + r.err().trim());
        }
        terminate();
    }

    /** The supervisor's processes besides the serving server (a standby server, if the product keeps one). */
    long otherProcesses() {
        return ProcessHandle.of(supPid).map(h -> h.descendants().filter(d -> d.pid() != serverPid)
                .filter(Liveness::isRunning).count()).orElse(0L);
    }

    void trackChildren() {
        if (supHandle != null && Liveness.isRunning(supHandle)) {
            supHandle.descendants().forEach(pids::add);
        }
    }

    /** SIGTERM what is left, SIGKILL after a grace period, and anything still running from this folder. */
    void terminate() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        trackChildren();
        if (supHandle != null) {
            terminateHandle(supHandle, 25_000);
        }
        for (ProcessHandle h : pids) {
            terminateHandle(h, 10_000);
        }
        killStrays(dir, 10_000);
    }

    /** The bench's .env; {@code standby} "off" sets RESTART_STANDBY=false, "default" leaves the product default. */
    static Map<String, String> baseEnv(int port, String strategy, String standby) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HOST", HOST);
        m.put("PORT", "" + port);
        m.put("APP_ENV", AppEnv.TESTING.label());
        m.put("RESTART_STRATEGY", strategy);
        m.put("DRAIN_TIMEOUT_MS", "10000");
        m.put("STARTUP_TIMEOUT_MS", "30000");
        if (standby.equals("off")) {
            m.put("RESTART_STANDBY", "false");
        }
        return m;
    }

    static Path writeEnv(Path dir, Map<String, String> keys) throws IOException {
        Files.createDirectories(dir);
        Path env = dir.resolve(".env");
        StringBuilder sb = new StringBuilder("# written by the relaunch bench (bench/run.sh)\n");
        keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(env, sb.toString());
        return env;
    }
}
