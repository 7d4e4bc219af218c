package bench;

import dev.relaunch.config.RestartStrategyName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of the orchestrator and of a phase JVM (which gets them from the orchestrator), read with picocli
 * (which relaunch.jar carries). {@code --quick} and {@code --smoke} set defaults that explicit options override.
 */
@Command(name = "bench")
final class Opts {
    @Option(names = {"--help", "-h"}) boolean help;
    @Option(names = "--root") Path root;
    @Option(names = "--jar") Path jar;
    @Option(names = "--work") Path work;
    @Option(names = "--results") Path results;
    @Option(names = "--restarts") int restarts = 20;
    @Option(names = "--cold-starts") int coldStarts = 10;
    /** Changes per column of the dev-loop phase (after its warm-up), 0 to skip it. */
    @Option(names = "--dev-loop") int devLoop = 5;
    /** The dev-loop columns to run (their keys in the results, comma-separated); all when not given. */
    @Option(names = "--dev-loop-columns", split = ",") List<String> devLoopColumns;
    /** spring-boot-devtools, for the dev-loop phase's DevTools column (bench/run.sh fetches it). */
    @Option(names = "--devtools-jar") Path devtoolsJar;
    /** A Java 25 for the dev-loop phase's column on the AOT cache (bench/run.sh finds one in /usr/lib/jvm). */
    @Option(names = "--java25") Path java25;
    /** A local repository holding relaunch-maven-plugin, for the dev-loop phase's `mvn relaunch:run` columns. */
    @Option(names = "--maven-repo") Path mavenRepo;
    @Option(names = "--soak") int soak = 120;
    @Option(names = "--no-netns") boolean noNetns;
    @Option(names = "--no-detach") boolean noDetach;
    @Option(names = "--quick") boolean quick;
    @Option(names = "--smoke") boolean smoke;
    /** bench/run.sh's own option (never run Maven); accepted here so the same arguments reach the bench. */
    @Option(names = "--no-build") boolean noBuild;
    @Option(names = "--think-ms") long thinkMs = 20;
    @Option(names = "--gap-ms") long gapMs = 1000;
    @Option(names = "--warmup-ms") long warmupMs = 2000;
    @Option(names = "--idle-ms") long idleMs = 2000;
    @Option(names = "--keepalive-clients") int keepAliveClients = 4;
    @Option(names = "--newconn-clients") int newConnClients = 2;
    @Option(names = "--slow-clients") int slowClients = 2;
    /** Keep-alive clients idle 0-250 ms between requests and slow (0-5 ms) to notice a FIN, like Node's agent. */
    @Option(names = "--idle-keepalive-clients") int idleKeepAliveClients = 0;
    /** New-connection clients without a pause: the connection rate of the zero-loss column. */
    @Option(names = "--burst-clients") int burstClients = 0;
    @Option(names = "--zero-loss-restarts") int zeroLossRestarts = 100;
    long slowMinMs = 1000;
    long slowMaxMs = 2000;
    @Option(names = "--max-minutes") int maxMinutes = 45;
    @Option(names = "--settle-max-ms") long settleMaxMs = 180_000;
    boolean netns = true;
    boolean detachSeries = true;
    // phase-only
    @Option(names = "--phase") String phase;
    @Option(names = "--name") String name = "";
    @Option(names = "--strategy") String strategy = RestartStrategyName.BLUE_GREEN.label();
    @Option(names = "--standby") String standby = "default";
    @Option(names = "--netns-label") String netnsLabel = "host";
    @Option(names = "--dir") Path dir;
    @Option(names = "--out") Path out;
    @Option(names = "--hello-dir") Path helloDir;
    @Option(names = "--deadline") long deadlineEpochMs;

    /** The options; an {@link IllegalArgumentException} says what is wrong with them. */
    static Opts parse(String[] args) {
        Opts o = new Opts();
        ParseResult given;
        try {
            given = new CommandLine(o).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (o.quick) {
            preset(given, "--restarts", () -> o.restarts = 5);
            preset(given, "--cold-starts", () -> o.coldStarts = 3);
            preset(given, "--soak", () -> o.soak = 20);
            preset(given, "--zero-loss-restarts", () -> o.zeroLossRestarts = 10);
        }
        if (o.smoke) {
            preset(given, "--restarts", () -> o.restarts = 2);
            preset(given, "--cold-starts", () -> o.coldStarts = 1);
            preset(given, "--soak", () -> o.soak = 1);
            preset(given, "--zero-loss-restarts", () -> o.zeroLossRestarts = 0);
            preset(given, "--dev-loop", () -> o.devLoop = 0);
            preset(given, "--settle-max-ms", () -> o.settleMaxMs = 0);
            preset(given, "--warmup-ms", () -> o.warmupMs = 1000);
            preset(given, "--gap-ms", () -> o.gapMs = 500);
            preset(given, "--idle-ms", () -> o.idleMs = 500);
            preset(given, "--max-minutes", () -> o.maxMinutes = 5);
            o.noNetns = true;
            o.noDetach = true;
        }
        o.netns = !o.noNetns;
        o.detachSeries = !o.noDetach;
        range("--restarts", o.restarts, 0, 1000);
        range("--cold-starts", o.coldStarts, 0, 100);
        range("--dev-loop", o.devLoop, 0, 100);
        range("--soak", o.soak, 0, 1000);
        range("--think-ms", o.thinkMs, 0, 10_000);
        range("--gap-ms", o.gapMs, 0, 60_000);
        range("--warmup-ms", o.warmupMs, 0, 60_000);
        range("--idle-ms", o.idleMs, 0, 60_000);
        range("--keepalive-clients", o.keepAliveClients, 0, 64);
        range("--newconn-clients", o.newConnClients, 0, 64);
        range("--slow-clients", o.slowClients, 0, 64);
        range("--idle-keepalive-clients", o.idleKeepAliveClients, 0, 256);
        range("--burst-clients", o.burstClients, 0, 64);
        range("--zero-loss-restarts", o.zeroLossRestarts, 0, 1000);
        range("--max-minutes", o.maxMinutes, 1, 600);
        range("--settle-max-ms", o.settleMaxMs, 0, 600_000);
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

    /** A default of --quick or --smoke, unless the option was given. */
    private static void preset(ParseResult given, String option, Runnable set) {
        if (!given.hasMatchedOption(option)) {
            set.run();
        }
    }

    private static void range(String option, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
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
                "--settle-max-ms", "" + settleMaxMs, "--dev-loop", "" + devLoop));
        if (devtoolsJar != null) {
            a.addAll(List.of("--devtools-jar", devtoolsJar.toString()));
        }
        if (java25 != null) {
            a.addAll(List.of("--java25", java25.toString()));
        }
        if (mavenRepo != null) {
            a.addAll(List.of("--maven-repo", mavenRepo.toString()));
        }
        if (devLoopColumns != null) {
            a.addAll(List.of("--dev-loop-columns", String.join(",", devLoopColumns)));
        }
        if (!detachSeries) {
            a.add("--no-detach");
        }
        return a;
    }

    /** Whether the dev-loop phase runs the column with this key. */
    boolean devLoopColumn(String key) {
        return devLoopColumns == null || devLoopColumns.contains(key);
    }

    boolean nearDeadline(long reserveMs) {
        return System.currentTimeMillis() > deadlineEpochMs - reserveMs;
    }
}
