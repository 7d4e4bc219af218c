package bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static bench.Report.say;
import static bench.Stats.ms;
import static bench.Stats.round1;

/**
 * Phase "dev-loop": a developer's loop on the Spring Boot example (Tomcat) and the Javalin example, each run from its
 * exploded class path ({@code java -cp target/classes:<jars> Main}). One class is rewritten (its hello route gains a
 * {@code build} field), compiled with {@code javac}, and its class file moved into the class folder; the interval is
 * from that move to the first answer of the route with the new value, polled every 10 ms on new connections. Load
 * during every column: 4 keep-alive and 2 new-connection clients on the app's own route, never retrying; a request
 * that fails counts against the change in whose window it started. Columns, in one run: relaunch under
 * {@code relaunch start --watch} (the watcher sees the class and restarts after its quiet period), relaunch with fast
 * start off, DevTools (its defaults: it polls the class folder every 1 s, waits 400 ms of quiet, restarts in the
 * same JVM), and relaunch on the Javalin example. Beside them, the same two apps under {@code mvn relaunch:run}, run
 * from a copy of the example: there the interval starts when the {@code .java} file is saved (the plugin sees it,
 * compiles with Maven, and the supervisor restarts). The first changes of each column are a warm-up (for relaunch: the
 * first run writes the class-data archive as it exits), reported apart.
 */
final class DevLoopPhase {
    static final int WARMUP_CHANGES = 2;
    private static final long NEW_CODE_TIMEOUT_MS = 90_000;
    private static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");
    /** The first start under {@code mvn relaunch:run} compiles the copy and resolves its plugins. */
    private static final long MAVEN_START_TIMEOUT_MS = 300_000;
    /** What is never copied from an example: build output, relaunch's runtime files, a developer's .env. */
    private static final Set<String> NOT_COPIED = Set.of("target", "instance", ".env", ".env.bak");

    /**
     * One example app as the bench runs it: its classes, its dependency jars, the source it rewrites; for
     * {@code mvn relaunch:run}, the example's folder ({@code project}) and the module in it that is run
     * ({@code module}, relative).
     */
    record App(String name, Path classes, Path classPathFile, Path source, String mainClass, Path project,
               String module) {
        static App spring(Path root) {
            Path project = root.resolve("examples/spring-boot-notes");
            return new App("spring-boot-notes (Tomcat)", project.resolve("tomcat/target/classes"),
                    project.resolve("tomcat/target/runtime.classpath"),
                    project.resolve("src/main/java/dev/relaunch/examples/springnotes/NotesController.java"),
                    "dev.relaunch.examples.springnotes.NotesApplication", project, "tomcat");
        }

        static App javalin(Path root) {
            Path project = root.resolve("examples/javalin-notes");
            return new App("javalin-notes", project.resolve("target/classes"),
                    project.resolve("target/runtime.classpath"),
                    project.resolve("src/main/java/dev/relaunch/examples/notes/NotesApp.java"),
                    "dev.relaunch.examples.notes.NotesApp", project, ".");
        }

        /** The dependency jars, as Maven listed them (bench/run.sh writes the file). */
        List<String> jars() throws IOException {
            if (!Files.isRegularFile(classPathFile)) {
                throw new IOException(classPathFile + " is missing: bench/run.sh writes it with `mvn dependency:"
                        + "build-classpath` when --dev-loop is on");
            }
            return List.of(Files.readString(classPathFile).trim().split(File.pathSeparator));
        }
    }

    /** A column's workspace: a copy of the app's classes and its source, changed and compiled change by change. */
    private record Workspace(App app, Path dir, Path classes, String classPath, String java) {
        static Workspace of(App app, Path dir, List<String> extraJars, String java) throws IOException {
            Path classes = dir.resolve("classes");
            copyTree(app.classes(), classes);
            List<String> cp = new ArrayList<>();
            cp.add(classes.toString());
            // copies: a build of relaunch's own jars during the run would otherwise change them (a new archive)
            Path lib = Files.createDirectories(dir.resolve("lib"));
            List<String> jars = new ArrayList<>(app.jars());
            jars.addAll(extraJars);
            for (int i = 0; i < jars.size(); i++) {
                Path jar = Path.of(jars.get(i));
                Path copy = lib.resolve(i + "-" + jar.getFileName());
                Files.copy(jar, copy, StandardCopyOption.COPY_ATTRIBUTES);
                cp.add(copy.toString());
            }
            return new Workspace(app, dir, classes, String.join(File.pathSeparator, cp), java);
        }

