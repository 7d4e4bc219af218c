package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.process.Liveness;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * One relaunch instance in its own temporary folder, driven as a user would: the real jar, real processes, HTTP on
 * an ephemeral port ({@code PORT=0}: the server binds and reports the port it got). {@link #close()} stops it and
 * kills every process it started or that still runs from its folder, and fails the test if one survived.
 */
public final class RelaunchInstance implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("relaunch.jar", "target/relaunch.jar"))
            .toAbsolutePath();
    /**
     * The product jar plus the test kit (fault injection: {@code /api/v1/test/sleep}, {@code TEST_STARTUP_FAILURE},
     * {@code TEST_CRASH_AFTER_MS}); servers inherit this class path from the CLI that starts them.
     */
    public static final String CLASS_PATH = JAR + java.io.File.pathSeparator + Path.of(System.getProperty(
            "relaunch.testkit.jar", "../relaunch-testkit/target/relaunch-testkit-0.1.0.jar")).toAbsolutePath();

    /** As the launcher runs the CLI: lets the supervisor share one listening socket with its servers. */
    public static final String ADD_EXPORTS = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

    public record Result(int exit, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    /**
     * The processes this instance started or was told about, as handles: a handle remembers its process's start
     * time, so a PID that the kernel hands to another test's process later (pid_max is 32768 here, and every JVM
     * thread takes an id from the same space) is never mistaken for ours and killed.
     */
    private final Set<ProcessHandle> pids = new LinkedHashSet<>();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String url;
    private String apiBase = "";

    public RelaunchInstance(String... envLines) throws IOException {
        dir = Files.createTempDirectory("relaunch-it-");
        List<String> lines = new ArrayList<>(List.of("HOST=127.0.0.1", "PORT=0", "APP_ENV=testing",
                "STARTUP_TIMEOUT_MS=60000", "DRAIN_TIMEOUT_MS=10000"));
        lines.addAll(List.of(envLines));
        writeEnv(String.join("\n", lines) + "\n");
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // one class-data archive for every instance of this build, created by the first one
        env.put("RELAUNCH_CDS_DIR", JAR.getParent().resolve("cds").toString());
    }

    public Path dir() {
        return dir;
    }

    public Path envFile() {
        return dir.resolve(".env");
    }

    public void writeEnv(String content) throws IOException {
        Path tmp = dir.resolve(".env.tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, envFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public void appendEnv(String line) throws IOException {
        writeEnv(Files.readString(envFile()) + line + "\n");
    }

    /** Sets a variable in the environment of every process started from now on. */
    public RelaunchInstance withEnv(String key, String value) {
        env.put(key, value);
        return this;
    }

    public String url() {
        return url;
    }

    public int port() {
        return URI.create(url).getPort();
    }

    // ---- processes --------------------------------------------------------------------------------------------

    /**
     * {@code relaunch start --detach -- command…}: the supervisor runs {@code command} (an app of the user's) instead
     * of the built-in server; returns once it is ready.
     */
    public JsonNode startSupervisedCommand(List<String> command) {
        List<String> args = new ArrayList<>(List.of("--"));
        args.addAll(command);
        return startSupervised(args.toArray(String[]::new));
    }

    /** {@code relaunch start --detach [extra…]}: returns once the server is ready. */
    public JsonNode startSupervised(String... extra) {
        List<String> args = new ArrayList<>(List.of("start", "--detach", "--json"));
        args.addAll(List.of(extra));
        Result r = cli(Duration.ofSeconds(120), args.toArray(String[]::new));
        assertThat(r.exit()).as("start --detach failed: %s %s", r.out(), r.err()).isZero();
        JsonNode j = r.json();
        url = j.path("url").asText();
        track(j.path("supervisor_pid").asLong());
        track(j.path("server_pid").asLong());
        return j;
    }

    /**
     * {@code relaunch start -- command…} in the foreground, in a JVM without {@code --add-exports
     * java.base/sun.nio.ch}: the supervisor cannot hand its listening socket to children (as where that is not
     * possible), so they bind {@code port} themselves. Returns once {@code relaunch status} reports a server.
     */
    public Process startSupervisedWithoutSocketHandover(List<String> command, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp", CLASS_PATH, "dev.relaunch.cli.Main", "start",
                "--"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("supervisor.out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RELAUNCH_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        track(p.pid());
        url = "http://127.0.0.1:" + port;
        long server = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("start exited with " + p.exitValue() + ": "
                                + Files.readString(dir.resolve("supervisor.out")));
                    }
                    return cli("status", "--json").json().path("server").path("pid").asLong();
                }, pid -> pid > 0);
        track(server);
        return p;
    }

    /**
     * {@code relaunch start} in the foreground under a parent that never reaps it, as a test harness blocked in a
     * synchronous call or a forgotten {@code Popen} does: a shell starts the supervisor in the background and execs
     * into a long sleep. Once the supervisor exits it stays a zombie until this instance closes. Returns the
     * supervisor's PID once {@code relaunch status} reports a server.
     */
    public long startSupervisorUnderNonReapingParent() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$@\" >supervisor.out 2>&1 </dev/null & echo $!; "
                + "exec sleep 600", "sh", javaBin(), ADD_EXPORTS, "-cp", CLASS_PATH, "dev.relaunch.cli.Main", "start"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RELAUNCH_"));
        pb.environment().putAll(env);
        Process parent = pb.start();
        processes.add(parent);
        long supervisor;
        try (java.io.BufferedReader out = parent.inputReader()) {
            supervisor = Long.parseLong(out.readLine().trim());
        }
        track(supervisor);
        long server = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!Liveness.isRunning(supervisor)) {
                        throw new AssertionError("relaunch start exited: " + Files.readString(
                                dir.resolve("supervisor.out")));
                    }
                    JsonNode st = cli("status", "--json").json();
                    url = st.path("url").asText(null);
                    return st.path("server").path("pid").asLong();
                }, pid -> pid > 0);
        track(server);
        return supervisor;
    }

    /** {@code relaunch serve} as a child of the test, without a supervisor; returns once health answers. */
    public Process startStandalone() throws IOException {
        Process p = javaProcess(List.of("serve"), dir.resolve("standalone.out"));
        pids.add(p.toHandle());
        JsonNode health = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> discoverStandaloneUrl(p), n -> n != null);
        assertThat(health.path("pid").asLong()).isEqualTo(p.pid());
        return p;
    }

    private JsonNode discoverStandaloneUrl(Process p) throws IOException {
        if (!p.isAlive()) {
            throw new AssertionError("serve exited with " + p.exitValue() + ": "
                    + Files.readString(dir.resolve("standalone.out")));
        }
        String out = Files.readString(dir.resolve("standalone.out"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Serving (http://[0-9.:]+) ").matcher(out);
        if (!m.find()) {
            return null;
        }
        url = m.group(1);
        Response h = get("/api/v1/health");
        return h.status() == 200 ? h.json() : null;
    }

    public Process javaProcess(List<String> args, Path output) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), ADD_EXPORTS, "-cp", CLASS_PATH, "dev.relaunch.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RELAUNCH_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Runs a CLI command in the instance's folder and waits for it. */
    public Result cli(String... args) {
        return cli(Duration.ofSeconds(120), args);
    }

    public Result cli(Duration timeout, String... args) {
        return cli(List.of(), timeout, args);
    }

    /** A CLI command run by a JVM with extra options (e.g. a class-data archive). */
    public Result cli(List<String> jvmOptions, Duration timeout, String... args) {
        try {
            Path out = Files.createTempFile(dir, "cli-", ".out");
            Path err = Files.createTempFile(dir, "cli-", ".err");
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    ADD_EXPORTS));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", CLASS_PATH, "dev.relaunch.cli.Main"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("RELAUNCH_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("relaunch " + String.join(" ", args) + " did not finish in " + timeout);
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Remembers a PID so {@link #close()} makes sure it is gone. */
    public void track(long pid) {
        ProcessHandle.of(pid).ifPresent(pids::add);
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), headers);
    }

    public Response post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return send(b, headers);
    }

    public Response send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Where relaunch's API is mounted in the app: {@code ""} for the built-in server, the plugin's base path. */
    public RelaunchInstance withApiBase(String basePath) {
        apiBase = basePath;
        return this;
    }

    /**
     * The PID that answers health on a new connection, as a new visitor sees it (a pooled keep-alive connection may
     * still reach a draining old server, which answers once more and closes).
     */
    /**
     * A running process as an identity that survives PID reuse: its PID and its start time. pid_max is 32768 here and
     * every JVM thread takes an id from the same space, so under a parallel test run a new server can get the PID an
     * earlier, exited server of the same test had.
     */
    public static String processIdentity(long pid) {
        return pid + "@" + ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Object::toString)
                .orElse("gone");
    }

    public long healthPid() {
        try {
            RawHttp.Response res = RawHttp.send(port(), RawHttp.Request.get(apiBase + "/api/v1/health"));
            assertThat(res.status()).as(res.body()).isEqualTo(200);
            return JSON.readTree(res.body()).path("pid").asLong();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until the serving process is in a {@code /api/v1/test/sleep} request (the test kit counts them). */
    public void awaitSleepRequestInProgress() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> get(apiBase + "/api/v1/test/sleeping").json().path("sleeping").asInt() > 0);
    }

    /** POSTs a restart and returns the op id. */
    public String requestRestart() {
        Response r = post(apiBase + "/api/v1/settings/restart", "{}", "Content-Type", "application/json");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("data").path("op_id").asText();
    }

    /** Waits until the operation is final and returns its record. */
    public JsonNode awaitOp(String opId) {
        return Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> get(apiBase + "/api/v1/settings/restart/status/" + opId).json().path("data"),
                        op -> Set.of("restarted", "failed", "pid_unchanged", "started_but_unhealthy")
                                .contains(op.path("status").asText()));
    }

    /** Reads the op record from disk (works when no server answers). */
    public JsonNode opFromDisk(String opId) throws IOException {
        return JSON.readTree(dir.resolve("instance/restart_ops/" + opId + ".json").toFile());
    }

    /** Every op record on disk, oldest first. */
    public List<JsonNode> opsFromDisk() throws IOException {
        Path ops = dir.resolve("instance/restart_ops");
        if (!Files.isDirectory(ops)) {
            return List.of();
        }
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(ops)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                all.add(JSON.readTree(p.toFile()));
            }
        }
        all.sort(Comparator.comparing(o -> o.path("requested_at").asText()));
        return all;
    }

    /**
     * What happened in this instance, for a failure message: every op (who asked, PIDs, status, exit code) and the
     * last lines of the supervisor's log.
     */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder("\noperations:\n");
        try {
            for (JsonNode o : opsFromDisk()) {
                sb.append(String.format("  %s %s by %s: PID %s -> %s, %s, exit code %s, error %s%n",
                        o.path("requested_at").asText(), o.path("op_id").asText(), o.path("requested_by").asText(),
                        o.path("pid_before").asText(), o.path("pid_after").asText(), o.path("status").asText(),
                        o.path("exit_code").asText(), o.path("error").path("code").asText()));
            }
            Path log = dir.resolve("instance/logs/supervisor.log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                sb.append("supervisor.log (last lines):\n");
                lines.subList(Math.max(0, lines.size() - 60), lines.size())
                        .forEach(l -> sb.append("  ").append(l, 0, Math.min(l.length(), 300)).append('\n'));
            }
        } catch (IOException | RuntimeException e) {
            sb.append("(could not read: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /**
     * Checks that a restart asked for while {@code serving} answered health started from that process
     * ({@code pidBefore} of its op). The one allowed exception: {@code serving} was killed from outside in between
     * (SIGKILL, exit code 137; on a machine shared by parallel tests that is another process's doing, never
     * relaunch's: it never SIGKILLs a serving process) and crash recovery replaced it; that is reported on stderr.
     * Anything else fails with the operations and the supervisor's log.
     */
    public void assertRestartStartedFrom(long serving, long pidBefore) throws IOException {
        if (pidBefore == serving) {
            return;
        }
        boolean killedAndRecovered = opsFromDisk().stream().anyMatch(o -> "crash".equals(o.path("requested_by")
                .asText()) && o.path("pid_before").asLong() == serving && o.path("pid_after").asLong() == pidBefore
                && o.path("exit_code").asInt() == 137);
        String story = "the restart started from PID " + pidBefore + ", but PID " + serving
                + " answered health right before it was asked for" + diagnostics();
        assertThat(killedAndRecovered).as(story).isTrue();
        System.err.println("WARNING: PID " + serving + " was killed from outside (SIGKILL) before the click and "
                + "crash recovery replaced it by PID " + pidBefore + story);
    }

    public long opCount() throws IOException {
        Path ops = dir.resolve("instance/restart_ops");
        if (!Files.isDirectory(ops)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(ops)) {
            return s.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    // ---- clean-up ---------------------------------------------------------------------------------------------

    /** Every running process (a zombie has exited) whose command line mentions this instance's folder. */
    public List<ProcessHandle> strays() {
        String marker = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)
                        || pids.contains(p))
                .filter(Liveness::isRunning)
                .toList();
    }

    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(dir.resolve("instance"))) {
                cli(Duration.ofSeconds(60), "stop", "--timeout", "20");
            }
        } catch (AssertionError e) {
            // the kill below still runs
        }
        processes.forEach(Process::destroy);
        List<ProcessHandle> orphans;
        try {
            orphans = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(this::strays, List::isEmpty);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            orphans = strays();
        }
        List<String> described = orphans.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        for (ProcessHandle p : orphans) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (!Boolean.getBoolean("relaunch.keep")) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(described).as("processes still running after `relaunch stop` (orphans)").isEmpty();
    }
}
