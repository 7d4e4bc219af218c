package bench;

import dev.relaunch.config.RestartStrategyName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The options of the orchestrator and of a phase JVM (which gets them from the orchestrator). */
final class Opts {
    boolean help;
    Path root;
    Path jar;
    Path work;
    Path results;
    int restarts = 20;
    int coldStarts = 10;
    int soak = 120;
    boolean netns = true;
    boolean detachSeries = true;
    boolean smoke;
    long thinkMs = 20;
    long gapMs = 1000;
    long warmupMs = 2000;
    long idleMs = 2000;
    int keepAliveClients = 4;
    int newConnClients = 2;
    int slowClients = 2;
    /** Keep-alive clients idle 0-250 ms between requests and slow (0-5 ms) to notice a FIN, like Node's agent. */
    int idleKeepAliveClients = 0;
    /** New-connection clients without a pause: the connection rate of the zero-loss column. */
    int burstClients = 0;
    int zeroLossRestarts = 100;
    long slowMinMs = 1000;
    long slowMaxMs = 2000;
    int maxMinutes = 45;
    long settleMaxMs = 180_000;
    // phase-only
    String phase;
    String name = "";
    String strategy = RestartStrategyName.BLUE_GREEN.label();
    String standby = "default";
    String netnsLabel = "host";
    Path dir;
    Path out;
    Path helloDir;
    long deadlineEpochMs;

    static Opts parse(String[] args) {
        Opts o = new Opts();
        List<String> a = Arrays.asList(args);
        if (a.contains("--quick")) {
            o.restarts = 5;
            o.coldStarts = 3;
            o.soak = 20;
            o.zeroLossRestarts = 10;
        }
        if (a.contains("--smoke")) {
            o.smoke = true;
            o.restarts = 2;
            o.coldStarts = 1;
            o.soak = 1;
            o.zeroLossRestarts = 0;
            o.settleMaxMs = 0;
            o.netns = false;
            o.detachSeries = false;
            o.warmupMs = 1000;
            o.gapMs = 500;
            o.idleMs = 500;
            o.maxMinutes = 5;
        }
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            switch (k) {
                case "--help", "-h" -> o.help = true;
                case "--quick", "--smoke", "--no-build" -> { }
                case "--no-netns" -> o.netns = false;
                case "--no-detach" -> o.detachSeries = false;
                case "--restarts" -> o.restarts = intArg(args, ++i, k, 0, 1000);
                case "--cold-starts" -> o.coldStarts = intArg(args, ++i, k, 0, 100);
                case "--soak" -> o.soak = intArg(args, ++i, k, 0, 1000);
                case "--think-ms" -> o.thinkMs = intArg(args, ++i, k, 0, 10_000);
                case "--gap-ms" -> o.gapMs = intArg(args, ++i, k, 0, 60_000);
                case "--warmup-ms" -> o.warmupMs = intArg(args, ++i, k, 0, 60_000);
                case "--idle-ms" -> o.idleMs = intArg(args, ++i, k, 0, 60_000);
                case "--keepalive-clients" -> o.keepAliveClients = intArg(args, ++i, k, 0, 64);
                case "--newconn-clients" -> o.newConnClients = intArg(args, ++i, k, 0, 64);
                case "--slow-clients" -> o.slowClients = intArg(args, ++i, k, 0, 64);
                case "--idle-keepalive-clients" -> o.idleKeepAliveClients = intArg(args, ++i, k, 0, 256);
                case "--burst-clients" -> o.burstClients = intArg(args, ++i, k, 0, 64);
                case "--zero-loss-restarts" -> o.zeroLossRestarts = intArg(args, ++i, k, 0, 1000);
                case "--max-minutes" -> o.maxMinutes = intArg(args, ++i, k, 1, 600);
                case "--settle-max-ms" -> o.settleMaxMs = intArg(args, ++i, k, 0, 600_000);
                case "--root" -> o.root = pathArg(args, ++i, k);
                case "--jar" -> o.jar = pathArg(args, ++i, k);
                case "--work" -> o.work = pathArg(args, ++i, k);
                case "--results" -> o.results = pathArg(args, ++i, k);
                case "--phase" -> o.phase = strArg(args, ++i, k);
                case "--name" -> o.name = strArg(args, ++i, k);
                case "--strategy" -> o.strategy = strArg(args, ++i, k);
                case "--standby" -> o.standby = strArg(args, ++i, k);
                case "--netns-label" -> o.netnsLabel = strArg(args, ++i, k);
                case "--dir" -> o.dir = pathArg(args, ++i, k);
                case "--out" -> o.out = pathArg(args, ++i, k);
                case "--hello-dir" -> o.helloDir = pathArg(args, ++i, k);
                case "--deadline" -> o.deadlineEpochMs = Long.parseLong(strArg(args, ++i, k));
                default -> throw new IllegalArgumentException("unknown option " + k);
            }
        }
        if (o.root == null) {
            Path cwd = Path.of("").toAbsolutePath();
            o.root = Files.exists(cwd.resolve("bench/Bench.java")) ? cwd
                    : Files.exists(cwd.resolve("Bench.java")) ? cwd.getParent() : cwd;
        }
        o.root = o.root.toAbsolutePath().normalize();
        if (o.jar == null) {
            o.jar = o.root.resolve("relaunch-cli/target/relaunch.jar");
        }
        if (o.work == null) {
            o.work = o.root.resolve("bench/work");
        }
        if (o.results == null) {
            o.results = o.root.resolve("bench/results/latest.json");
        }
        o.jar = o.jar.toAbsolutePath().normalize();
        o.work = o.work.toAbsolutePath().normalize();
        o.results = o.results.toAbsolutePath().normalize();
        if (o.deadlineEpochMs == 0) {
            o.deadlineEpochMs = System.currentTimeMillis() + o.maxMinutes * 60_000L;
        }
        return o;
    }

    private static String strArg(String[] a, int i, String k) {
        if (i >= a.length) {
            throw new IllegalArgumentException(k + " needs a value");
        }
        return a[i];
    }

    private static Path pathArg(String[] a, int i, String k) {
        return Path.of(strArg(a, i, k));
    }

    private static int intArg(String[] a, int i, String k, int min, int max) {
        try {
            int v = Integer.parseInt(strArg(a, i, k));
            if (v < min || v > max) {
                throw new IllegalArgumentException(k + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " needs a number");
        }
    }

    /** The options a phase JVM gets from the orchestrator. */
    List<String> forPhase() {
        List<String> a = new ArrayList<>(List.of("--root", root.toString(), "--jar", jar.toString(),
                "--work", work.toString(), "--restarts", "" + restarts, "--cold-starts", "" + coldStarts,
                "--soak", "" + soak, "--think-ms", "" + thinkMs, "--gap-ms", "" + gapMs,
                "--warmup-ms", "" + warmupMs, "--idle-ms", "" + idleMs,
                "--keepalive-clients", "" + keepAliveClients, "--newconn-clients", "" + newConnClients,
                "--slow-clients", "" + slowClients, "--deadline", "" + deadlineEpochMs,
                "--settle-max-ms", "" + settleMaxMs));
        if (!detachSeries) {
            a.add("--no-detach");
        }
        return a;
    }

    boolean nearDeadline(long reserveMs) {
        return System.currentTimeMillis() > deadlineEpochMs - reserveMs;
    }
}