        List<String> command(String mainClass) {
            return List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath, mainClass);
        }

        /**
         * Rewrites the source for change {@code n}, compiles it, and moves its class files into the class folder.
         * Returns the compile time (ms); the class is written when this returns.
         */
        Double change(int n) throws IOException {
            Path srcDir = Files.createDirectories(dir.resolve("src-" + n));
            Path file = srcDir.resolve(app.source().getFileName());
            Files.writeString(file, rewrite(app.source(), n));
            Path out = Files.createDirectories(dir.resolve("out-" + n));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            long t = System.nanoTime();
            int rc = javac.run(null, null, null, "-nowarn", "-proc:none", "--release", "17", "-cp", classPath,
                    "-d", out.toString(), file.toString());
            double compileMs = ms(System.nanoTime() - t);
            if (rc != 0) {
                throw new IOException("javac failed for change " + n + " (" + rc + ")");
            }
            List<Path> written;
            try (Stream<Path> s = Files.walk(out)) {
                written = s.filter(p -> p.toString().endsWith(".class")).toList();
            }
            for (Path c : written) {
                Path target = classes.resolve(out.relativize(c).toString());
                Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                Files.copy(c, tmp, StandardCopyOption.REPLACE_EXISTING);
                // one rename per class file, as a build tool writes it: a watcher sees a complete file
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return compileMs;
        }
    }

    private DevLoopPhase() {}

    static String build(int n) {
        return "dev-loop-" + n;
    }

    /** The source with change {@code n}: its hello route answers a {@code build} field. */
    private static String rewrite(Path source, int n) throws IOException {
        String src = Files.readString(source);
        String marker = "Map.of(\"greeting\", greeting,";
        if (!src.contains(marker)) {
            throw new IOException(source + " no longer contains " + marker + " (the route the bench changes)");
        }
        return src.replace(marker, "Map.of(\"build\", \"" + build(n) + "\", \"greeting\", greeting,");
    }

    static void run(Opts o, Map<String, Object> res, Cleanup cl) throws Exception {
        App spring = App.spring(o.root);
        App javalin = App.javalin(o.root);
        o.slowClients = 0; // the examples have no slow route: the load is 4 keep-alive + 2 new-connection clients
        res.put("changes", o.devLoop);
        res.put("warmup_changes", WARMUP_CHANGES);
        Map<String, Object> cols = new LinkedHashMap<>();
        res.put("columns", cols);
        String java = Procs.javaBin();
        if (o.devLoopColumn("relaunch_spring")) {
            cols.put("relaunch_spring", relaunch(o, spring, java, true, List.of(), "relaunch_spring", cl));
        }
        if (o.devLoopColumn("devtools_spring")) {
            cols.put("devtools_spring", devtools(o, spring, cl));
        }
        if (o.devLoopColumn("relaunch_spring_no_fast_start")) {
            cols.put("relaunch_spring_no_fast_start", relaunch(o, spring, java, false, List.of(),
                    "relaunch_spring_no_fast_start", cl));
        }
        if (o.devLoopColumn("relaunch_javalin")) {
            cols.put("relaunch_javalin", relaunch(o, javalin, java, true, List.of(), "relaunch_javalin", cl));
        }
        if (o.devLoopColumn("relaunch_javalin_quiet100")) {
            // the watcher's quiet period is part of the interval: the same with a shorter one
            cols.put("relaunch_javalin_quiet100", relaunch(o, javalin, java, true,
                    List.of("--watch-quiet-ms", "100"), "relaunch_javalin_quiet100", cl));
        }
        if (o.devLoopColumn("mvn_run_spring")) {
            cols.put("mvn_run_spring", mavenRun(o, spring, "mvn_run_spring", cl));
        }
        if (o.devLoopColumn("mvn_run_javalin")) {
            cols.put("mvn_run_javalin", mavenRun(o, javalin, "mvn_run_javalin", cl));
        }
        if (o.java25 != null && o.devLoopColumn("relaunch_spring_java25")) {
            cols.put("relaunch_spring_java25", relaunch(o, spring, o.java25.toString(), true, List.of(),
                    "relaunch_spring_java25", cl));
        }
    }

