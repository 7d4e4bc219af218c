import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The relaunch benchmark (issue 6): restart latency and requests lost under load (blue-green beside the classic
 * stop-then-start), start-up time beside a bare JVM, idle memory, and supervisor growth over many restarts.
 *
 * <p>Run it with {@code bench/run.sh} (see bench/README.md). JDK only, one source file. The orchestrator (no
 * {@code --phase}) runs each measurement as a separate JVM ("phase"), the load phases inside a private network
 * namespace when it can ({@code unshare --net}, root), so {@code net.ipv4.tcp_migrate_req} can be set both ways
 * without touching the machine's own setting. Every phase writes a JSON file; the orchestrator merges them into
 * {@code bench/results/latest.json} and prints a table. Everything is on 127.0.0.1, bounded in count and time, and
 * every process started is stopped again (also on failure and Ctrl-C).
 */
public final class Bench {
    static final String CLI_MAIN = "dev.relaunch.cli.Main";
    static final int IO_TIMEOUT_MS = 10_000;
    static final long RESTART_TIMEOUT_MS = 90_000;
    static final Set<String> FINAL = Set.of("restarted", "failed", "pid_unchanged", "started_but_unhealthy");
    static final Path MIGRATE = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
    static final String HOST = "127.0.0.1";
    static final List<String> FALLBACK_CLI_FLAGS = List.of("-Xms8m", "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:MaxMetaspaceSize=48m",
            "-XX:ReservedCodeCacheSize=16m", "-Xshare:auto", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
    /** The bench's own JVMs (orchestrator and phases): small, so they take little CPU from what is measured. */
    static final List<String> BENCH_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1");

    static final String USAGE = """
            Usage: bench/run.sh [options]        (or: ./relaunch bench [options])
              --restarts N        restarts per load configuration (default 20)
              --zero-loss-restarts N  restarts of the zero-loss column: blue-green at tcp_migrate_req=0 under
                                  the heavy mix (idle keep-alive, burst new connections, slow); default 100
              --cold-starts N     cold starts per start-up series, and the size of the CLI phase's series (default 10)
              --soak N            restarts in the supervisor growth run, 0 to skip (default 120)
              --no-netns          run the load in the host network namespace only (the machine's tcp_migrate_req)
              --no-detach         skip the `relaunch start --detach` start-up series
              --quick             5 restarts, 3 cold starts, soak 20
              --smoke             2 restarts, 1 cold start, soak 1, no netns, no waiting for background
                                  work after a start (for the smoke test; measures nothing)
              --think-ms N        pause between two fast requests of one client (default 20)
              --gap-ms N          pause after a restart finished, before the next (default 1000)
              --max-minutes N     overall time limit; later restarts are skipped when it is near (default 45)
              --jar PATH          the relaunch jar (default relaunch-cli/target/relaunch.jar)
              --work DIR          scratch folder (default bench/work; runs go to DIR/last-run)
              --results FILE      where to write the JSON (default bench/results/latest.json)
              --no-build          (bench/run.sh) never run Maven; fail if the jar is missing
            """;

    public static void main(String[] args) throws Exception {
        Opts o;
        try {
            o = Opts.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.print(USAGE);
            return;
        }
        int code = o.phase == null ? new Orchestrator(o).run() : Phase.run(o);
        System.out.flush();
        System.exit(code);
    }

    // =================================================================================================================
    // Options
    // =================================================================================================================

    static final class Opts {
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
        String strategy = "blue-green";
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

    // =================================================================================================================
    // Orchestrator: plans the phases, runs each in its own JVM (in a network namespace where it can), merges, prints
    // =================================================================================================================

    static final class Orchestrator {
        private final Opts o;
        private Path runDir;
        private volatile Process current;
        private final AtomicBoolean cleaned = new AtomicBoolean();

        Orchestrator(Opts o) {
            this.o = o;
        }

        int run() throws Exception {
            if (!Files.isRegularFile(o.jar)) {
                System.err.println("bench: " + o.jar + " is missing; build it with `mvn -B -q -DskipTests package` "
                        + "(bench/run.sh does this unless --no-build)");
                return 2;
            }
            Instant started = Instant.now();
            runDir = o.work.resolve("last-run");
            deleteTree(runDir);
            Files.createDirectories(runDir);
            Path classes = ensureClasses();
            Path hello = compileHello();
            // a private copy: a rebuild of target/ during the run must not mix two builds (or break running JVMs)
            Path sourceJar = o.jar;
            String jarBefore = jarStamp(sourceJar);
            Path jarCopy = runDir.resolve("jar/relaunch.jar");
            Files.createDirectories(jarCopy.getParent());
            Files.copy(sourceJar, jarCopy, StandardCopyOption.COPY_ATTRIBUTES);
            Path testkit = o.root.resolve("relaunch-testkit/target/relaunch-testkit-0.1.0.jar");
            if (!Files.isRegularFile(testkit)) {
                System.err.println("bench: " + testkit + " is missing (the slow endpoint lives there); build with "
                        + "`mvn -B -q -DskipTests package` (bench/run.sh does this unless --no-build)");
                return 2;
            }
            Files.copy(testkit, jarCopy.resolveSibling("relaunch-testkit.jar"), StandardCopyOption.COPY_ATTRIBUTES);
            Path notes = o.root.resolve("examples/javalin-notes/target/javalin-notes.jar");
            if (Files.isRegularFile(notes)) {
                Files.copy(notes, ExamplePhase.jar(jarCopy), StandardCopyOption.COPY_ATTRIBUTES);
            }
            o.jar = jarCopy;
            Runtime.getRuntime().addShutdownHook(new Thread(this::cleanup, "bench-cleanup"));
            trainCliArchive();

            String hostMigrateBefore = readMigrate();
            NetnsCheck ns = o.netns ? NetnsCheck.probe() : new NetnsCheck(false, "disabled with --no-netns");
            Map<String, Object> machine = machineInfo(o, hostMigrateBefore);

            say("relaunch bench: " + machine.get("cores") + " cores, " + machine.get("kernel") + ", Java "
                    + machine.get("java_version") + ", host net.ipv4.tcp_migrate_req=" + hostMigrateBefore
                    + ", load average " + machine.get("loadavg_start") + ", CPU busy before the run "
                    + machine.get("cpu_busy_before_run_pct") + " %");
            if (num(machine.get("cpu_busy_before_run_pct")).doubleValue() > 30) {
                say("NOTE: other processes keep this machine busy; absolute times will be inflated (ratios within "
                        + "the run hold better). Run it on a quiet machine for numbers to quote.");
            }
            say("network namespace: " + (ns.ok ? "yes (load phases run in a private netns; tcp_migrate_req is set "
                    + "there both ways, the host's setting is not touched)" : "no (" + ns.reason
                    + "); load phases run in the host namespace with the host's tcp_migrate_req=" + hostMigrateBefore));
            say("jar: " + sourceJar + " (" + jarBefore + "), run from a copy in " + runDir + "; time limit: "
                    + o.maxMinutes + " min");

            Map<String, Object> phases = new LinkedHashMap<>();
            // 1. start-up and idle memory
            if (o.coldStarts > 0) {
                phases.put("startup", runPhase(classes, "startup", "cold", List.of("--hello-dir", hello.toString()),
                        null, Math.max(120_000L, o.coldStarts * (o.detachSeries ? 4 : 3) * 45_000L)));
            }
            // 1b. the CLI's wall time, restarts in quick succession, the whole instance's memory
            if (o.coldStarts > 0) {
                phases.put("cli", runPhase(classes, "cli", "cli", List.of("--hello-dir", hello.toString()), null,
                        Math.max(180_000L, o.coldStarts * 60_000L)));
            }
            // 1c. a user's app with the plugin: the Javalin example
            if (o.coldStarts > 0 && Files.isRegularFile(ExamplePhase.jar(o.jar))) {
                phases.put("example", runPhase(classes, "example", "example", List.of(), null,
                        Math.max(180_000L, o.coldStarts * 60_000L)));
            }
            // 2. restarts under load: blue-green beside stop-start, with tcp_migrate_req both ways where possible
            List<String> loadKeys = new ArrayList<>();
            List<Integer> migrates = ns.ok ? List.of(1, 0) : Collections.singletonList(null);
            if (o.restarts > 0) {
                boolean firstMigrate = true;
                for (Integer m : migrates) {
                    // blue-green as shipped; once, blue-green without the standby server; stop-start is the
                    // classic baseline (stop, wait for the exit, start a new JVM), so without a standby too
                    List<String[]> columns = new ArrayList<>();
                    columns.add(new String[] {"bg", "blue-green", "default"});
                    if (firstMigrate && !o.smoke) {
                        columns.add(new String[] {"bgns", "blue-green", "off"});
                    }
                    columns.add(new String[] {"ss", "stop-start", "off"});
                    firstMigrate = false;
                    for (String[] c : columns) {
                        String key = c[0] + "_migrate" + (m == null ? hostMigrateBefore : m);
                        loadKeys.add(key);
                        if (o.nearDeadline(120_000)) {
                            phases.put(key, Map.of("ok", false, "error", "skipped: time limit reached"));
                            continue;
                        }
                        phases.put(key, runPhase(classes, key, "load", List.of("--strategy", c[1], "--standby", c[2],
                                "--netns-label", m == null ? "host" : "private"), m,
                                o.restarts * RESTART_TIMEOUT_MS + 300_000L));
                    }
                }
            }
            // 2b. zero loss for clients that never retry: blue-green at tcp_migrate_req=0 (the stock kernel) under
            // idle keep-alive clients, new connections as fast as they go, and slow requests, over many restarts
            if (o.zeroLossRestarts > 0) {
                Integer zm = ns.ok ? Integer.valueOf(0) : null;
                String key = "zl_migrate" + (zm == null ? hostMigrateBefore : zm);
                loadKeys.add(key);
                phases.put(key, o.nearDeadline(120_000)
                        ? Map.of("ok", false, "error", "skipped: time limit reached")
                        : runPhase(classes, key, "load", List.of("--strategy", "blue-green", "--standby", "default",
                                "--netns-label", zm == null ? "host" : "private",
                                "--restarts", "" + o.zeroLossRestarts, "--idle-keepalive-clients", "16",
                                "--burst-clients", "6"), zm, o.zeroLossRestarts * RESTART_TIMEOUT_MS + 300_000L));
            }
            // 3. supervisor growth over many restarts (no load)
            if (o.soak > 0) {
                phases.put("soak", o.nearDeadline(120_000)
                        ? Map.of("ok", false, "error", "skipped: time limit reached")
                        : runPhase(classes, "soak", "soak", List.of(), null, o.soak * RESTART_TIMEOUT_MS + 180_000L));
            }

            String hostMigrateAfter = readMigrate();
            machine.put("loadavg_end", loadavg());
            machine.put("tcp_migrate_req_host_after", hostMigrateAfter);
            String jarCopyStamp = jarStamp(jarCopy);

            Map<String, Object> res = new LinkedHashMap<>();
            res.put("schema", 1);
            res.put("date", started.toString());
            res.put("duration_s", round1(Duration.between(started, Instant.now()).toMillis() / 1000.0));
            res.put("command", "bench/run.sh " + String.join(" ", commandLineArgs()));
            res.put("machine", machine);
            res.put("jar", Map.of("path", sourceJar.toString(), "stamp", jarBefore, "run_from_copy",
                    jarCopy.toString(), "source_changed_during_run", !jarBefore.equals(jarStamp(sourceJar))));
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("netns", ns.ok);
            method.put("netns_note", ns.ok ? "load phases in private network namespaces (unshare --net), "
                    + "tcp_migrate_req set to 1 and 0 there" : ns.reason);
            method.put("restarts_per_config", o.restarts);
            method.put("cold_starts", o.coldStarts);
            method.put("soak_restarts", o.soak);
            method.put("load", Map.of("keepalive_fast_clients", o.keepAliveClients,
                    "new_connection_fast_clients", o.newConnClients, "slow_clients", o.slowClients,
                    "slow_ms", o.slowMinMs + "-" + o.slowMaxMs, "think_ms", o.thinkMs,
                    "io_timeout_ms", IO_TIMEOUT_MS, "gap_after_restart_ms", o.gapMs, "warmup_ms", o.warmupMs));
            method.put("cli_jvm_flags", cliFlags(o));
            method.put("java_opts_env", Optional.ofNullable(System.getenv("JAVA_OPTS")).orElse(""));
            res.put("method", method);
            res.put("phases", phases);
            res.put("targets", Targets.evaluate(o, phases, loadKeys));
            boolean complete = phases.values().stream().allMatch(p -> Boolean.TRUE.equals(((Map<?, ?>) p).get("ok")));
            res.put("complete", complete);

            Files.createDirectories(o.results.toAbsolutePath().getParent());
            Path tmp = o.results.resolveSibling(o.results.getFileName() + ".tmp");
            Files.writeString(tmp, Json.write(res) + "\n");
            Files.move(tmp, o.results, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            System.out.println();
            System.out.print(Report.table(res, loadKeys));
            say("results: " + o.results + (complete ? "" : "   (INCOMPLETE: see the phases' \"error\" fields)"));
            if (!hostMigrateBefore.equals(hostMigrateAfter)) {
                say("WARNING: the host's tcp_migrate_req changed during the run (" + hostMigrateBefore + " -> "
                        + hostMigrateAfter + "); not by this benchmark, which sets it only inside its own netns");
            }
            if (!jarBefore.substring(jarBefore.indexOf(' ') + 1).equals(jarCopyStamp.substring(
                    jarCopyStamp.indexOf(' ') + 1))) {
                say("WARNING: the jar was being rewritten when the run copied it; the copy differs from the source");
            }
            cleanup();
            return complete ? 0 : 1;
        }

        /**
         * The CLI/supervisor JVM's class-data archive for the copied jar and the bench's class path, made as the
         * launcher makes it after a build ({@code prepare --train-cli}); the server archive comes with it.
         */
        private void trainCliArchive() throws IOException {
            Path archive = cliArchive(o);
            Files.createDirectories(archive.getParent());
            List<String> cmd = cliCommand(o, "prepare", "--train-cli");
            cmd.addAll(1, List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            long t = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("prepare.out").toFile());
            cleanEnv(pb.environment());
            pb.environment().put("RELAUNCH_CDS_DIR", serverArchiveDir(o).toString());
            Process p = pb.start();
            try {
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            say("class-data archives for the copied jar: " + (Files.isRegularFile(archive) ? "ready" : "MISSING")
                    + " (" + fmtMs(ms(System.nanoTime() - t)) + ")");
        }

        private List<String> commandLineArgs() {
            return ProcessHandle.current().info().arguments().map(a -> {
                List<String> l = Arrays.asList(a);
                int i = l.indexOf("Bench");
                if (i < 0) {
                    i = l.indexOf(o.root.resolve("bench/Bench.java").toString());
                }
                return i < 0 ? List.<String>of() : l.subList(i + 1, l.size()).stream()
                        .filter(s -> !s.equals("--root") && !s.equals(o.root.toString())).toList();
            }).orElse(List.of());
        }

        /** The compiled classes a phase JVM runs: the class path of this JVM, or bench/Bench.java compiled. */
        private Path ensureClasses() throws IOException {
            try {
                var src = Bench.class.getProtectionDomain().getCodeSource();
                if (src != null && src.getLocation() != null) {
                    Path p = Path.of(src.getLocation().toURI());
                    if (Files.isRegularFile(p.resolve("Bench.class"))) {
                        return p;
                    }
                }
            } catch (Exception e) {
                // source-file mode: compile below
            }
            Path out = o.work.resolve("classes");
            compile(o.root.resolve("bench/Bench.java"), out);
            return out;
        }

        private Path compileHello() throws IOException {
            Path out = o.work.resolve("hello");
            Path src = o.root.resolve("bench/Hello.java");
            Path cls = out.resolve("Hello.class");
            if (!Files.exists(cls) || Files.getLastModifiedTime(src).compareTo(Files.getLastModifiedTime(cls)) > 0) {
                compile(src, out);
            }
            return out;
        }

        private static void compile(Path src, Path out) throws IOException {
            Files.createDirectories(out);
            javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IOException("no Java compiler in this runtime (a JDK is needed, not a JRE)");
            }
            // the bench is split into files by phase beside Bench.java: javac finds them on the source path
            int rc = javac.run(null, null, null, "-d", out.toString(), "--release", "17", "-sourcepath",
                    src.getParent().toString(), src.toString());
            if (rc != 0) {
                throw new IOException("cannot compile " + src);
            }
        }

        private Map<String, Object> runPhase(Path classes, String key, String phase, List<String> extra,
                                             Integer migrate, long timeoutMs) {
            Path dir = runDir.resolve(key);
            Path out = runDir.resolve(key + ".json");
            say("");
            say("== " + key + (migrate == null ? "" : " (private netns, tcp_migrate_req=" + migrate + ")") + " ==");
            try {
                Files.createDirectories(dir);
                List<String> cmd = new ArrayList<>();
                if (migrate != null) {
                    cmd.addAll(List.of("unshare", "--net", "--fork", "--", "sh", "-c",
                            "ip link set lo up && echo " + migrate + " > " + MIGRATE + " && exec \"$0\" \"$@\""));
                }
                cmd.add(javaBin());
                cmd.addAll(BENCH_JVM_FLAGS);
                cmd.addAll(List.of("-cp", classes.toString(), "Bench", "--phase", phase, "--name", key,
                        "--dir", dir.toString(), "--out", out.toString()));
                cmd.addAll(o.forPhase());
                cmd.addAll(extra);
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(o.root.toFile()).inheritIO()
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                cleanEnv(pb.environment());
                pb.environment().put("RELAUNCH_CDS_DIR", serverArchiveDir(o).toString());
                long limit = Math.min(timeoutMs, Math.max(60_000L, o.deadlineEpochMs + 90_000L
                        - System.currentTimeMillis()));
                Process p = pb.start();
                current = p;
                boolean done = p.waitFor(limit, TimeUnit.MILLISECONDS);
                current = null;
                if (!done) {
                    say("phase " + key + " exceeded its time limit (" + limit / 1000 + " s); stopping it");
                    killTree(p, 15_000);
                }
                killStrays(dir, 10_000);
                if (Files.exists(out)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(out));
                    if (!done) {
                        m.put("ok", false);
                        m.put("error", "stopped after its time limit");
                    }
                    return m;
                }
                return new LinkedHashMap<>(Map.of("ok", false, "error", done
                        ? "the phase exited with code " + p.exitValue() + " without results"
                        : "stopped after its time limit (" + limit / 1000 + " s) without results"));
            } catch (Exception e) {
                return new LinkedHashMap<>(Map.of("ok", false, "error", e.toString()));
            }
        }

        private void cleanup() {
            if (!cleaned.compareAndSet(false, true)) {
                return;
            }
            Process p = current;
            if (p != null && p.isAlive()) {
                killTree(p, 15_000);
            }
            if (runDir != null) {
                killStrays(runDir, 10_000);
            }
        }
    }

    /** Whether load phases can run in a private network namespace with tcp_migrate_req set there. */
    record NetnsCheck(boolean ok, String reason) {
        static NetnsCheck probe() {
            if (!Files.exists(MIGRATE)) {
                return new NetnsCheck(false, "the kernel has no net.ipv4.tcp_migrate_req (Linux < 5.14)");
            }
            if (!isRoot()) {
                return new NetnsCheck(false, "not root: cannot create a network namespace");
            }
            for (String tool : List.of("unshare", "ip", "sh")) {
                if (which(tool).isEmpty()) {
                    return new NetnsCheck(false, "`" + tool + "` not found (util-linux / iproute2)");
                }
            }
            try {
                Process p = new ProcessBuilder("unshare", "--net", "--fork", "--", "sh", "-c",
                        "ip link set lo up && echo 1 > " + MIGRATE + " && cat " + MIGRATE).redirectErrorStream(true)
                        .start();
                String outp = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new NetnsCheck(false, "unshare --net did not finish");
                }
                return p.exitValue() == 0 && outp.equals("1") ? new NetnsCheck(true, "")
                        : new NetnsCheck(false, "unshare --net failed: " + outp.lines().findFirst().orElse(""));
            } catch (Exception e) {
                return new NetnsCheck(false, "unshare --net failed: " + e.getMessage());
            }
        }
    }

    // =================================================================================================================
    // Phases (each its own JVM)
    // =================================================================================================================

    static final class Phase {
        static int run(Opts o) throws IOException {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("phase", o.phase);
            res.put("name", o.name);
            res.put("ok", false);
            Cleanup cl = new Cleanup(o.dir);
            Thread hook = new Thread(cl::run, "phase-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            long[] cpu0 = cpuTimes();
            res.put("loadavg_start", loadavg());
            Instant t0 = Instant.now();
            try {
                Files.createDirectories(o.dir);
                switch (o.phase) {
                    case "cold" -> Cold.run(o, res, cl);
                    case "load" -> LoadPhase.run(o, res, cl);
                    case "soak" -> Soak.run(o, res, cl);
                    case "cli" -> CliPhase.run(o, res, cl);
                    case "example" -> ExamplePhase.run(o, res, cl);
                    default -> throw new IllegalArgumentException("unknown phase " + o.phase);
                }
                res.put("ok", true);
            } catch (Throwable t) {
                res.put("ok", false);
                res.put("error", t.toString());
                System.err.println("bench: phase " + o.name + " failed: " + t);
                t.printStackTrace();
            } finally {
                cl.run();
                res.put("duration_s", round1(Duration.between(t0, Instant.now()).toMillis() / 1000.0));
                res.put("loadavg_end", loadavg());
                res.put("cpu_busy_pct", cpuBusyPct(cpu0, cpuTimes()));
                Files.writeString(o.out, Json.write(res) + "\n");
            }
            return Boolean.TRUE.equals(res.get("ok")) ? 0 : 1;
        }
    }

    /** Stops everything a phase started: its instances, then any process still running from its folder. */
    static final class Cleanup {
        private final Path dir;
        private final List<Inst> instances = Collections.synchronizedList(new ArrayList<>());
        /**
         * Handles, not PIDs: a handle remembers its process's start time, so a PID the kernel gives to another
         * process later (pid_max is often 32768, and every JVM thread takes an id from the same space) is never
         * killed by this clean-up.
         */
        private final Set<ProcessHandle> pids = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean done = new AtomicBoolean();

        Cleanup(Path dir) {
            this.dir = dir;
        }

        void add(Inst i) {
            instances.add(i);
        }

        void track(long pid) {
            ProcessHandle.of(pid).ifPresent(pids::add);
        }

        void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            List<Inst> copy;
            synchronized (instances) {
                copy = new ArrayList<>(instances);
            }
            for (Inst i : copy) {
                i.terminate();
            }
            for (ProcessHandle h : pids) {
                terminateHandle(h, 10_000);
            }
            killStrays(dir, 10_000);
        }
    }

    // ---- start-up and idle memory -----------------------------------------------------------------------------------

    static final class Cold {
        static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
            int n = o.coldStarts;
            Map<String, Object> series = new LinkedHashMap<>();
            res.put("series", series);

            // the floor: a bare JVM printing one line
            List<Double> hello = new ArrayList<>();
            List<String> helloCmd = List.of(javaBin(), "-cp", o.helloDir.toString(), "Hello");
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                Process p = new ProcessBuilder(helloCmd).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                cl.track(p.pid());
                String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
                double ms = ms(System.nanoTime() - t);
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                if (!"hello".equals(line)) {
                    throw new IOException("Hello printed " + line);
                }
                hello.add(ms);
            }
            series.put("hello", seriesResult("java -cp bench/work/hello Hello (exec -> its output)", helloCmd,
                    hello, null));
            say("  hello-world JVM: median " + fmtMs(median(hello)));

            // One project folder for every series, as a user has: the first start there is not timed (it may
            // create caches, e.g. a class-data archive, in the background); the timed starts come after it settled.
            Path dir = o.dir.resolve("project");
            Map<String, Object> first = new LinkedHashMap<>();
            {
                int port = freePort();
                Path env = writeEnv(dir, baseEnv(port, "blue-green", "default"));
                List<String> cmd = cliCommand(o, "start", "--env-file", env.toString());
                long t = System.nanoTime();
                Process p = startLogged(cmd, dir, "first.out");
                cl.track(p.pid());
                long childPid = awaitHealthy(port, p, t, 120_000, dir.resolve("first.out"));
                first.put("healthy_ms", round1(ms(System.nanoTime() - t)));
                cl.track(childPid);
                first.put("background_work_ms", o.settleMaxMs <= 0 ? null
                        : settle(dir, Set.of(p.pid(), childPid), o.settleMaxMs));
                Optional<ProcessHandle> child = ProcessHandle.of(childPid);
                terminateHandle(p.toHandle(), 30_000);
                child.ifPresent(h -> terminateHandle(h, 15_000));
                first.put("note", "the first `relaunch start` in a fresh folder (not in the series); "
                        + "background_work_ms: how long the instance's other processes (a standby server warming "
                        + "up, a class-data archive being built) stayed CPU-busy after it was healthy (negative: "
                        + "still busy at the limit)");
                say("  first start in a fresh folder: healthy after " + fmtMs(num(first.get("healthy_ms"))
                        .doubleValue()) + ", then background work for " + (first.get("background_work_ms") == null
                        ? "- (not waited for)" : first.get("background_work_ms") + " ms"));
            }
            res.put("first_start_in_fresh_folder", first);

            // relaunch start (foreground supervisor + server child), as ./relaunch start runs it
            List<Double> start = new ArrayList<>();
            List<Double> supRss = new ArrayList<>();
            List<Double> childRss = new ArrayList<>();
            List<Double> supPss = new ArrayList<>();
            List<Double> childPss = new ArrayList<>();
            List<Double> otherRss = new ArrayList<>();
            List<Double> totalRss = new ArrayList<>();
            List<Double> settled = new ArrayList<>();
            List<Double> forkedAt = new ArrayList<>();
            int others = 0;
            List<String> childCmd = null;
            List<String> startCmd = null;
            for (int i = 0; i < n; i++) {
                int port = freePort();
                Path env = writeEnv(dir, baseEnv(port, "blue-green", "default"));
                startCmd = cliCommand(o, "start", "--env-file", env.toString());
                long t = System.nanoTime();
                Process p = startLogged(startCmd, dir, "start.out");
                cl.track(p.pid());
                long childPid = awaitHealthy(port, p, t, 120_000, dir.resolve("start.out"));
                start.add(ms(System.nanoTime() - t));
                cl.track(childPid);
                long supStart = startTicks(p.pid());
                long childStart = startTicks(childPid);
                if (supStart > 0 && childStart > 0) {
                    forkedAt.add((childStart - supStart) * 10.0);
                }
                // idle: after the background work of the start (e.g. a standby server warming up) is done
                settled.add((double) settle(dir, Set.of(p.pid(), childPid), Math.min(60_000, o.settleMaxMs)));
                sleep(o.idleMs);
                supRss.add(rssMiB(p.pid()));
                childRss.add(rssMiB(childPid));
                supPss.add(pssMiB(p.pid()));
                childPss.add(pssMiB(childPid));
                // other processes of the supervisor: a standby server, if the product keeps one
                List<ProcessHandle> extra = p.descendants().filter(h -> h.pid() != childPid)
                        .filter(ProcessHandle::isAlive).toList();
                others = Math.max(others, extra.size());
                double extraRss = extra.stream().mapToDouble(h -> Math.max(0, rssMiB(h.pid()))).sum();
                otherRss.add(round1(extraRss));
                totalRss.add(round1(supRss.get(i) + childRss.get(i) + extraRss));
                if (childCmd == null) {
                    childCmd = cmdline(childPid);
                }
                Optional<ProcessHandle> child = ProcessHandle.of(childPid);
                terminateHandle(p.toHandle(), 30_000);
                child.ifPresent(h -> terminateHandle(h, 15_000));
                extra.forEach(h -> terminateHandle(h, 15_000));
                say("  relaunch start #" + (i + 1) + ": healthy after " + fmtMs(start.get(i)) + "; idle RSS: server "
                        + fmt1(childRss.get(i)) + " MiB, supervisor " + fmt1(supRss.get(i)) + " MiB, "
                        + extra.size() + " other process(es) (standby) " + fmt1(extraRss) + " MiB");
            }
            Map<String, Object> startExtra = new LinkedHashMap<>();
            startExtra.put("server_forked_at_ms", stats(forkedAt));
            startExtra.put("server_forked_at_note", "from the supervisor's exec to the server child's, by the "
                    + "kernel's process start times (10 ms resolution): the supervisor's own start-up");
            series.put("start", seriesResult("relaunch start (foreground, supervisor + server child; exec -> first "
                    + "200 from /api/v1/health)", startCmd, start, startExtra));

            // the server JVM alone, with the exact command line the supervisor gave its child, standalone
            List<Double> serve = new ArrayList<>();
            List<String> serveCmd = null;
            for (int i = 0; i < n; i++) {
                int port = freePort();
                Path env = writeEnv(dir, baseEnv(port, "blue-green", "default"));
                serveCmd = serveCommand(o, childCmd, env);
                long t = System.nanoTime();
                Process p = startLogged(serveCmd, dir, "serve.out");
                cl.track(p.pid());
                awaitHealthy(port, p, t, 120_000, dir.resolve("serve.out"));
                serve.add(ms(System.nanoTime() - t));
                if (i == 0) {
                    // a standalone server may start its own background work once
                    settle(dir, Set.of(p.pid()), Math.min(120_000, o.settleMaxMs));
                }
                terminateHandle(p.toHandle(), 20_000);
            }
            series.put("serve", seriesResult("relaunch serve (the server JVM alone, the supervisor's child command "
                    + "line, no supervisor)", serveCmd, serve, null));
            say("  server JVM alone: median " + fmtMs(median(serve)));

            // relaunch start --detach: CLI -> supervisor -> server; the CLI returns once the server is ready
            if (o.detachSeries) {
                List<Double> detHealthy = new ArrayList<>();
                List<Double> detReturn = new ArrayList<>();
                List<String> detCmd = null;
                for (int i = 0; i < n; i++) {
                    int port = freePort();
                    Path env = writeEnv(dir, baseEnv(port, "blue-green", "default"));
                    detCmd = cliCommand(o, "start", "--detach", "--json", "--env-file", env.toString());
                    Path outFile = dir.resolve("cli.out");
                    long t = System.nanoTime();
                    Process p = new ProcessBuilder(detCmd).directory(dir.toFile())
                            .redirectOutput(outFile.toFile()).redirectError(dir.resolve("cli.err").toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                    cl.track(p.pid());
                    long deadline = t + 120_000_000_000L;
                    Double healthy = null;
                    while (System.nanoTime() < deadline && (healthy == null || p.isAlive())) {
                        if (healthy == null && healthPid(port, 1000) > 0) {
                            healthy = ms(System.nanoTime() - t);
                        }
                        if (healthy == null) {
                            sleep(5);
                        } else {
                            p.waitFor(100, TimeUnit.MILLISECONDS);
                        }
                    }
                    double returned = ms(System.nanoTime() - t);
                    if (p.isAlive() || healthy == null) {
                        p.destroyForcibly();
                        throw new IOException("relaunch start --detach did not return/become healthy in 120 s");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> j = (Map<String, Object>) Json.parse(Files.readString(outFile));
                    long sup = num(j.get("supervisor_pid")).longValue();
                    long child = num(j.get("server_pid")).longValue();
                    cl.track(sup);
                    cl.track(child);
                    detHealthy.add(healthy);
                    detReturn.add(returned);
                    Optional<ProcessHandle> supHandle = ProcessHandle.of(sup);
                    Optional<ProcessHandle> childHandle = ProcessHandle.of(child);
                    supHandle.ifPresent(h -> terminateHandle(h, 30_000));
                    childHandle.ifPresent(h -> terminateHandle(h, 15_000));
                }
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("cli_returned_ms", stats(detReturn));
                series.put("start_detach", seriesResult("relaunch start --detach (CLI -> supervisor -> server; exec "
                        + "-> first 200 from /api/v1/health; cli_returned_ms: until the command exits)", detCmd,
                        detHealthy, extra));
                say("  relaunch start --detach: healthy median " + fmtMs(median(detHealthy)) + ", CLI returns "
                        + fmtMs(median(detReturn)));
            }

            Map<String, Object> mem = new LinkedHashMap<>();
            mem.put("note", "MiB; VmRSS from /proc/PID/status and Pss from /proc/PID/smaps_rollup, sampled "
                    + o.idleMs + " ms after each `relaunch start` was healthy and its other processes were CPU-quiet "
                    + "(settled_after_ms); other_processes: the supervisor's processes besides the serving server "
                    + "(a standby server); total: supervisor + server + others");
            mem.put("server_child_rss_mib", stats(childRss));
            mem.put("supervisor_rss_mib", stats(supRss));
            mem.put("server_child_pss_mib", stats(childPss.stream().filter(v -> v >= 0).toList()));
            mem.put("supervisor_pss_mib", stats(supPss.stream().filter(v -> v >= 0).toList()));
            mem.put("other_processes", others);
            mem.put("other_processes_rss_mib", stats(otherRss));
            mem.put("total_rss_mib", stats(totalRss));
            mem.put("settled_after_ms", stats(settled));
            res.put("idle_rss", mem);
            res.put("server_child_command", childCmd);
        }

        private static Process startLogged(List<String> cmd, Path dir, String log) throws IOException {
            return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        }

        /** The supervisor's child command line, with the .env replaced; a fallback if it could not be read. */
        private static List<String> serveCommand(Opts o, List<String> childCmd, Path env) {
            List<String> cmd = new ArrayList<>();
            if (childCmd != null && childCmd.contains("serve")) {
                for (int i = 0; i < childCmd.size(); i++) {
                    String a = childCmd.get(i);
                    if (a.equals("--env-file") && i + 1 < childCmd.size()) {
                        cmd.add(a);
                        cmd.add(env.toString());
                        i++;
                    } else if (a.startsWith("--env-file=")) {
                        cmd.add("--env-file=" + env);
                    } else if (!(i == 0 && a.endsWith("setsid"))) {
                        cmd.add(a);
                    }
                }
                return cmd;
            }
            cmd.add(javaBin());
            cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                    o.jar.toString(), CLI_MAIN, "serve", "--env-file", env.toString()));
            return cmd;
        }

