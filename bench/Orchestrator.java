package bench;

import dev.relaunch.config.RestartStrategyName;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static bench.Cli.cleanEnv;
import static bench.Cli.cliArchive;
import static bench.Cli.cliCommand;
import static bench.Cli.cliFlags;
import static bench.Cli.serverArchiveDir;
import static bench.Json.num;
import static bench.Machine.MIGRATE;
import static bench.Machine.jarStamp;
import static bench.Machine.loadavg;
import static bench.Machine.machineInfo;
import static bench.Machine.readMigrate;
import static bench.Procs.isRoot;
import static bench.Procs.javaBin;
import static bench.Procs.killStrays;
import static bench.Procs.killTree;
import static bench.Procs.which;
import static bench.RawHttp.IO_TIMEOUT_MS;
import static bench.Report.say;
import static bench.Restarter.RESTART_TIMEOUT_MS;
import static bench.Stats.fmtMs;
import static bench.Stats.ms;
import static bench.Stats.round1;

/** Plans the phases, runs each in its own JVM (in a network namespace where it can), merges, prints. */
final class Orchestrator {
    // read when the run starts: this JVM runs from target/'s jar, which a rebuild may rewrite during the run
    private static final String BLUE_GREEN = RestartStrategyName.BLUE_GREEN.label();
    private static final String STOP_START = RestartStrategyName.STOP_START.label();
    /** The bench's own JVMs (orchestrator and phases): small, so they take little CPU from what is measured. */
    static final List<String> BENCH_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1");

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
        // 1d. the dev loop: a class rewritten and compiled, until the new code answers; beside DevTools
        if (o.devLoop > 0) {
            phases.put("dev_loop", o.nearDeadline(120_000)
                    ? Map.of("ok", false, "error", "skipped: time limit reached")
                    : runPhase(classes, "dev_loop", "dev-loop", List.of(), null,
                            Math.max(600_000L, (o.devLoop + DevLoopPhase.WARMUP_CHANGES) * 4 * 60_000L)));
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
                columns.add(new String[] {"bg", BLUE_GREEN, "default"});
                if (firstMigrate && !o.smoke) {
                    columns.add(new String[] {"bgns", BLUE_GREEN, "off"});
                }
                columns.add(new String[] {"ss", STOP_START, "off"});
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
                    : runPhase(classes, key, "load", List.of("--strategy", BLUE_GREEN, "--standby", "default",
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
            int i = l.indexOf(Bench.class.getName());
            if (i < 0) {
                i = l.indexOf(o.root.resolve("bench/Bench.java").toString());
            }
            return i < 0 ? List.<String>of() : l.subList(i + 1, l.size()).stream()
                    .filter(s -> !s.equals("--root") && !s.equals(o.root.toString())).toList();
        }).orElse(List.of());
    }

    /**
     * The compiled classes a phase JVM runs (with the jar): the class path of this JVM, or the package under bench/
     * compiled.
     */
    private Path ensureClasses() throws IOException {
        try {
            var src = Bench.class.getProtectionDomain().getCodeSource();
            if (src != null && src.getLocation() != null) {
                Path p = Path.of(src.getLocation().toURI());
                if (Files.isRegularFile(p.resolve("bench/Bench.class"))) {
                    return p;
                }
            }
        } catch (Exception e) {
            // source-file mode: compile below
        }
        Path out = o.work.resolve("classes");
        // package bench lives in bench/: the repository's root is its source path, where javac finds every file;
        // the product's constants come from the jar
        compile(out, "-cp", o.jar.toString(), "-sourcepath", o.root.toString(),
                o.root.resolve("bench/Bench.java").toString());
        return out;
    }

    private Path compileHello() throws IOException {
        Path out = o.work.resolve("hello");
        Path src = o.root.resolve("bench/Hello.java");
        Path cls = out.resolve("Hello.class");
        if (!Files.exists(cls) || Files.getLastModifiedTime(src).compareTo(Files.getLastModifiedTime(cls)) > 0) {
            compile(out, src.toString());
        }
        return out;
    }

    private static void compile(Path out, String... args) throws IOException {
        Files.createDirectories(out);
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("no Java compiler in this runtime (a JDK is needed, not a JRE)");
        }
        List<String> a = new ArrayList<>(List.of("-d", out.toString(), "--release", "17"));
        a.addAll(List.of(args));
        if (javac.run(null, null, null, a.toArray(String[]::new)) != 0) {
            throw new IOException("cannot compile " + a.get(a.size() - 1));
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
            cmd.addAll(List.of("-cp", classes + File.pathSeparator + o.jar, Bench.class.getName(), "--phase", phase,
                    "--name", key, "--dir", dir.toString(), "--out", out.toString()));
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

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
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
}