    private static Map<String, Object> relaunch(Opts o, App app, String java, boolean fastStart,
                                                List<String> watchOptions, String key, Cleanup cl) throws IOException {
        Map<String, Object> col = new LinkedHashMap<>();
        col.put("app", app.name());
        col.put("fast_start", fastStart);
        Path dir = o.dir.resolve(key);
        Workspace ws = Workspace.of(app, dir, List.of(), java);
        Map<String, String> env = Instance.baseEnv(0, Instance.BLUE_GREEN, "default");
        if (!fastStart) {
            env.put("RELAUNCH_FAST_START", "false");
        }
        Instance inst = new Instance(o, dir, env);
        inst.apiBase = ExamplePhase.API_BASE;
        inst.appCommand = ws.command(app.mainClass());
        List<String> start = new ArrayList<>(List.of("--watch"));
        start.addAll(watchOptions);
        inst.startOptions = start;
        cl.add(inst);
        col.put("command", "relaunch start " + String.join(" ", start) + " -- " + String.join(" ", inst.appCommand));
        col.put("trigger", "relaunch start " + String.join(" ", start)
                + (watchOptions.isEmpty() ? " (its default quiet period)" : ""));
        try {
            inst.start();
            col.put("start_detach_returned_ms", round1(inst.startCliMs));
            loop(o, col, ws::change, inst.port, inst.opsDir(), () -> null, ignored -> {
                awaitRestartsEnded(inst.opsDir());
                Procs.settle(dir, Set.of(inst.supPid, servingPid(inst.port)), o.settleMaxMs);
            });
            col.put("rss_mib_after", Map.of("app", round1(Procs.rssMiB(servingPid(inst.port))),
                    "supervisor", round1(Procs.rssMiB(inst.supPid))));
        } finally {
            inst.stop();
        }
        say(String.format(Locale.ROOT, "  [dev-loop] %s%s: class written -> new code answering, median %s ms",
                key, fastStart ? "" : " (fast start off)", Json.at(col, "new_code_ms", "median")));
        return col;
    }

    private static Map<String, Object> devtools(Opts o, App app, Cleanup cl) throws Exception {
        Map<String, Object> col = new LinkedHashMap<>();
        col.put("app", app.name());
        if (o.devtoolsJar == null || !Files.isRegularFile(o.devtoolsJar)) {
            col.put("error", "no --devtools-jar (bench/run.sh fetches spring-boot-devtools with Maven)");
            return col;
        }
        Path dir = o.dir.resolve("devtools_spring");
        Workspace ws = Workspace.of(app, dir, List.of(o.devtoolsJar.toString()), Procs.javaBin());
        int port = Procs.freePort();
        ProcessBuilder pb = new ProcessBuilder(ws.command(app.mainClass())).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        Cli.cleanEnv(pb.environment());
        pb.environment().put("HOST", RawHttp.HOST);
        pb.environment().put("PORT", "" + port);
        pb.environment().put("APP_ENV", "testing");
        col.put("command", String.join(" ", pb.command()));
        Process p = pb.start();
        cl.track(p.pid());
        try {
            col.put("start_ms", round1(awaitServing(p, port, NEW_CODE_TIMEOUT_MS,
                    "the DevTools app did not start; see " + dir.resolve("app.log"))));
            loop(o, col, ws::change, port, null, () -> null, ignored -> Procs.sleep(1000));
            col.put("rss_mib_after", Map.of("app", round1(Procs.rssMiB(p.pid()))));
        } finally {
            Procs.killTree(p, 10_000);
        }
        say(String.format(Locale.ROOT, "  [dev-loop] devtools_spring: class written -> new code answering, median %s"
                + " ms", Json.at(col, "new_code_ms", "median")));
        return col;
    }