        private static Map<String, Object> seriesResult(String what, List<String> cmd, List<Double> ms,
                                                        Map<String, Object> extra) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", what);
            m.put("command", cmd == null ? null : String.join(" ", cmd));
            m.put("ms", stats(ms));
            m.put("samples_ms", ms.stream().map(Bench::round1).toList());
            if (extra != null) {
                m.putAll(extra);
            }
            return m;
        }

        /** Polls /api/v1/health (new connection each time, every 5 ms) until 200; returns the PID it reports. */
        private static long awaitHealthy(int port, Process p, long t0, long timeoutMs, Path log) throws IOException {
            long deadline = t0 + timeoutMs * 1_000_000L;
            while (System.nanoTime() < deadline) {
                long pid = healthPid(port, 1000);
                if (pid > 0) {
                    return pid;
                }
                if (!p.isAlive()) {
                    throw new IOException("the process exited with code " + p.exitValue() + " before it was healthy: "
                            + tail(log, 15));
                }
                sleep(5);
            }
            throw new IOException("not healthy within " + timeoutMs + " ms: " + tail(log, 15));
        }
    }

    // ---- restarts under load ----------------------------------------------------------------------------------------

    static final class LoadPhase {
        static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
            res.put("strategy", o.strategy);
            res.put("tcp_migrate_req", readMigrate());
            res.put("network_namespace", o.netnsLabel);
            Inst inst = new Inst(o, o.dir, baseEnv(0, o.strategy, o.standby));
            cl.add(inst);
            inst.start();
            res.put("background_work_after_start_ms", inst.settleMs);
            res.put("standby_setting", o.standby.equals("off") ? "RESTART_STANDBY=false" : "product default");
            res.put("other_processes_after_start", inst.otherProcesses());
            String tag = "[" + o.name + "]";
            say("  " + tag + " serving " + inst.url() + " (supervisor " + inst.supPid + ", server " + inst.serverPid
                    + ", net.ipv4.tcp_migrate_req=" + res.get("tcp_migrate_req") + ")");
            LoadGen load = new LoadGen(o, inst.port);
            load.start();
            sleep(o.warmupMs);
            List<Restart> restarts = new ArrayList<>();
            long pid = inst.serverPid;
            for (int i = 1; i <= o.restarts; i++) {
                if (o.nearDeadline(60_000)) {
                    res.put("truncated", "time limit reached after " + (i - 1) + " restarts");
                    break;
                }
                Restart r = Restarter.once(inst, pid, RESTART_TIMEOUT_MS);
                r.index = i;
                restarts.add(r);
                if (r.pidAfter > 0 && "restarted".equals(r.status)) {
                    pid = r.pidAfter;
                }
                sleep(o.gapMs);
                r.settleMs = settle(o.dir, Set.of(inst.supPid, pid), Math.min(30_000, o.settleMaxMs));
                long lostNow = load.failuresSince(r.t0Ns);
                say("  " + tag + " restart " + i + "/" + o.restarts + ": " + r.status + ", PID " + r.pidBefore
                        + " -> " + r.pidAfter + ", new PID healthy " + fmtMs(r.healthNewPidMs) + ", restarted "
                        + fmtMs(r.restartedMs) + ", lost " + lostNow);
                if (r.status.equals("request_failed") || r.status.equals("timeout")) {
                    long serving = healthPid(inst.port, 2000);
                    if (serving > 0) {
                        pid = serving;
                    }
                }
            }
            long endNs = System.nanoTime();
            load.stop();
            res.put("restarts_requested", o.restarts);
            res.put("restarts_done", restarts.size());
            res.put("restarts_ok", restarts.stream().filter(r -> r.status.equals("restarted")).count());
            res.put("latency", Restarter.latency(restarts));
            res.put("load", load.summary(restarts, endNs));
            res.put("restarts", restarts.stream().map(r -> r.toMap(load, restarts, endNs)).toList());
            res.put("failures_sample", load.failureSample(20));
            inst.stop();
        }
    }

    // ---- supervisor growth over many restarts -----------------------------------------------------------------------

    static final class Soak {
        static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
            Inst inst = new Inst(o, o.dir, baseEnv(0, "blue-green", "default"));
            cl.add(inst);
            inst.start();
            res.put("background_work_after_start_ms", inst.settleMs);
            res.put("other_processes_after_start", inst.otherProcesses());
            sleep(o.idleMs);
            int checkpoint = Math.min(20, o.soak); // after the warm-up: the issue judges restarts 20-120
            List<Map<String, Object>> samples = new ArrayList<>();
            samples.add(procSample(inst.supPid, 0));
            Map<String, Object> atCheckpoint = null;
            List<Restart> restarts = new ArrayList<>();
            long pid = inst.serverPid;
            for (int i = 1; i <= o.soak; i++) {
                if (o.nearDeadline(60_000)) {
                    res.put("truncated", "time limit reached after " + (i - 1) + " restarts");
                    break;
                }
                Restart r = Restarter.once(inst, pid, RESTART_TIMEOUT_MS);
                r.index = i;
                restarts.add(r);
                if (r.pidAfter > 0 && r.status.equals("restarted")) {
                    pid = r.pidAfter;
                }
                samples.add(procSample(inst.supPid, i));
                if (i == checkpoint) {
                    atCheckpoint = afterGc(inst.supPid, i);
                }
                r.settleMs = settle(o.dir, Set.of(inst.supPid, pid), Math.min(30_000, o.settleMaxMs));
                if (i % 10 == 0 || i == o.soak) {
                    say("  [soak] restart " + i + "/" + o.soak + ": " + r.status + ", new PID healthy "
                            + fmtMs(r.healthNewPidMs) + ", supervisor RSS " + samples.get(samples.size() - 1)
                            .get("rss_mib") + " MiB, threads " + samples.get(samples.size() - 1).get("threads"));
                }
                sleep(o.smoke ? 200 : 500);
            }
            Map<String, Object> atEnd = restarts.isEmpty() ? null : afterGc(inst.supPid, restarts.size());
            sleep(o.idleMs);
            res.put("restarts_requested", o.soak);
            res.put("restarts_done", restarts.size());
            res.put("restarts_ok", restarts.stream().filter(r -> r.status.equals("restarted")).count());
            res.put("latency_without_load", Restarter.latency(restarts));
            Map<String, Object> sup = new LinkedHashMap<>();
            sup.put("note", "the supervisor's VmRSS (MiB), thread count and open fds; 'after_gc' samples follow "
                    + "`jcmd PID GC.run` at restart " + checkpoint + " and at the end");
            sup.put("at_checkpoint_after_gc", atCheckpoint);
            sup.put("at_end_after_gc", atEnd);
            if (atCheckpoint != null && atEnd != null) {
                sup.put("rss_growth_mib", round1(num(atEnd.get("rss_mib")).doubleValue()
                        - num(atCheckpoint.get("rss_mib")).doubleValue()));
                sup.put("threads_growth", num(atEnd.get("threads")).longValue()
                        - num(atCheckpoint.get("threads")).longValue());
                sup.put("fds_growth", num(atEnd.get("fds")).longValue() - num(atCheckpoint.get("fds")).longValue());
            }
            if (samples.size() >= 5) {
                Map<String, Object> mid = samples.get((samples.size() - 1) / 2);
                Map<String, Object> last = samples.get(samples.size() - 1);
                sup.put("rss_growth_second_half_mib", round1(num(last.get("rss_mib")).doubleValue()
                        - num(mid.get("rss_mib")).doubleValue()));
                sup.put("second_half_from_restart", mid.get("restart"));
            }
            sup.put("samples", samples);
            res.put("supervisor", sup);
            res.put("server_child_idle_rss_mib_at_end", rssMiB(pid));
            inst.stop();
        }

        private static Map<String, Object> afterGc(long pid, int restart) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            boolean gc = false;
            if (Files.isExecutable(jcmd)) {
                try {
                    Process p = new ProcessBuilder(jcmd.toString(), "" + pid, "GC.run").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    gc = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                } catch (Exception e) {
                    gc = false;
                }
            }
            sleep(500);
            Map<String, Object> s = procSample(pid, restart);
            s.put("gc_run", gc);
            return s;
        }

        private static Map<String, Object> procSample(long pid, int restart) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("restart", restart);
            s.put("rss_mib", round1(rssMiB(pid)));
            s.put("threads", procStatus(pid, "Threads").map(v -> Long.parseLong(v.trim())).orElse(-1L));
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                s.put("fds", fds.count());
            } catch (IOException e) {
                s.put("fds", -1);
            }
            return s;
        }
    }

    // =================================================================================================================
    // One relaunch instance (supervisor + children) in its own folder, driven through the real CLI
    // =================================================================================================================

    static final class Inst {
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
        /** Wall time of {@code relaunch start --detach}, which returns once the server is ready. */
        double startCliMs;
        /** Handles (with their start times), so a reused PID is never terminated; see {@link Cleanup}. */
        final Set<ProcessHandle> pids = ConcurrentHashMap.newKeySet();
        private ProcessHandle supHandle;
        private final AtomicBoolean stopped = new AtomicBoolean();

        Inst(Opts o, Path dir, Map<String, String> envKeys) throws IOException {
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
            if (!appCommand.isEmpty()) {
                args.add("--");
                args.addAll(appCommand);
            }
            long t = System.nanoTime();
            CliResult r = cli(o, dir, 150_000, args.toArray(String[]::new));
            startCliMs = ms(System.nanoTime() - t);
            if (r.exit != 0) {
                throw new IOException("relaunch start --detach failed (" + r.exit + "): " + r.out + r.err);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> j = (Map<String, Object>) Json.parse(r.out);
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
            if (r.exit != 0) {
                say("  relaunch stop answered " + r.exit + ": " + r.out.trim() + " " + r.err.trim());
            }
            terminate();
        }

        /** The supervisor's processes besides the serving server (a standby server, if the product keeps one). */
        long otherProcesses() {
            return ProcessHandle.of(supPid).map(h -> h.descendants().filter(d -> d.pid() != serverPid)
                    .filter(ProcessHandle::isAlive).count()).orElse(0L);
        }

        void trackChildren() {
            if (supHandle != null && supHandle.isAlive()) {
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
    }

    record CliResult(int exit, String out, String err) {}

    static CliResult cli(Opts o, Path dir, long timeoutMs, String... args) throws IOException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cliCommand(o, args)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        cleanEnv(pb.environment());
        if (hasCliArchive(o)) {
            pb.environment().put("RELAUNCH_CLI_CDS", cliArchive(o).toString()); // as the launcher: for --detach
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("relaunch " + String.join(" ", args) + " did not finish in " + timeoutMs
                        + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        CliResult r = new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /**
     * The CLI as ./relaunch runs it: the JVM flags of the launcher script, the jar, plus the test kit beside it (the
     * slow endpoint {@code /api/v1/test/sleep}; servers inherit the class path).
     */
    static List<String> cliCommand(Opts o, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(cliFlags(o));
        cmd.add("-cp");
        cmd.add(o.jar + File.pathSeparator + o.jar.resolveSibling("relaunch-testkit.jar"));
        cmd.add(CLI_MAIN);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The JVM flags of the CLI/supervisor, read from the ./relaunch launcher so the two stay the same. */
    static List<String> cliFlags(Opts o) {
        List<String> flags = new ArrayList<>();
        try {
            String s = Files.readString(o.root.resolve("relaunch")).replace("\\\n", " ");
            Matcher m = Pattern.compile("\nJVM_OPTS=\"([^\"]*)\"").matcher(s);
            if (m.find()) {
                for (String t : m.group(1).trim().split("\\s+")) {
                    String v = t.replace("\"", "").replace("${ROOT}", o.root.toString())
                            .replace("$ROOT", o.root.toString()).replace("${JAR}", o.jar.toString())
                            .replace("$JAR", o.jar.toString());
                    if (v.startsWith("-") && !v.contains("$")) {
                        flags.add(v);
                    }
                }
            }
        } catch (IOException e) {
            // fall back below
        }
        if (flags.isEmpty()) {
            flags.addAll(FALLBACK_CLI_FLAGS);
        }
        if (hasCliArchive(o)) {
            flags.addAll(List.of("-XX:SharedArchiveFile=" + cliArchive(o), "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        String extra = System.getenv("RELAUNCH_CLI_OPTS");
        if (extra != null && !extra.isBlank()) {
            flags.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return flags;
    }

    /**
     * Where the servers' class-data archive for the copied jar lives: beside it, as {@code ./relaunch} makes it after a
     * build (the bench's class path has two entries, so the product would otherwise keep one per instance folder).
     */
    static Path serverArchiveDir(Opts o) {
        return o.jar.toAbsolutePath().resolveSibling("cds");
    }

    /** Where the CLI/supervisor JVM's class-data archive for the jar lives (as {@code ./relaunch} keeps it). */
    static Path cliArchive(Opts o) {
        return o.jar.toAbsolutePath().resolveSibling("cds").resolve("cli.jsa");
    }

    static boolean hasCliArchive(Opts o) {
        try {
            return Files.isRegularFile(cliArchive(o)) && Files.size(cliArchive(o)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The bench's .env; {@code standby} "off" sets RESTART_STANDBY=false, "default" leaves the product default. */
    static Map<String, String> baseEnv(int port, String strategy, String standby) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HOST", HOST);
        m.put("PORT", "" + port);
        m.put("APP_ENV", "testing");
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
        StringBuilder sb = new StringBuilder("# written by bench/Bench.java\n");
        keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(env, sb.toString());
        return env;
    }

    static void cleanEnv(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("RELAUNCH_") && !k.equals("RELAUNCH_CLI_OPTS")
                && !k.equals("RELAUNCH_CDS_DIR"));
    }

    // =================================================================================================================
    // One restart, measured from the request to the first health answer of the new PID and to the final op record
    // =================================================================================================================

    static final class Restart {
        int index;
        long t0Ns;
        Instant t0;
        String opId;
        String status = "timeout";
        String error;
        long pidBefore;
        long pidAfter;
        int postAttempts;
        Double healthNewPidMs;
        Double restartedMs;
        Double finalSeenMs;
        Long opDurationMs;
        Long settleMs;
        Map<String, Double> phaseAt = new LinkedHashMap<>();
        Map<String, Double> steps = new LinkedHashMap<>();

        Double step(String from, String to) {
            Double a = phaseAt.get(from);
            Double b = phaseAt.get(to);
            return a == null || b == null ? null : round1(b - a);
        }

        /** The phase after {@code from} in this record, whichever it is. */
        Double stepAfter(String from) {
            List<String> names = new ArrayList<>(phaseAt.keySet());
            int i = names.indexOf(from);
            return i < 0 || i + 1 >= names.size() ? null : step(from, names.get(i + 1));
        }

        Map<String, Object> toMap(LoadGen load, List<Restart> all, long endNs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("i", index);
            m.put("op_id", opId);
            m.put("status", status);
            if (error != null) {
                m.put("error", error);
            }
            m.put("pid_before", pidBefore);
            m.put("pid_after", pidAfter);
            m.put("post_attempts", postAttempts);
            m.put("health_new_pid_ms", healthNewPidMs);
            m.put("restarted_ms", restartedMs);
            m.put("final_seen_ms", finalSeenMs);
            m.put("op_duration_ms", opDurationMs);
            m.put("settled_after_ms", settleMs);
            m.put("phase_at_ms", phaseAt);
            m.put("steps_ms", steps);
            if (load != null) {
                int k = all.indexOf(this);
                long to = k + 1 < all.size() ? all.get(k + 1).t0Ns : Long.MAX_VALUE;
                m.putAll(load.window(t0Ns, to));
            }
            return m;
        }
    }

    static final class Restarter {
        private static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");
        private static final Pattern OP = Pattern.compile("\"op_id\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

        static Restart once(Inst inst, long oldPid, long timeoutMs) {
            Restart r = new Restart();
            r.pidBefore = oldPid;
            r.t0 = Instant.now();
            r.t0Ns = System.nanoTime();
            long deadline = r.t0Ns + timeoutMs * 1_000_000L;
            while (r.opId == null && System.nanoTime() - r.t0Ns < 10_000_000_000L) {
                r.postAttempts++;
                try {
                    Resp p = Http.oneShot(inst.port, "POST", inst.apiBase + "/api/v1/settings/restart", "{}",
                            IO_TIMEOUT_MS);
                    Matcher m = OP.matcher(p.body());
                    if (p.status() == 202 && m.find()) {
                        r.opId = m.group(1);
                    } else {
                        r.status = "request_failed";
                        r.error = "HTTP " + p.status() + ": " + p.body();
                        return r;
                    }
                } catch (IOException e) {
                    r.error = classify(e) + ": " + e.getMessage();
                    sleep(50);
                }
            }
            if (r.opId == null) {
                r.status = "request_failed";
                return r;
            }
            r.error = null;
            Path opFile = inst.opsDir().resolve(r.opId + ".json");
            Map<?, ?> op = null;
            String st = null;
            while (System.nanoTime() < deadline) {
                if (r.healthNewPidMs == null) {
                    try {
                        Resp h = Http.oneShot(inst.port, "GET", inst.apiBase + "/api/v1/health", null, 2000);
                        Matcher m = PID.matcher(h.body());
                        if (h.status() == 200 && m.find() && Long.parseLong(m.group(1)) != oldPid) {
                            r.healthNewPidMs = round1(ms(System.nanoTime() - r.t0Ns));
                            r.pidAfter = Long.parseLong(m.group(1));
                        }
                    } catch (IOException e) {
                        // nobody listens (stop-start) or a reset: keep polling
                    }
                }
                if (st == null || !FINAL.contains(st)) {
                    try {
                        op = (Map<?, ?>) Json.parse(Files.readString(opFile));
                        st = String.valueOf(op.get("status"));
                        if (FINAL.contains(st)) {
                            r.finalSeenMs = round1(ms(System.nanoTime() - r.t0Ns));
                        }
                    } catch (Exception e) {
                        // not written yet or mid-rename
                    }
                }
                if (st != null && FINAL.contains(st) && (r.healthNewPidMs != null || !st.equals("restarted"))) {
                    break;
                }
                sleep(10);
            }
            if (op != null) {
                r.status = st != null && FINAL.contains(st) ? st : "timeout";
                Object before = op.get("pid_before");
                if (before != null) {
                    r.pidBefore = num(before).longValue();
                }
                Object after = op.get("pid_after");
                if (after != null && r.status.equals("restarted")) {
                    r.pidAfter = num(after).longValue();
                }
                Object dur = op.get("duration_ms");
                r.opDurationMs = dur == null ? null : num(dur).longValue();
                Object phases = op.get("phases");
                if (phases instanceof List<?> list) {
                    for (Object o : list) {
                        Map<?, ?> ph = (Map<?, ?>) o;
                        Instant at = Instant.parse(String.valueOf(ph.get("at")));
                        r.phaseAt.put(String.valueOf(ph.get("name")),
                                round1(Duration.between(r.t0, at).toNanos() / 1e6));
                    }
                }
                r.restartedMs = r.phaseAt.get("restarted");
                List<String> names = new ArrayList<>(r.phaseAt.keySet());
                for (int i = 0; i + 1 < names.size(); i++) {
                    r.steps.put(names.get(i) + "->" + names.get(i + 1), r.step(names.get(i), names.get(i + 1)));
                }
                if (op.get("error") instanceof Map<?, ?> e) {
                    r.error = e.get("code") + ": " + e.get("message");
                }
            }
            return r;
        }

        /** Latency statistics over restarts, with the phase breakdown named the same way for both strategies. */
        static Map<String, Object> latency(List<Restart> rs) {
            List<Restart> ok = rs.stream().filter(r -> r.status.equals("restarted")).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("health_new_pid_ms", stats(values(ok, r -> r.healthNewPidMs)));
            m.put("restarted_ms", stats(values(ok, r -> r.restartedMs)));
            m.put("op_duration_ms", stats(values(ok, r -> r.opDurationMs == null ? null : r.opDurationMs * 1.0)));
            m.put("spawned_at_ms", stats(values(ok, r -> r.phaseAt.get("starting"))));
            m.put("spawn_to_ready_ms", stats(values(ok, r -> r.step("starting", "ready"))));
            m.put("drain_ms", stats(values(ok, r -> r.stepAfter("draining"))));
            m.put("no_listener_window_ms", stats(values(ok, r -> r.phaseAt.get("draining") != null
                    && r.phaseAt.get("starting") != null && r.phaseAt.get("draining") < r.phaseAt.get("starting")
                    ? r.step("draining", "ready") : null)));
            Map<String, List<Double>> steps = new LinkedHashMap<>();
            for (Restart r : ok) {
                r.steps.forEach((k, v) -> steps.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
            Map<String, Object> st = new LinkedHashMap<>();
            steps.forEach((k, v) -> st.put(k, stats(v)));
            m.put("steps_ms", st);
            m.put("settled_after_ms", stats(rs.stream().map(r -> r.settleMs == null ? null : r.settleMs * 1.0)
                    .filter(v -> v != null).toList()));
            m.put("note", "ms from the moment the bench sent POST /api/v1/settings/restart; health_new_pid: first "
                    + "200 from /api/v1/health (new connection, polled every 10 ms) with a PID other than the old "
                    + "one; restarted: the 'restarted' phase time in the op record; spawned_at: the 'starting' "
                    + "phase (the new process was forked; for stop-start after the old one exited); "
                    + "spawn_to_ready: starting -> ready; drain: draining -> next phase (old server drained and "
                    + "exited); no_listener_window (stop-start only): draining -> ready, when nothing accepts "
                    + "connections; settled_after: after the restart and the gap, how long until the instance's "
                    + "other processes (a new standby server warming up) were CPU-quiet, waited for before the next "
                    + "restart");
            return m;
        }

        private static List<Double> values(List<Restart> rs, java.util.function.Function<Restart, Double> f) {
            return rs.stream().map(f).filter(v -> v != null).toList();
        }
    }

    // =================================================================================================================
    // Load generator: steady traffic on loopback, every failure classified and timestamped
    // =================================================================================================================

    record Failure(long atNs, long endNs, String client, String cls, String detail, boolean reusedConnection,
                   boolean afterRetry) {}

    record Stale(long atNs, String client, String cls) {}

    static final class ClientStats {
        final String name;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final LongAccumulator maxLatencyNs = new LongAccumulator(Long::max, 0);

        ClientStats(String name) {
            this.name = name;
        }
    }

    static final class LoadGen {
        private final Opts o;
        private final int port;
        private volatile boolean running = true;
        private final List<Thread> threads = new ArrayList<>();
        private final Map<String, ClientStats> clients = new LinkedHashMap<>();
        final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        final List<Stale> stale = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong connectionsOpened = new AtomicLong();
        private long startNs;
        private long stopNs;

        LoadGen(Opts o, int port) {
            this.o = o;
            this.port = port;
        }

        void start() {
            startNs = System.nanoTime();
            int slowKa = (o.slowClients + 1) / 2;
            for (int i = 0; i < o.keepAliveClients; i++) {
                spawn("fast_keepalive", true, false, i);
            }
            for (int i = 0; i < o.newConnClients; i++) {
                spawn("fast_new_connection", false, false, i);
            }
            for (int i = 0; i < o.slowClients; i++) {
                spawn(i < slowKa ? "slow_keepalive" : "slow_new_connection", i < slowKa, true, i);
            }
            for (int i = 0; i < o.idleKeepAliveClients; i++) {
                spawn("idle_keepalive", true, false, i);
            }
            for (int i = 0; i < o.burstClients; i++) {
                spawn("burst_new_connection", false, false, i);
            }
        }

        /** The pause after a request: idle clients wait 0-250 ms, burst clients none, slow ones 20 ms. */
        private long pauseMs(String kind, boolean slow, Random rnd) {
            return switch (kind) {
                case "idle_keepalive" -> rnd.nextInt(251);
                case "burst_new_connection" -> 0;
                default -> slow ? 20 : o.thinkMs;
            };
        }

        private void spawn(String kind, boolean keepAlive, boolean slow, int i) {
            ClientStats cs = clients.computeIfAbsent(kind, ClientStats::new);
            Thread t = new Thread(() -> work(cs, kind, keepAlive, slow, new Random(31L * i + kind.hashCode())),
                    "load-" + kind + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        void stop() {
            running = false;
            for (Thread t : threads) {
                try {
                    t.join(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stopNs = System.nanoTime();
        }

        private void work(ClientStats cs, String kind, boolean keepAlive, boolean slow, Random rnd) {
            Conn conn = null;
            while (running) {
                String path = slow ? "/api/v1/test/sleep?ms=" + (o.slowMinMs
                        + rnd.nextInt((int) (o.slowMaxMs - o.slowMinMs + 1))) : "/api/v1/health";
                long t = System.nanoTime();
                cs.requests.incrementAndGet();
                boolean reused = false;
                boolean retried = false;
                Resp r = null;
                IOException failure = null;
                try {
                    if (keepAlive) {
                        // like a pooled client: a connection the server closed while idle is dropped, not used
                        if (conn != null && conn.closedByServer()) {
                            stale.add(new Stale(t, cs.name, "closed_while_idle"));
                            closeQuietly(conn);
                            conn = null;
                        }
                        if (conn != null && kind.equals("idle_keepalive")) {
                            LockSupport.parkNanos(rnd.nextInt(5_001) * 1_000L); // an event loop's turn
                        }
                        reused = conn != null;
                        if (conn == null) {
                            conn = Conn.open(port, IO_TIMEOUT_MS);
                            connectionsOpened.incrementAndGet();
                        }
                        // never retried: a request sent once and not answered is lost, as for Node's http.Agent,
                        // many SDKs and scripts
                        r = conn.exchange("GET", path, null, true);
                        if (r.close()) {
                            closeQuietly(conn);
                            conn = null;
                        }
                    } else {
                        connectionsOpened.incrementAndGet();
                        try (Conn c = Conn.open(port, IO_TIMEOUT_MS)) {
                            r = c.exchange("GET", path, null, false);
                        }
                    }
                } catch (IOException e) {
                    failure = e;
                    closeQuietly(conn);
                    conn = null;
                }
                long end = System.nanoTime();
                cs.maxLatencyNs.accumulate(end - t);
                if (failure != null) {
                    lose(cs, t, end, classify(failure), failure.getClass().getSimpleName() + ": "
                            + failure.getMessage(), reused, retried);
                } else if (r.status() >= 500) {
                    lose(cs, t, end, "5xx", "HTTP " + r.status(), reused, retried);
                } else if (r.status() != 200) {
                    lose(cs, t, end, "other", "HTTP " + r.status() + ": " + truncate(r.body(), 200), reused, retried);
                } else {
                    cs.ok.incrementAndGet();
                }
                pause(pauseMs(kind, slow, rnd));
            }
            closeQuietly(conn);
        }

        private void lose(ClientStats cs, long t, long end, String cls, String detail, boolean reused,
                          boolean retried) {
            cs.lost.incrementAndGet();
            failures.add(new Failure(t, end, cs.name, cls, detail, reused, retried));
        }

        private void pause(long ms) {
            long until = System.nanoTime() + ms * 1_000_000L;
            while (running && System.nanoTime() < until) {
                sleep(Math.min(ms, 20));
            }
        }

        long failuresSince(long ns) {
            synchronized (failures) {
                return failures.stream().filter(f -> f.atNs >= ns).count();
            }
        }

        /** Failures and stale retries of requests started in [fromNs, toNs). */
        Map<String, Object> window(long fromNs, long toNs) {
            List<Failure> fs;
            synchronized (failures) {
                fs = failures.stream().filter(f -> f.atNs >= fromNs && f.atNs < toNs).toList();
            }
            long st;
            synchronized (stale) {
                st = stale.stream().filter(s -> s.atNs >= fromNs && s.atNs < toNs).count();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lost", fs.size());
            m.put("lost_by_class", byClass(fs));
            m.put("stale_keepalive_retries", st);
            if (!fs.isEmpty()) {
                long first = fs.stream().mapToLong(Failure::atNs).min().getAsLong();
                long last = fs.stream().mapToLong(Failure::endNs).max().getAsLong();
                m.put("error_span_ms", round1(ms(last - first)));
                m.put("first_failure_ms", round1(ms(first - fromNs)));
            } else {
                m.put("error_span_ms", 0.0);
            }
            return m;
        }

        Map<String, Object> summary(List<Restart> restarts, long endNs) {
            Map<String, Object> m = new LinkedHashMap<>();
            long stop = stopNs == 0 ? System.nanoTime() : stopNs;
            double secs = (stop - startNs) / 1e9;
            long total = clients.values().stream().mapToLong(c -> c.requests.get()).sum();
            m.put("duration_s", round1(secs));
            m.put("requests", total);
            m.put("rate_per_s", round1(total / secs));
            m.put("new_connections_per_s", round1(connectionsOpened.get() / secs));
            Map<String, Object> by = new LinkedHashMap<>();
            clients.forEach((k, c) -> by.put(k, Map.of("requests", c.requests.get(), "ok", c.ok.get(),
                    "lost", c.lost.get(), "max_latency_ms", round1(ms(c.maxLatencyNs.get())))));
            m.put("by_client", by);
            long firstRestart = restarts.isEmpty() ? Long.MAX_VALUE : restarts.get(0).t0Ns;
            List<Failure> all;
            synchronized (failures) {
                all = new ArrayList<>(failures);
            }
            List<Failure> during = all.stream().filter(f -> f.atNs >= firstRestart).toList();
            m.put("lost_total", all.size());
            m.put("lost_during_restarts", during.size());
            m.put("lost_before_first_restart", all.size() - during.size());
            m.put("lost_by_class", byClass(during));
            List<Double> perRestart = new ArrayList<>();
            List<Double> spans = new ArrayList<>();
            int withLoss = 0;
            for (int i = 0; i < restarts.size(); i++) {
                long to = i + 1 < restarts.size() ? restarts.get(i + 1).t0Ns : Long.MAX_VALUE;
                Map<String, Object> w = window(restarts.get(i).t0Ns, to);
                long lost = num(w.get("lost")).longValue();
                perRestart.add((double) lost);
                spans.add(num(w.get("error_span_ms")).doubleValue());
                if (lost > 0) {
                    withLoss++;
                }
            }
            m.put("restarts_with_loss", withLoss);
            m.put("lost_per_restart", stats(perRestart));
            m.put("error_span_ms", stats(spans));
            Map<String, Long> staleBy = new TreeMap<>();
            synchronized (stale) {
                stale.forEach(s -> staleBy.merge(s.cls, 1L, Long::sum));
            }
            m.put("stale_keepalive_retries", staleBy.values().stream().mapToLong(Long::longValue).sum());
            m.put("stale_keepalive_retries_by_class", staleBy);
            m.put("note", "lost = a request that got no 2xx answer: refused (connection refused), reset (RST, "
                    + "broken pipe, or closed before/while the answer came), timeout (> " + IO_TIMEOUT_MS / 1000
                    + " s), 5xx, other (unexpected status or client error). No request is ever retried. A "
                    + "keep-alive connection that the server closed while it was idle is dropped before the next "
                    + "request, as pooled clients do (counted under stale_keepalive_retries, never lost); a request "
                    + "sent on a connection the server closes at that moment is lost. Failures are assigned to the "
                    + "restart whose window (its request until the next restart's request) they started in");
            return m;
        }

        /** Every failure that is not a refusal (up to 200), then the first {@code max} refusals. */
        List<Map<String, Object>> failureSample(int max) {
            synchronized (failures) {
                return Stream.concat(failures.stream().filter(f -> !f.cls.equals("refused")).limit(200),
                        failures.stream().filter(f -> f.cls.equals("refused")).limit(max)).map(f -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at_ms", round1(ms(f.atNs - startNs)));
                    m.put("client", f.client);
                    m.put("class", f.cls);
                    m.put("detail", f.detail);
                    m.put("reused_connection", f.reusedConnection);
                    m.put("after_retry", f.afterRetry);
                    return m;
                }).toList();
            }
        }

        private static Map<String, Object> byClass(List<Failure> fs) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String c : List.of("refused", "reset", "timeout", "5xx", "other")) {
                m.put(c, fs.stream().filter(f -> f.cls.equals(c)).count());
            }
            return m;
        }
    }

    static String classify(IOException e) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException || msg.contains("timed out")) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return msg.contains("refused") ? "refused" : "other";
        }
        if (e instanceof EOFException || msg.contains("reset") || msg.contains("broken pipe")
                || msg.contains("abort")) {
            return "reset";
        }
        return "other";
    }

    // =================================================================================================================
    // Minimal HTTP/1.1 client over raw sockets (so every connection and failure is visible)
    // =================================================================================================================

    record Resp(int status, boolean close, String body) {}

    /** EOF before the first byte of a status line: the server closed the connection without an answer. */
    static final class NoResponse extends EOFException {
        private static final long serialVersionUID = 1L;

        NoResponse(String m) {
            super(m);
        }
    }

    static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    static final class Conn implements Closeable {
        private final Socket socket;
        private final CountingInput in;
        private final OutputStream out;
        private final int port;

        private Conn(Socket s, int port) throws IOException {
            this.socket = s;
            this.port = port;
            this.in = new CountingInput(new BufferedInputStream(s.getInputStream(), 8192));
            this.out = s.getOutputStream();
        }

        static Conn open(int port, int timeoutMs) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(timeoutMs);
                s.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), timeoutMs);
                return new Conn(s, port);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        boolean receivedNothing() {
            return in.count == 0;
        }

        /**
         * True when the server already closed this idle connection (its FIN or RST is waiting): a pooled HTTP
         * client drops such a connection before sending on it. Waits at most 1 ms.
         */
        boolean closedByServer() throws IOException {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(1);
            try {
                in.mark(1);
                int b = in.read();
                if (b == -1) {
                    return true;
                }
                in.reset();
                return false;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            } finally {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(timeout);
                }
            }
        }

        Resp exchange(String method, String path, String body, boolean keepAlive) throws IOException {
            in.count = 0;
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(HOST).append(':').append(port).append("\r\n")
                    .append("User-Agent: relaunch-bench\r\nAccept: application/json\r\n")
                    .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
            if (body != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
            }
            req.append("\r\n");
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            return read(keepAlive);
        }

        private Resp read(boolean keepAlive) throws IOException {
            String status = line(true);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("malformed status line: " + truncate(status, 80));
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, String> h = new LinkedHashMap<>();
            for (String l = line(false); !l.isEmpty(); l = line(false)) {
                int c = l.indexOf(':');
                if (c > 0) {
                    h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
                }
            }
            boolean close = !keepAlive || "close".equalsIgnoreCase(h.get("connection"))
                    || parts[0].equals("HTTP/1.0");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
                while (true) {
                    String sz = line(false);
                    int semi = sz.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? sz : sz.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        for (String l = line(false); !l.isEmpty(); l = line(false)) {
                            // trailers
                        }
                        break;
                    }
                    byte[] chunk = in.readNBytes(n);
                    if (chunk.length != n) {
                        throw new EOFException("connection closed in a chunk");
                    }
                    body.write(chunk);
                    line(false);
                }
            } else if (h.containsKey("content-length")) {
                int n = Integer.parseInt(h.get("content-length"));
                byte[] data = in.readNBytes(n);
                if (data.length != n) {
                    throw new EOFException("connection closed in the body");
                }
                body.write(data);
            } else if (close && code != 204 && code != 304) {
                body.write(in.readAllBytes());
            }
            return new Resp(code, close, body.toString(StandardCharsets.UTF_8));
        }

        private String line(boolean first) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    if (first && sb.length() == 0) {
                        throw new NoResponse("connection closed before the status line");
                    }
                    throw new EOFException("connection closed in the headers");
                }
                if (c == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                if (sb.length() > 16_384) {
                    throw new IOException("header line too long");
                }
                sb.append((char) c);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    static final class Http {
        static Resp oneShot(int port, String method, String path, String body, int timeoutMs) throws IOException {
            try (Conn c = Conn.open(port, timeoutMs)) {
                return c.exchange(method, path, body, false);
            }
        }
    }

    /** The PID /api/v1/health reports, or -1 when nothing healthy answers. */
    static long healthPid(int port, int timeoutMs) {
        return healthPid(port, "", timeoutMs);
    }

    /** The same for an API mounted under {@code apiBase} (the plugin in a user's app). */
    static long healthPid(int port, String apiBase, int timeoutMs) {
        try {
            Resp r = Http.oneShot(port, "GET", apiBase + "/api/v1/health", null, timeoutMs);
            Matcher m = Restarter.PID.matcher(r.body());
            return r.status() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    // =================================================================================================================
    // Targets and the printed table
    // =================================================================================================================

    static final class Targets {
        static List<Map<String, Object>> evaluate(Opts o, Map<String, Object> phases, List<String> loadKeys) {
            List<Map<String, Object>> t = new ArrayList<>();
            String primary = loadKeys.contains("bg_migrate1") ? "bg_migrate1"
                    : loadKeys.stream().filter(k -> k.startsWith("bg_")).findFirst().orElse(null);
            String baseline = primary == null ? null : baselineOf(primary);
            Double noStandby = d(at(phases, primary == null ? null : primary.replace("bg_", "bgns_"), "latency",
                    "health_new_pid_ms", "median"));
            Double bgHealth = d(at(phases, primary, "latency", "health_new_pid_ms", "median"));
            Double ssHealth = d(at(phases, baseline, "latency", "health_new_pid_ms", "median"));
            Double bgHealthP95 = d(at(phases, primary, "latency", "health_new_pid_ms", "p95"));
            String cfg = primary == null ? "" : " (" + label(primary) + ")";
            t.add(target("restart_to_new_pid_healthy", "restart request -> new PID healthy, median" + cfg,
                    "<= 1000 ms (stretch 400 ms)", bgHealth, "ms", bgHealth == null ? null : bgHealth <= 1000,
                    bgHealth == null ? "not measured" : (bgHealth <= 400 ? "stretch met" : bgHealth <= 1000
                            ? "stretch missed by " + fmtMs(bgHealth - 400) : "missed by " + fmtMs(bgHealth - 1000))
                            + (bgHealthP95 == null ? "" : "; p95 " + fmtMs(bgHealthP95))
                            + (noStandby == null ? "" : "; without the standby server " + fmtMs(noStandby))));
            t.add(target("not_slower_than_stop_start", "blue-green no slower than stop-start (median new PID "
                    + "healthy)" + cfg, "blue-green <= stop-start", bgHealth, "ms",
                    bgHealth == null || ssHealth == null ? null : bgHealth <= ssHealth,
                    ssHealth == null ? "no baseline" : "classic stop-start " + fmtMs(ssHealth) + ", ratio "
                            + (bgHealth == null ? "-" : String.format(Locale.ROOT, "%.2f", bgHealth / ssHealth))
                            + (noStandby == null ? "" : String.format(Locale.ROOT, "; without the standby server "
                            + "%.2f", noStandby / ssHealth))));
            Double lost1 = d(at(phases, "bg_migrate1", "load", "lost_during_restarts"));
            Double lost1ns = d(at(phases, "bgns_migrate1", "load", "lost_during_restarts"));
            Double lost0 = d(at(phases, loadKeys.contains("bg_migrate0") ? "bg_migrate0" : primary, "load",
                    "lost_during_restarts"));
            Double done1 = d(at(phases, "bg_migrate1", "restarts_done"));
            t.add(target("requests_lost_migrate1", "requests lost during " + o.restarts + " blue-green restarts "
                    + "under load, tcp_migrate_req=1", "0", lost1, "requests", lost1 == null ? null : lost1 == 0,
                    (lost1 == null ? "not measured (needs root and a network namespace)"
                            : "over " + fmt0(done1) + " restarts") + "; with tcp_migrate_req=0: "
                            + (lost0 == null ? "not measured" : fmt0(lost0))
                            + (lost1ns == null ? "" : "; without the standby server: " + fmt0(lost1ns))));
            String zl = loadKeys.stream().filter(k -> k.startsWith("zl_")).findFirst().orElse(null);
            Double zlLost = d(at(phases, zl, "load", "lost_during_restarts"));
            Double zlDone = d(at(phases, zl, "restarts_ok"));
            Double zlConn = d(at(phases, zl, "load", "new_connections_per_s"));
            Double zlReq = d(at(phases, zl, "load", "rate_per_s"));
            t.add(target("requests_lost_no_retry", "requests lost by clients that never retry, "
                    + o.zeroLossRestarts + " blue-green restarts, tcp_migrate_req=" + (zl == null ? "-"
                    : zl.substring(zl.length() - 1)) + " (idle keep-alive, new connections, slow requests)", "0",
                    zlLost, "requests", zlLost == null ? null : zlLost == 0, zlLost == null ? "not measured"
                            : fmt0(zlDone) + " restarts ok; " + fmt0(zlReq) + " requests/s, " + fmt0(zlConn)
                            + " new connections/s"));
            Double cold = d(at(phases, "startup", "series", "start", "ms", "median"));
            t.add(target("cold_start_to_healthy", "cold start, `relaunch start` (supervisor included) -> healthy, "
                    + "median", "<= 1000 ms", cold, "ms", cold == null ? null : cold <= 1000,
                    cold == null ? "not measured" : cold <= 1000 ? "" : "missed by " + fmtMs(cold - 1000)
                            + " (" + String.format(Locale.ROOT, "%.2fx", cold / 1000) + ")"));
            Double child = d(at(phases, "startup", "idle_rss", "server_child_rss_mib", "median"));
            Double others = d(at(phases, "startup", "idle_rss", "other_processes_rss_mib", "median"));
            Double total = d(at(phases, "startup", "idle_rss", "total_rss_mib", "median"));
            t.add(target("idle_rss_server_child", "idle RSS of the server child, median", "<= 120 MB", child,
                    "MiB", child == null ? null : child * 1.048576 <= 120,
                    child == null ? "not measured" : fmt1(child * 1.048576) + " MB"
                            + (others == null || others == 0 ? "" : "; plus a standby server " + fmt1(others)
                            + " MiB, whole tree " + fmt1(total) + " MiB")));
            Double sup = d(at(phases, "startup", "idle_rss", "supervisor_rss_mib", "median"));
            t.add(target("idle_rss_supervisor", "idle RSS of the supervisor, median", "<= 48 MB", sup, "MiB",
                    sup == null ? null : sup * 1.048576 <= 48, sup == null ? "not measured"
                            : fmt1(sup * 1.048576) + " MB" + (sup * 1.048576 <= 48 ? ""
                            : ", over by " + fmt1(sup * 1.048576 - 48) + " MB")));
            Double growth = d(at(phases, "soak", "supervisor", "rss_growth_mib"));
            Double thr = d(at(phases, "soak", "supervisor", "threads_growth"));
            Double fds = d(at(phases, "soak", "supervisor", "fds_growth"));
            Double soakDone = d(at(phases, "soak", "restarts_done"));
            Double half = d(at(phases, "soak", "supervisor", "rss_growth_second_half_mib"));
            Boolean pass = growth == null ? null : growth <= 2.0 && thr <= 1 && fds <= 1;
            if (soakDone != null && soakDone < 120 && pass != null) {
                pass = null; // fewer restarts than the target asks for: reported, not judged
            }
            t.add(target("supervisor_no_growth", "supervisor growth over restarts 20-120 (RSS after a full GC at "
                    + "restart 20 vs the end; threads; fds)", "no growth (RSS <= +2 MiB, threads and fds <= +1)",
                    growth, "MiB", pass, growth == null ? "not measured" : "RSS " + signed(growth) + " MiB, threads "
                            + signed(thr) + ", fds " + signed(fds) + " over " + fmt0(soakDone) + " restarts"
                            + (half == null ? "" : "; RSS " + signed(half) + " MiB in the second half (no GC)")
                            + (soakDone != null && soakDone < 120 ? " (fewer than 120: not judged)" : "")));
            t.addAll(CliPhase.targets(phases));
            return t;
        }

        static Map<String, Object> target(String id, String what, String target, Double value, String unit,
                                                  Boolean pass, String note) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("what", what);
            m.put("target", target);
            m.put("value", value);
            m.put("unit", unit);
            m.put("pass", pass);
            m.put("note", note);
            return m;
        }
    }

    static String label(String key) {
        if (key == null) {
            return "";
        }
        return strategyLabel(key) + ", migrate=" + key.substring(key.length() - 1);
    }

    static String strategyLabel(String key) {
        return key.startsWith("bgns_") ? "bg, no standby" : key.startsWith("bg_") ? "blue-green"
                : key.startsWith("zl_") ? "zero-loss mix" : "stop-start";
    }

    /** The stop-start column with the same tcp_migrate_req. */
    static String baselineOf(String key) {
        return "ss_" + key.substring(key.indexOf('_') + 1);
    }

    static final class Report {
        static String table(Map<String, Object> res, List<String> loadKeys) {
            StringBuilder sb = new StringBuilder();
            Map<?, ?> machine = (Map<?, ?>) res.get("machine");
            Map<?, ?> phases = (Map<?, ?>) res.get("phases");
            Map<?, ?> method = (Map<?, ?>) res.get("method");
            sb.append("relaunch benchmark, ").append(res.get("date")).append(" (").append(res.get("duration_s"))
                    .append(" s)\n");
            sb.append("machine: ").append(machine.get("cores")).append(" cores (").append(machine.get("cpu_model"))
                    .append("), Linux ").append(machine.get("kernel")).append(", Java ")
                    .append(machine.get("java_version")).append(", host tcp_migrate_req=")
                    .append(machine.get("tcp_migrate_req_host")).append('\n');
            sb.append("other load: CPU busy before the run ").append(machine.get("cpu_busy_before_run_pct"))
                    .append(" %, load average ").append(machine.get("loadavg_start")).append(" -> ")
                    .append(machine.get("loadavg_end")).append('\n');
            Map<?, ?> load = (Map<?, ?>) method.get("load");
            sb.append("load: ").append(load.get("keepalive_fast_clients")).append(" keep-alive + ")
                    .append(load.get("new_connection_fast_clients")).append(" new-connection clients on GET "
                            + "/api/v1/health (").append(load.get("think_ms")).append(" ms pause), ")
                    .append(load.get("slow_clients")).append(" slow clients (").append(load.get("slow_ms"))
                    .append(" ms); ").append(Boolean.TRUE.equals(method.get("netns"))
                            ? "private network namespace per column" : "host network namespace ("
                            + method.get("netns_note") + ")").append("\n\n");

            if (!loadKeys.isEmpty()) {
                sb.append("RESTART UNDER LOAD (").append(method.get("restarts_per_config"))
                        .append(" restarts per column; ms from the restart request)\n");
                List<String> cols = loadKeys;
                row(sb, "", cols.stream().map(Bench::strategyLabel).toList());
                row(sb, "", cols.stream().map(k -> "migrate=" + k.substring(k.length() - 1)).toList());
                row(sb, "standby server", cols.stream().map(k -> {
                    Double n = d(at(phases, k, "other_processes_after_start"));
                    return n == null ? "-" : n > 0 ? "yes" : "no";
                }).toList());
                row(sb, "restarts ok", cols.stream().map(k -> fmt0(d(at(phases, k, "restarts_ok"))) + "/"
                        + fmt0(d(at(phases, k, "restarts_done")))).toList());
                latRow(sb, phases, cols, "new PID healthy     median", "health_new_pid_ms", "median");
                latRow(sb, phases, cols, "                    p95", "health_new_pid_ms", "p95");
                latRow(sb, phases, cols, "                    min-max", "health_new_pid_ms", null);
                latRow(sb, phases, cols, "restarted (op rec.) median", "restarted_ms", "median");
                latRow(sb, phases, cols, "                    p95", "restarted_ms", "p95");
                latRow(sb, phases, cols, "  new process spawned at median", "spawned_at_ms", "median");
                latRow(sb, phases, cols, "  spawn -> ready    median", "spawn_to_ready_ms", "median");
                latRow(sb, phases, cols, "  drain old         median", "drain_ms", "median");
                latRow(sb, phases, cols, "  no listener       median", "no_listener_window_ms", "median");
                row(sb, "requests sent (per s)", cols.stream().map(k -> fmt0(d(at(phases, k, "load", "requests")))
                        + " (" + fmt0(d(at(phases, k, "load", "rate_per_s"))) + ")").toList());
                row(sb, "new connections per s", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                        "new_connections_per_s")))).toList());
                row(sb, "REQUESTS LOST", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                        "lost_during_restarts")))).toList());
                row(sb, "  refused/reset/timeout/5xx/other", cols.stream().map(k -> Stream.of("refused", "reset",
                        "timeout", "5xx", "other").map(c -> fmt0(d(at(phases, k, "load", "lost_by_class", c))))
                        .collect(Collectors.joining("/"))).toList());
                row(sb, "  per restart  median / max", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                        "lost_per_restart", "median"))) + " / " + fmt0(d(at(phases, k, "load", "lost_per_restart",
                        "max")))).toList());
                row(sb, "  restarts with a loss", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                        "restarts_with_loss"))) + "/" + fmt0(d(at(phases, k, "restarts_done")))).toList());
                row(sb, "  error span ms  med / max", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                        "error_span_ms", "median"))) + " / " + fmt0(d(at(phases, k, "load", "error_span_ms", "max"))))
                        .toList());
                row(sb, "lost before 1st restart", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                        "lost_before_first_restart")))).toList());
                row(sb, "keep-alive found closed (not lost)", cols.stream().map(k -> fmt0(d(at(phases, k, "load",
                        "stale_keepalive_retries")))).toList());
                row(sb, "CPU busy during the phase", cols.stream().map(k -> fmt0(d(at(phases, k, "cpu_busy_pct")))
                        + " %").toList());
                for (String k : cols) {
                    Object err = at(phases, k, "error");
                    if (err != null) {
                        sb.append("  ").append(k).append(": ").append(err).append('\n');
                    }
                }
                latRow(sb, phases, cols, "settled before next  median", "settled_after_ms", "median");
                for (String k : cols.stream().filter(c -> c.startsWith("bg")).toList()) {
                    String ss = baselineOf(k);
                    Double a = d(at(phases, k, "latency", "health_new_pid_ms", "median"));
                    Double b = d(at(phases, ss, "latency", "health_new_pid_ms", "median"));
                    Double la = d(at(phases, k, "load", "lost_during_restarts"));
                    Double lb = d(at(phases, ss, "load", "lost_during_restarts"));
                    if (a != null && b != null) {
                        sb.append(String.format(Locale.ROOT, "ratio %s / stop-start (migrate=%s): new PID "
                                        + "healthy %.2fx (%s vs %s), requests lost %s vs %s%n", strategyLabel(k),
                                k.substring(k.length() - 1), a / b, fmtMs(a), fmtMs(b), fmt0(la), fmt0(lb)));
                    }
                }
                sb.append('\n');
            }

            Map<?, ?> st = (Map<?, ?>) phases.get("startup");
            if (st != null) {
                sb.append("START-UP, exec -> first healthy answer (").append(method.get("cold_starts"))
                        .append(" cold starts each, in a folder that was started once before; OS page cache warm)\n");
                sb.append(String.format(Locale.ROOT, "  %-44s %8s %8s %8s %8s%n", "", "median", "p95", "min", "max"));
                startRow(sb, st, "hello", "java Hello (floor)", "ms");
                startRow(sb, st, "serve", "server JVM alone (relaunch serve)", "ms");
                startRow(sb, st, "start", "relaunch start (supervisor + server)", "ms");
                startRow(sb, st, "start", "  of which: supervisor exec -> server forked", "server_forked_at_ms");
                startRow(sb, st, "start_detach", "relaunch start --detach: healthy", "ms");
                startRow(sb, st, "start_detach", "relaunch start --detach: CLI returned", "cli_returned_ms");
                Double firstMs = d(at(st, "first_start_in_fresh_folder", "healthy_ms"));
                if (firstMs != null) {
                    Double bg = d(at(st, "first_start_in_fresh_folder", "background_work_ms"));
                    sb.append(String.format(Locale.ROOT, "  %-44s %8s   (then background work for %s)%n",
                            "first start in a fresh folder (1, untimed)", fmtMs(firstMs),
                            bg == null ? "- (not waited for)" : bg < 0 ? "over " + fmtMs(-bg) : fmtMs(bg)));
                }
                if (st.get("error") != null) {
                    sb.append("  error: ").append(st.get("error")).append('\n');
                }
                sb.append(String.format(Locale.ROOT, "  idle RSS (MiB, median/max): server child %s/%s, supervisor "
                                + "%s/%s, other processes (%s: standby) %s, whole tree %s%n",
                        fmt1(d(at(st, "idle_rss", "server_child_rss_mib", "median"))),
                        fmt1(d(at(st, "idle_rss", "server_child_rss_mib", "max"))),
                        fmt1(d(at(st, "idle_rss", "supervisor_rss_mib", "median"))),
                        fmt1(d(at(st, "idle_rss", "supervisor_rss_mib", "max"))),
                        fmt0(d(at(st, "idle_rss", "other_processes"))),
                        fmt1(d(at(st, "idle_rss", "other_processes_rss_mib", "median"))),
                        fmt1(d(at(st, "idle_rss", "total_rss_mib", "median")))));
                sb.append(String.format(Locale.ROOT, "  idle PSS (shared pages split): server child %s MiB, "
                                + "supervisor %s MiB%n%n",
                        fmt1(d(at(st, "idle_rss", "server_child_pss_mib", "median"))),
                        fmt1(d(at(st, "idle_rss", "supervisor_pss_mib", "median")))));
            }

            sb.append(CliPhase.table(phases));
            sb.append(ExamplePhase.table(phases));
            Map<?, ?> soak = (Map<?, ?>) phases.get("soak");
            if (soak != null) {
                sb.append("SUPERVISOR OVER ").append(fmt0(d(soak.get("restarts_done"))))
                        .append(" RESTARTS (no load)\n");
                if (soak.get("error") != null) {
                    sb.append("  error: ").append(soak.get("error")).append('\n');
                } else {
                    sb.append(String.format(Locale.ROOT, "  RSS after full GC: %s MiB at restart %s -> %s MiB at "
                                    + "restart %s (%s MiB); threads %s -> %s; fds %s -> %s%n",
                            at(soak, "supervisor", "at_checkpoint_after_gc", "rss_mib"),
                            at(soak, "supervisor", "at_checkpoint_after_gc", "restart"),
                            at(soak, "supervisor", "at_end_after_gc", "rss_mib"),
                            at(soak, "supervisor", "at_end_after_gc", "restart"),
                            signed(d(at(soak, "supervisor", "rss_growth_mib"))),
                            at(soak, "supervisor", "at_checkpoint_after_gc", "threads"),
                            at(soak, "supervisor", "at_end_after_gc", "threads"),
                            at(soak, "supervisor", "at_checkpoint_after_gc", "fds"),
                            at(soak, "supervisor", "at_end_after_gc", "fds")));
                    if (at(soak, "supervisor", "rss_growth_second_half_mib") != null) {
                        sb.append(String.format(Locale.ROOT, "  RSS growth in the second half (restart %s -> end, "
                                        + "no GC): %s MiB%n", at(soak, "supervisor", "second_half_from_restart"),
                                signed(d(at(soak, "supervisor", "rss_growth_second_half_mib")))));
                    }
                    sb.append(String.format(Locale.ROOT, "  restart without load: new PID healthy median %s "
                                    + "(p95 %s), restarted median %s; %s/%s ok%n%n",
                            fmtMs(d(at(soak, "latency_without_load", "health_new_pid_ms", "median"))),
                            fmtMs(d(at(soak, "latency_without_load", "health_new_pid_ms", "p95"))),
                            fmtMs(d(at(soak, "latency_without_load", "restarted_ms", "median"))),
                            fmt0(d(soak.get("restarts_ok"))), fmt0(d(soak.get("restarts_done")))));
                }
            }

            sb.append("TARGETS\n");
            for (Object o : (List<?>) res.get("targets")) {
                Map<?, ?> t = (Map<?, ?>) o;
                Object pass = t.get("pass");
                String mark = pass == null ? "  -- " : Boolean.TRUE.equals(pass) ? "  ok " : "  MISS";
                Double v = d(t.get("value"));
                String val = v == null ? "-" : ("ms".equals(t.get("unit")) ? fmtMs(v)
                        : "MiB".equals(t.get("unit")) ? fmt1(v) + " MiB" : fmt0(v));
                sb.append(mark).append(' ').append(t.get("what")).append(": ").append(val).append("  [target ")
                        .append(t.get("target")).append("]");
                String note = String.valueOf(t.get("note"));
                if (!note.isEmpty() && !note.equals("null")) {
                    sb.append(" ").append(note);
                }
                sb.append('\n');
            }
            return sb.toString();
        }

        private static void row(StringBuilder sb, String label, List<String> cells) {
            sb.append(String.format(Locale.ROOT, "  %-34s", label));
            for (String c : cells) {
                sb.append(String.format(Locale.ROOT, " %16s", c));
            }
            sb.append('\n');
        }

        private static void latRow(StringBuilder sb, Map<?, ?> phases, List<String> cols, String label, String key,
                                   String stat) {
            List<String> cells = cols.stream().map(k -> {
                if (stat == null) {
                    Double a = d(at(phases, k, "latency", key, "min"));
                    Double b = d(at(phases, k, "latency", key, "max"));
                    return a == null ? "-" : fmt0(a) + "-" + fmt0(b);
                }
                Double v = d(at(phases, k, "latency", key, stat));
                return v == null ? "-" : fmt0(v);
            }).toList();
            if (cells.stream().allMatch(c -> c.equals("-"))) {
                return;
            }
            row(sb, label, cells);
        }

        private static void startRow(StringBuilder sb, Map<?, ?> st, String series, String label, String key) {
            Object s = at(st, "series", series, key);
            if (!(s instanceof Map<?, ?> m) || d(m.get("median")) == null) {
                return;
            }
            sb.append(String.format(Locale.ROOT, "  %-44s %8s %8s %8s %8s%n", label, fmtMs(d(m.get("median"))),
                    fmtMs(d(m.get("p95"))), fmtMs(d(m.get("min"))), fmtMs(d(m.get("max")))));
        }
    }

    // =================================================================================================================
    // Processes
    // =================================================================================================================

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SIGTERM, then SIGKILL (descendants too) when it has not exited within {@code graceMs}. */
    static void terminateHandle(ProcessHandle h, long graceMs) {
        if (!h.isAlive()) {
            return;
        }
        List<ProcessHandle> desc = h.descendants().toList();
        h.destroy();
        try {
            h.onExit().get(graceMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            desc.forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
    }

    static void killTree(Process p, long graceMs) {
        List<ProcessHandle> desc = p.descendants().toList();
        desc.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            p.onExit().get(graceMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // forced below
        }
        desc.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /**
     * Every process whose command line names this folder: only processes the bench started. Never this process or
     * one of its ancestors (a phase runs under `unshare`, whose command line names the folder too).
     */
    static List<ProcessHandle> strays(Path dir) {
        String marker = dir.toString();
        Set<Long> mine = new java.util.HashSet<>();
        for (Optional<ProcessHandle> h = Optional.of(ProcessHandle.current()); h.isPresent();
             h = h.get().parent()) {
            mine.add(h.get().pid());
        }
        return ProcessHandle.allProcesses().filter(p -> !mine.contains(p.pid()))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Waits until the processes from this folder other than {@code exclude} (the supervisor and the serving server)
     * are CPU-quiet: none appeared and together they used at most 30 ms of CPU per 500 ms, for 1.5 s. That is the
     * background work a start or restart leaves (a warming standby server, a class-data training run), done. Returns
     * the ms it took, negated when it was still busy at {@code maxMs}; 0 when not waited for.
     */
    static long settle(Path dir, Set<Long> exclude, long maxMs) {
        if (maxMs <= 0) {
            return 0;
        }
        long t0 = System.currentTimeMillis();
        Map<Long, Long> last = null;
        long lastAt = t0;
        long quietSince = -1;
        while (System.currentTimeMillis() - t0 < maxMs) {
            Map<Long, Long> ticks = new java.util.HashMap<>();
            for (ProcessHandle p : strays(dir)) {
                if (!exclude.contains(p.pid())) {
                    ticks.put(p.pid(), cpuTicks(p.pid()));
                }
            }
            long now = System.currentTimeMillis();
            if (last != null) {
                boolean busy = false;
                long delta = 0;
                for (Map.Entry<Long, Long> e : ticks.entrySet()) {
                    Long before = last.get(e.getKey());
                    if (before == null) {
                        busy = true;
                    } else {
                        delta += e.getValue() - before;
                    }
                }
                if (busy || delta > 3) {
                    quietSince = -1;
                } else if (quietSince < 0) {
                    quietSince = lastAt;
                } else if (now - quietSince >= 1500) {
                    return quietSince - t0;
                }
            }
            last = ticks;
            lastAt = now;
            sleep(500);
        }
        return -(System.currentTimeMillis() - t0);
    }

    /** When a process started, in clock ticks since boot (10 ms on Linux x86-64), -1 when it is gone. */
    static long startTicks(long pid) {
        try {
            String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(st.substring(st.lastIndexOf(')') + 2).split(" ")[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a process in clock ticks (usually 10 ms), 0 when it is gone. */
    static long cpuTicks(long pid) {
        try {
            String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void killStrays(Path dir, long graceMs) {
        List<ProcessHandle> s = strays(dir);
        if (s.isEmpty()) {
            return;
        }
        s.forEach(ProcessHandle::destroy);
        long until = System.currentTimeMillis() + graceMs;
        while (System.currentTimeMillis() < until && s.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(100);
        }
        s.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static List<String> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            List<String> l = new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\0")));
            l.removeIf(String::isEmpty);
            return l;
        } catch (IOException e) {
            return null;
        }
    }

    static Optional<String> procStatus(long pid, String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(key + ":")) {
                    return Optional.of(l.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Optional.empty();
    }

    static double rssMiB(long pid) {
        return procStatus(pid, "VmRSS").map(v -> Long.parseLong(v.replace("kB", "").trim()) / 1024.0)
                .map(Bench::round1).orElse(-1.0);
    }

    /** Proportional set size: RSS with shared pages (libjvm, the JDK's class archive) split among their users. */
    static double pssMiB(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (l.startsWith("Pss:")) {
                    return round1(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no smaps_rollup (Linux < 4.14)
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    static boolean isRoot() {
        return procStatus(ProcessHandle.current().pid(), "Uid").map(v -> v.split("\\s+")[1].equals("0"))
                .orElse(false);
    }

    static Optional<Path> which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    // =================================================================================================================
    // Machine information
    // =================================================================================================================

    static Map<String, Object> machineInfo(Opts o, String migrate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", cpuModel());
        m.put("mem_total_mib", memTotalMiB());
        m.put("kernel", readTrim(Path.of("/proc/sys/kernel/osrelease")));
        m.put("os", osName());
        m.put("java_version", System.getProperty("java.runtime.version"));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("java_home", System.getProperty("java.home"));
        m.put("tcp_migrate_req_host", migrate);
        m.put("loadavg_start", loadavg());
        long[] a = cpuTimes();
        sleep(3000);
        m.put("cpu_busy_before_run_pct", cpuBusyPct(a, cpuTimes()));
        m.put("git_commit", gitCommit(o.root));
        return m;
    }

    static String readMigrate() {
        return Files.exists(MIGRATE) ? readTrim(MIGRATE) : "unavailable";
    }

    static String readTrim(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static long memTotalMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    static String osName() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse(System.getProperty("os.name"));
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
    }

    static String gitCommit(Path root) {
        try {
            Path git = root.resolve(".git");
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (!head.startsWith("ref: ")) {
                return head;
            }
            String ref = head.substring(5);
            Path f = git.resolve(ref);
            if (Files.exists(f)) {
                return Files.readString(f).trim();
            }
            Path packed = git.resolve("packed-refs");
            if (Files.exists(packed)) {
                return Files.readAllLines(packed).stream().filter(l -> l.endsWith(" " + ref))
                        .map(l -> l.substring(0, l.indexOf(' '))).findFirst().orElse(null);
            }
        } catch (IOException | RuntimeException e) {
            // not a git checkout
        }
        return null;
    }

    static String jarStamp(Path jar) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buf = new byte[65536];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return Files.getLastModifiedTime(jar).toInstant() + " sha256:"
                    + HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String loadavg() {
        String s = readTrim(Path.of("/proc/loadavg"));
        String[] p = s.split("\\s+");
        return p.length >= 3 ? p[0] + " " + p[1] + " " + p[2] : s;
    }

    static long[] cpuTimes() {
        try {
            String l = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] p = l.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < p.length && i <= 8; i++) {
                long v = Long.parseLong(p[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {total, idle};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    static double cpuBusyPct(long[] a, long[] b) {
        long total = b[0] - a[0];
        long idle = b[1] - a[1];
        return total <= 0 ? -1 : round1(100.0 * (total - idle) / total);
    }

    // =================================================================================================================
    // Statistics and formatting
    // =================================================================================================================

    static Map<String, Object> stats(List<Double> xs) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Double> s = xs.stream().filter(v -> v != null && !v.isNaN()).sorted().toList();
        m.put("n", s.size());
        if (s.isEmpty()) {
            return m;
        }
        m.put("median", round1(median(s)));
        m.put("p95", round1(s.get(Math.max(0, (int) Math.ceil(0.95 * s.size()) - 1))));
        m.put("min", round1(s.get(0)));
        m.put("max", round1(s.get(s.size() - 1)));
        m.put("mean", round1(s.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return m;
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double round1(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? v
                : BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    static String fmtMs(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    static String fmt0(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt1(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String signed(Double v) {
        return v == null ? "-" : (v >= 0 ? "+" : "") + (v == Math.rint(v) ? fmt0(v) : fmt1(v));
    }

    static String truncate(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n) + "...";
    }

    static Number num(Object o) {
        if (o instanceof Number n) {
            return n;
        }
        return Double.parseDouble(String.valueOf(o));
    }

    static Double d(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }

    /** Navigates nested maps; null when any step is missing. */
    static Object at(Object root, String... path) {
        Object cur = root;
        for (String p : path) {
            if (p == null || !(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }

    static String tail(Path file, int lines) {
        try {
            List<String> l = Files.readAllLines(file);
            return String.join(" | ", l.subList(Math.max(0, l.size() - lines), l.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    // =================================================================================================================
    // Minimal JSON (the bench uses the JDK only)
    // =================================================================================================================

    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            j.ws();
            Object v = j.value();
            j.ws();
            if (j.i != j.s.length()) {
                throw new IllegalArgumentException("trailing characters at " + j.i);
            }
            return v;
        }

        private Object value() {
            ws();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (peek('}')) {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (peek(',')) {
                            i++;
                            continue;
                        }
                        expect('}');
                        return m;
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (peek(']')) {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (peek(',')) {
                            i++;
                            continue;
                        }
                        expect(']');
                        return l;
                    }
                }
                case '"' -> {
                    return string();
                }
                case 't' -> {
                    word("true");
                    return Boolean.TRUE;
                }
                case 'f' -> {
                    word("false");
                    return Boolean.FALSE;
                }
                case 'n' -> {
                    word("null");
                    return null;
                }
                default -> {
                    int st = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    String n = s.substring(st, i);
                    if (n.isEmpty()) {
                        throw new IllegalArgumentException("unexpected '" + c + "' at " + st);
                    }
                    if (n.matches("-?\\d{1,18}")) {
                        return Long.parseLong(n);
                    }
                    return Double.parseDouble(n);
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private void word(String w) {
            if (!s.startsWith(w, i)) {
                throw new IllegalArgumentException("expected " + w + " at " + i);
            }
            i += w.length();
        }

        private boolean peek(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        static String write(Object v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v, 0);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object v, int ind) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String str) {
                quote(sb, str);
            } else if (v instanceof Double dv) {
                if (dv.isNaN() || dv.isInfinite()) {
                    sb.append("null");
                } else if (dv == Math.rint(dv) && Math.abs(dv) < 1e15) {
                    sb.append(dv.longValue());
                } else {
                    sb.append(BigDecimal.valueOf(dv).stripTrailingZeros().toPlainString());
                }
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                boolean flat = m.size() <= 8 && m.values().stream().allMatch(x -> x == null || x instanceof Number
                        || x instanceof Boolean || (x instanceof String str && str.length() < 40));
                sb.append('{');
                int k = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(k++ == 0 ? "" : ",");
                    if (flat) {
                        sb.append(k == 1 ? "" : " ");
                    } else {
                        nl(sb, ind + 1);
                    }
                    quote(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), ind + 1);
                }
                if (!flat) {
                    nl(sb, ind);
                }
                sb.append('}');
            } else if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                boolean flat = l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean);
                sb.append('[');
                int k = 0;
                for (Object x : l) {
                    sb.append(k++ == 0 ? "" : flat ? ", " : ",");
                    if (!flat) {
                        nl(sb, ind + 1);
                    }
                    write(sb, x, ind + 1);
                }
                if (!flat) {
                    nl(sb, ind);
                }
                sb.append(']');
            } else {
                quote(sb, String.valueOf(v));
            }
        }

        private static void nl(StringBuilder sb, int ind) {
            sb.append('\n').append("  ".repeat(ind));
        }

        private static void quote(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