    /**
     * {@code mvn relaunch:run} in a copy of the example (the repository's sources are never changed), against the
     * local repository bench/run.sh filled with relaunch's plugin and libraries (every other repository mirrored to
     * the user's own, read as a file:// repository: no network, nothing installed into it). Each change saves the
     * rewritten {@code .java} in the copy; the plugin compiles it and the supervisor restarts the app.
     */
    private static Map<String, Object> mavenRun(Opts o, App app, String key, Cleanup cl) throws Exception {
        Map<String, Object> col = new LinkedHashMap<>();
        col.put("app", app.name());
        Optional<Path> mvn = Procs.which("mvn");
        if (o.mavenRepo == null || mvn.isEmpty()) {
            col.put("error", o.mavenRepo == null ? "no --maven-repo (bench/run.sh installs relaunch-maven-plugin into "
                    + "bench/work/m2)" : "no mvn on the PATH");
            return col;
        }
        Path dir = o.dir.resolve(key);
        Path project = dir.resolve("project");
        copyTree(app.project(), project, p -> !NOT_COPIED.contains(p.getFileName().toString()));
        Path module = project.resolve(app.module()).normalize();
        Path source = project.resolve(app.project().relativize(app.source()).toString());
        int port = Procs.freePort();
        Instance.writeEnv(module, Instance.baseEnv(port, Instance.BLUE_GREEN, "default"));
        Path settings = dir.resolve("settings.xml");
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Files.writeString(settings, "<settings><mirrors><mirror><id>user-local-repository</id><mirrorOf>*</mirrorOf>"
                + "<url>" + userRepo.toUri() + "</url></mirror></mirrors></settings>\n");
        ProcessBuilder pb = new ProcessBuilder(mvn.get().toString(), "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + o.mavenRepo, "-Drelaunch.jvmArguments=-XX:TieredStopAtLevel=1", "relaunch:run")
                .directory(module.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile());
        Cli.cleanEnv(pb.environment());
        col.put("command", "mvn relaunch:run (in " + dir.relativize(module) + ", -Drelaunch.jvmArguments="
                + "-XX:TieredStopAtLevel=1)");
        col.put("trigger", "the rewritten .java saved; the plugin compiles, the supervisor restarts");
        Process p = pb.start();
        cl.track(p.pid());
        try {
            col.put("start_ms", round1(awaitServing(p, port, MAVEN_START_TIMEOUT_MS,
                    "mvn relaunch:run did not start the app; see " + dir.resolve("mvn.log"))));
            p.descendants().forEach(h -> cl.track(h.pid()));
            Path ops = module.resolve("instance/restart_ops");
            loop(o, col, n -> {
                Files.writeString(source, rewrite(app.source(), n)); // as an editor saves it
                return null; // Maven compiles: inside the interval
            }, port, ops, () -> null, ignored -> {
                awaitRestartsEnded(ops);
                Procs.settle(dir, Set.of(p.pid(), servingPid(port)), o.settleMaxMs);
            });
            col.put("rss_mib_after", Map.of("app", round1(Procs.rssMiB(servingPid(port)))));
        } finally {
            stopMaven(p, dir);
        }
        say(String.format(Locale.ROOT, "  [dev-loop] %s: saved .java -> new code answering, median %s ms", key,
                Json.at(col, "new_code_ms", "median")));
        return col;
    }

    /** Waits until the app answers on {@code port}; returns the time it took (ms), or fails with {@code failure}. */
    private static double awaitServing(Process p, int port, long timeoutMs, String failure) throws IOException {
        long t = System.nanoTime();
        while (servingPid(port) < 0) {
            if (!p.isAlive() || ms(System.nanoTime() - t) > timeoutMs) {
                throw new IOException(failure);
            }
            Procs.sleep(20);
        }
        return ms(System.nanoTime() - t);
    }

    /**
     * SIGTERM, which runs the plugin's shutdown hook as Ctrl-C does (a SIGINT would be ignored when the bench runs in
     * the background); what is left after a minute is killed.
     */
    private static void stopMaven(Process p, Path dir) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            Procs.killTree(p, 10_000);
        }
        Procs.killStrays(dir, 10_000);
    }

    interface Change {
        /** Makes change {@code n}; returns the compile time (ms) when the bench compiled, else null. */
        Double make(int n) throws IOException;
    }

    interface Trigger {
        /** Called the moment the class is written; returns what {@link After} needs (relaunch: the op id). */
        String fire() throws IOException;
    }

    interface After {
        /** Waits until the change is done with (the restart's final status), before the next change. */
        void after(String fired) throws IOException;
    }

    /**
     * The changes of one column under load: warm-up first, then the measured ones. {@code opsDir}: the supervisor's
     * op records, each failed request's restart (null without relaunch).
     */
    private static void loop(Opts o, Map<String, Object> col, Change change, int port, Path opsDir, Trigger trigger,
                             After after) throws IOException {
        LoadGen load = new LoadGen(o, port, "/api/hello");
        load.start();
        Procs.sleep(o.warmupMs);
        List<Map<String, Object>> changes = new ArrayList<>();
        List<Long> windows = new ArrayList<>();
        try {
            for (int n = 1; n <= WARMUP_CHANGES + o.devLoop && !o.nearDeadline(60_000); n++) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("index", n);
                c.put("warmup", n <= WARMUP_CHANGES);
                Double compileMs = change.make(n);
                c.put("compile_ms", compileMs == null ? null : round1(compileMs));
                long t0 = System.nanoTime();
                windows.add(t0);
                String fired = trigger.fire();
                long t1 = awaitNewCode(port, build(n), t0);
                c.put("new_code_ms", t1 < 0 ? null : round1(ms(t1 - t0)));
                after.after(fired);
                changes.add(c);
                Procs.sleep(o.gapMs);
            }
        } finally {
            Procs.sleep(1000);
            load.stop();
        }
        long end = System.nanoTime();
        for (int i = 0; i < changes.size(); i++) {
            Map<String, Object> w = load.window(windows.get(i), i + 1 < windows.size() ? windows.get(i + 1) : end);
            changes.get(i).put("failed_requests", w.get("lost"));
            changes.get(i).put("failed_by_class", w.get("lost_by_class"));
        }
        List<Map<String, Object>> measured = changes.stream().filter(c -> !Boolean.TRUE.equals(c.get("warmup")))
                .toList();
        col.put("new_code_ms", Stats.stats(values(measured, "new_code_ms")));
        col.put("warmup_new_code_ms", values(changes.stream().filter(c -> Boolean.TRUE.equals(c.get("warmup")))
                .toList(), "new_code_ms"));
        col.put("compile_ms", Stats.stats(values(changes, "compile_ms")));
        col.put("failed_requests", measured.stream().mapToLong(c -> ((Number) c.get("failed_requests")).longValue())
                .sum());
        col.put("failed_requests_per_change", values(measured, "failed_requests"));
        col.put("failed_requests_warmup", changes.stream().filter(c -> Boolean.TRUE.equals(c.get("warmup")))
                .mapToLong(c -> ((Number) c.get("failed_requests")).longValue()).sum());
        col.put("load", load.summary(List.of(), end));
        col.put("changes_detail", changes);
        col.put("failures", FailureLog.of(load, windows, opsDir));
        if (changes.stream().anyMatch(c -> c.get("new_code_ms") == null)) {
            col.put("error", "a change never answered within " + NEW_CODE_TIMEOUT_MS + " ms");
        }
    }

    private static List<Double> values(List<Map<String, Object>> changes, String key) {
        return changes.stream().map(c -> c.get(key)).filter(v -> v != null)
                .map(v -> ((Number) v).doubleValue()).toList();
    }

    /** The moment the route first answers with the new build, or -1 after the time-out. */
    private static long awaitNewCode(int port, String build, long t0) {
        while (ms(System.nanoTime() - t0) < NEW_CODE_TIMEOUT_MS) {
            try {
                RawHttp.Resp r = RawHttp.oneShot(port, "GET", "/api/hello", null, 2000);
                if (r.status() == 200 && r.body().contains("\"" + build + "\"")) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // DevTools restarting, or a reset: keep polling
            }
            Procs.sleep(10);
        }
        return -1;
    }

    private static long servingPid(int port) {
        try {
            RawHttp.Resp r = RawHttp.oneShot(port, "GET", "/api/hello", null, 2000);
            Matcher m = PID.matcher(r.body());
            return r.status() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until every restart the watcher asked for has its final status. */
    private static void awaitRestartsEnded(Path ops) throws IOException {
        long t = System.nanoTime();
        while (ms(System.nanoTime() - t) < Restarter.RESTART_TIMEOUT_MS) {
            if (allFinal(ops)) {
                return;
            }
            Procs.sleep(20);
        }
        throw new IOException("a restart did not end within " + Restarter.RESTART_TIMEOUT_MS + " ms");
    }

    private static boolean allFinal(Path ops) {
        try (Stream<Path> s = Files.list(ops)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                Object status = ((Map<?, ?>) Json.parse(Files.readString(f))).get("status");
                if (!Restarter.FINAL.contains(String.valueOf(status))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // no record yet, or one mid-rename
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        copyTree(from, to, p -> true);
    }

    /** Copies a folder; a file or folder that {@code copied} refuses is left out with everything under it. */
    private static void copyTree(Path from, Path to, Predicate<Path> copied) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IOException(from + " is missing: build the examples first (bench/run.sh does)");
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(p -> allCopied(from, p, copied)).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static boolean allCopied(Path root, Path p, Predicate<Path> copied) {
        for (Path q = p; !q.equals(root); q = q.getParent()) {
            if (!copied.test(q)) {
                return false;
            }
        }
        return true;
    }

    /** The table's section for this phase; empty when the phase did not run. */
    static String table(Map<?, ?> phases) {
        Map<?, ?> d = (Map<?, ?>) phases.get("dev_loop");
        if (d == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("DEV LOOP (class file written -> new code answering; " + d.get("changes")
                + " changes per column after " + WARMUP_CHANGES + " warm-up changes; load: 4 keep-alive + 2 "
                + "new-connection clients on /api/hello, never retrying; ms)\n");
        if (d.get("error") != null) {
            sb.append("  error: ").append(d.get("error")).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "  %-44s %8s %8s %8s %10s %12s%n", "", "median", "max", "min",
                "failed", "warm-up"));
        Map<?, ?> cols = (Map<?, ?>) d.get("columns");
        if (cols == null) {
            return sb.append('\n').toString();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("relaunch_spring", "relaunch --watch, Spring Boot (Tomcat)");
        labels.put("devtools_spring", "DevTools restart, Spring Boot (Tomcat)");
        labels.put("relaunch_spring_no_fast_start", "relaunch, Spring Boot, fast start off");
        labels.put("relaunch_javalin", "relaunch --watch, Javalin");
        labels.put("relaunch_javalin_quiet100", "  the same, --watch-quiet-ms 100");
        labels.put("relaunch_spring_java25", "relaunch, Spring Boot, on Java 25");
        labels.put("mvn_run_spring", "mvn relaunch:run, saved .java, Spring Boot");
        labels.put("mvn_run_javalin", "mvn relaunch:run, saved .java, Javalin");
        labels.forEach((k, label) -> {
            Map<?, ?> c = (Map<?, ?>) cols.get(k);
            if (c == null) {
                return;
            }
            if (c.get("new_code_ms") == null) {
                sb.append("  ").append(label).append(": ").append(c.get("error")).append('\n');
                return;
            }
            sb.append(String.format(Locale.ROOT, "  %-44s %8s %8s %8s %10s %12s%n", label,
                    Stats.fmtMs(Json.d(Json.at(c, "new_code_ms", "median"))),
                    Stats.fmtMs(Json.d(Json.at(c, "new_code_ms", "max"))),
                    Stats.fmtMs(Json.d(Json.at(c, "new_code_ms", "min"))), c.get("failed_requests"),
                    c.get("warmup_new_code_ms")));
            if (c.get("error") != null) {
                sb.append("    error: ").append(c.get("error")).append('\n');
            }
        });
        for (String[] pair : new String[][] {{"mvn_run_spring", "relaunch_spring"},
                {"mvn_run_javalin", "relaunch_javalin"}}) {
            Object saved = Json.at(cols, pair[0], "new_code_ms", "median");
            Object written = Json.at(cols, pair[1], "new_code_ms", "median");
            if (saved != null && written != null) {
                sb.append(String.format(Locale.ROOT, "  %s minus %s (medians): %s (target: at most 1000 ms)%n",
                        pair[0], pair[1], Stats.fmtMs(Json.d(saved) - Json.d(written))));
            }
        }
        sb.append("  javac per change, median: ").append(Stats.fmtMs(Json.d(Json.at(cols, "relaunch_spring",
                "compile_ms", "median")))).append(" (Spring), not in the interval\n\n");
        return sb.toString();
    }
}
