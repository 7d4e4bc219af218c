package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import dev.relaunch.control.SocketPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Restart on change ({@code relaunch start --watch}) with real processes and real class files: the test app
 * (PlainApp with a class {@code Greeting}, compiled here with javac into {@code classes/}) runs as
 * {@code java -cp classes PlainApp}, and the test rewrites Greeting as a developer's build would.
 */
class WatchIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Set<String> FINAL = Set.of("restarted", "failed", "pid_unchanged", "started_but_unhealthy");
    private static final Duration LIMIT = Duration.ofSeconds(90);
    /** Longer than the quiet period and a restart's start: long enough for a restart that should not come. */
    private static final Duration NOTHING_MORE = Duration.ofMillis(2500);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The folder javac writes the app's classes to: what --watch watches. */
    private static Path classes(RelaunchInstance r) {
        return r.dir().resolve("classes");
    }

    /** Compiles Greeting (answering {@code version}, with {@code init} as its start-up code) into classes/. */
    private static void compileGreeting(RelaunchInstance r, String version, String init) throws IOException {
        compile(r, greetingSource(r, version, init));
    }

    private static Path greetingSource(RelaunchInstance r, String version, String init) throws IOException {
        Path src = r.dir().resolve("src");
        Files.createDirectories(src);
        return Files.writeString(src.resolve("Greeting.java"), "public class Greeting {\n    static {\n        "
                + init + "\n    }\n\n    public static String text() {\n        return \"" + version
                + "\";\n    }\n}\n");
    }

    private static void compile(RelaunchInstance r, Path... sources) throws IOException {
        compileInto(classes(r), sources);
    }

    private static void compileInto(Path out, Path... sources) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", out.toString()));
        for (Path s : sources) {
            args.add(s.toString());
        }
        int code = javac.run(null, null, null, args.toArray(String[]::new));
        assertThat(code).as("javac " + args).isZero();
    }

    private static final String THROWS = "if (true) { throw new IllegalStateException(\"broken Greeting\"); }";
    private static final String SLOW = "try { Thread.sleep(3000); } catch (InterruptedException e) { }";

    /**
     * Compiles the app and starts it with --watch. {@code reportsReady}: it reports ready as the relaunch plugin does
     * (blue-green, a new port per process); else a plain app on a fixed port (stop-then-start).
     */
    private static void start(RelaunchInstance r, boolean reportsReady, String... watchOptions) throws IOException {
        Path src = r.dir().resolve("src");
        Files.createDirectories(src);
        try (InputStream in = WatchIT.class.getResourceAsStream("/plain-app/PlainApp.java")) {
            Files.copy(in, src.resolve("PlainApp.java"));
        }
        compileGreeting(r, "v1", "");
        compile(r, src.resolve("PlainApp.java"));
        List<String> args = new ArrayList<>(List.of("--watch"));
        args.addAll(List.of(watchOptions));
        if (reportsReady) {
            r.writeEnv("PORT=0\nREPORT_READY=1\nGREETING=hello\nSTARTUP_TIMEOUT_MS=60000\n");
        } else {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            r.writeEnv("HOST=127.0.0.1\nPORT=" + port + "\nGREETING=hello\nSTARTUP_TIMEOUT_MS=60000\n");
            args.addAll(List.of("--ready-url", "http://127.0.0.1:${PORT}/"));
        }
        args.addAll(List.of("--", JAVA, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", "classes", "PlainApp"));
        r.startSupervised(args.toArray(String[]::new));
        assertThat(app(r).path("code").asText()).isEqualTo("v1");
    }

    /** What the serving process answers, found through `relaunch status` (each blue-green child has its port). */
    private static JsonNode app(RelaunchInstance r) {
        JsonNode status = r.cli("status", "--json").json();
        r.track(status.path("server").path("pid").asLong());
        return get(status.path("url").asText() + "/");
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return RelaunchInstance.JSON.readTree(res.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> watchOps(RelaunchInstance r) throws IOException {
        return r.opsFromDisk().stream().filter(o -> o.path("requested_by").asText().equals("watch")).toList();
    }

    /** Waits until {@code count} restarts caused by changes have ended; returns them, oldest first. */
    private static List<JsonNode> awaitWatchOps(RelaunchInstance r, int count) {
        List<JsonNode> ops = Awaitility.await().atMost(LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> watchOps(r), l -> l.size() >= count
                        && l.stream().allMatch(o -> FINAL.contains(o.path("status").asText())));
        ops.forEach(o -> {
            r.track(o.path("pid_after").asLong());
            r.track(o.path("rollback_pid").asLong());
        });
        assertThat(ops).as("restarts caused by changes" + r.diagnostics()).hasSize(count);
        return ops;
    }

    /** No restart of any kind follows for a while: a burst gave one restart, a failure no loop. */
    private static void assertNoMoreOps(RelaunchInstance r) throws IOException {
        long ops = r.opCount();
        Awaitility.await().during(NOTHING_MORE).atMost(NOTHING_MORE.plusSeconds(5))
                .pollInterval(Duration.ofMillis(200)).until(r::opCount, n -> n == ops);
    }

    /** Compiles a Greeting that throws at start-up; returns the failed restart it causes. */
    private static JsonNode breakGreeting(RelaunchInstance r) throws IOException {
        compileGreeting(r, "v2", THROWS);
        JsonNode broken = awaitWatchOps(r, 1).get(0);
        assertThat(broken.path("status").asText()).as(broken.toString()).isEqualTo("failed");
        assertThat(broken.path("log_tail").toString()).contains("broken Greeting");
        return broken;
    }

    /** After a broken change, a good one: the next restart serves it. */
    private static void fixGreetingAndAwaitTheRestart(RelaunchInstance r) throws IOException {
        compileGreeting(r, "v3", "");
        JsonNode fixed = awaitWatchOps(r, 2).get(1);
        assertThat(fixed.path("status").asText()).as(fixed.toString()).isEqualTo("restarted");
        assertThat(app(r).path("code").asText()).isEqualTo("v3");
    }

    private static void pause() {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the writes of a build spread over time
    }

    @Test
    void aBurstOfChangesGivesOneRestartAndAChangedEnvRestartsWithItsNewValue() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            // a quiet period well above the 50 ms between writes, so a busy machine cannot split the burst
            start(r, true, "--watch-quiet-ms", "1000");
            Path staged = r.dir().resolve("staged");
            compileInto(staged, greetingSource(r, "v2", ""));
            Path assets = classes(r).resolve("static");
            Files.createDirectories(assets);
            for (int i = 0; i < 19; i++) {
                Files.writeString(assets.resolve("file" + i + ".txt"), "content " + i);
                Files.writeString(assets.resolve(".file" + i + ".txt.swp"), "an editor's swap file");
                pause();
            }
            Files.copy(staged.resolve("Greeting.class"), classes(r).resolve("Greeting.class"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            JsonNode op = awaitWatchOps(r, 1).get(0);
            assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
            assertThat(op.path("changes").path("count").asInt()).as(op.toString()).isEqualTo(20);
            assertThat(op.path("changes").path("paths")).hasSize(5);
            assertThat(op.path("changes").path("paths").get(0).asText()).startsWith("classes/static/file");
            assertThat(op.toString()).doesNotContain(".swp");
            assertThat(app(r).path("code").asText()).isEqualTo("v2");
            assertNoMoreOps(r);
            assertThat(Files.readString(r.dir().resolve("instance/logs/supervisor.log")))
                    .contains("(+19 more): restarting").contains("Restarted after a change in");
            assertThat(r.cli("status", "--json").json().path("watch").path("quiet_ms").asLong()).isEqualTo(1000);

            r.writeEnv(Files.readString(r.envFile()).replace("GREETING=hello", "GREETING=bonjour"));
            JsonNode envOp = awaitWatchOps(r, 2).get(1);
            assertThat(envOp.path("status").asText()).as(envOp.toString()).isEqualTo("restarted");
            assertThat(envOp.path("changes").path("paths").get(0).asText()).isEqualTo(".env");
            assertThat(app(r).path("greeting").asText()).isEqualTo("bonjour");

            JsonNode watch = r.cli("status", "--json").json().path("watch");
            assertThat(watch.path("enabled").asBoolean()).isTrue();
            assertThat(watch.path("paths").toString()).contains("classes").contains(".env");
            assertThat(watch.path("last_change").path("op_id").asText()).isEqualTo(envOp.path("op_id").asText());
            assertThat(r.cli("status").out()).contains("Watching:").contains("Last change:  .env");
        }
    }

    @Test
    void aBrokenClassKeepsTheOldProcessServingAndTheNextGoodChangeRestarts() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            start(r, true);
            long serving = r.cli("status", "--json").json().path("server").path("pid").asLong();

            JsonNode broken = breakGreeting(r);
            assertThat(broken.path("error").path("code").asText()).isEqualTo("startup_failed");
            assertThat(broken.path("pid_before").asLong()).isEqualTo(serving);
            JsonNode still = app(r);
            assertThat(still.path("pid").asLong()).isEqualTo(serving);
            assertThat(still.path("code").asText()).isEqualTo("v1");
            assertNoMoreOps(r);
            assertThat(Files.readString(r.dir().resolve("instance/logs/supervisor.log")))
                    .contains("Restart after a change in Greeting.class failed").contains("broken Greeting");

            fixGreetingAndAwaitTheRestart(r);
        }
    }

    @Test
    void aChangeDuringARestartGivesExactlyOneMoreRestartAfterIt() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            start(r, true);
            compileGreeting(r, "v2", SLOW);
            Awaitility.await().atMost(LIMIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> r.cli("status", "--json").json().path("in_progress").isObject());
            compileGreeting(r, "v3", "");

            List<JsonNode> ops = awaitWatchOps(r, 2);
            assertThat(ops).allSatisfy(o -> assertThat(o.path("status").asText()).as(o.toString())
                    .isEqualTo("restarted"));
            assertThat(ops.get(1).path("requested_at").asText()).as("one after the other")
                    .isGreaterThanOrEqualTo(ops.get(0).path("finished_at").asText());
            assertNoMoreOps(r);
            assertThat(app(r).path("code").asText()).isEqualTo("v3");
        }
    }

    @Test
    void aPlainAppRestartedStopThenStartRollsBackToTheCodeThatServed() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            start(r, false);

            JsonNode broken = breakGreeting(r);
            assertThat(broken.path("strategy").asText()).isEqualTo("stop-start");
            assertThat(broken.path("rolled_back").asBoolean()).as(broken.toString()).isTrue();
            JsonNode restored = app(r);
            assertThat(restored.path("pid").asLong()).isEqualTo(broken.path("rollback_pid").asLong());
            assertThat(restored.path("code").asText()).as("the code that served before, not the broken one")
                    .isEqualTo("v1");
            assertNoMoreOps(r);

            fixGreetingAndAwaitTheRestart(r);
        }
    }

    @Test
    void pausedChangesAndChangesDuringABuildWaitAndRestartOnceAfterwards() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            r.startSupervised("--watch", "--watch-quiet-ms", "200");
            JsonNode info = r.get("/api/v1/info").json().path("data").path("watch");
            assertThat(info.path("enabled").asBoolean()).as(info.toString()).isTrue();
            assertThat(info.path("quiet_ms").asLong()).isEqualTo(200);
            assertThat(info.path("paths").toString()).contains("relaunch.jar").contains(".env");

            RelaunchInstance.Response paused = r.post("/api/v1/settings/watch", "{\"paused\":true}",
                    "Content-Type", "application/json");
            assertThat(paused.status()).as(paused.body()).isEqualTo(200);
            assertThat(paused.json().path("data").path("paused").asBoolean()).isTrue();
            long serving = r.healthPid();

            r.appendEnv("GREETING_FOR_WATCH=1");
            Awaitility.await().atMost(LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> r.get("/api/v1/info")
                    .json().path("data").path("watch").path("pending").path("count").asInt() == 1);
            assertNoMoreOps(r);
            assertThat(r.healthPid()).isEqualTo(serving);

            RelaunchInstance.Result resumed = r.cli("watch", "resume", "--json");
            assertThat(resumed.exit()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.json().path("paused").asBoolean()).isFalse();
            JsonNode op = awaitWatchOps(r, 1).get(0);
            assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("restarted");
            assertThat(op.path("changes").path("paths").get(0).asText()).isEqualTo(".env");
            assertNoMoreOps(r);
            assertThat(r.healthPid()).isEqualTo(op.path("pid_after").asLong()).isNotEqualTo(serving);

            // a build tool: while it builds and after it failed, changes wait; its success restarts once
            build(r, Map.of("cmd", "build", "phase", "started"));
            r.appendEnv("DURING_THE_BUILD=1");
            build(r, Map.of("cmd", "build", "phase", "failed", "message", "cannot find symbol",
                    "log_tail", List.of("[ERROR] Greeting.java:[3,5] cannot find symbol")));
            assertNoMoreOps(r);
            JsonNode failedBuild = r.get("/api/v1/info").json().path("data").path("watch");
            assertThat(failedBuild.path("build").path("phase").asText()).isEqualTo("failed");
            assertThat(failedBuild.path("build").path("log_tail").toString()).contains("cannot find symbol");
            assertThat(failedBuild.path("pending").path("count").asInt()).isEqualTo(1);
            build(r, Map.of("cmd", "build", "phase", "succeeded"));
            JsonNode afterBuild = awaitWatchOps(r, 2).get(1);
            assertThat(afterBuild.path("status").asText()).as(afterBuild.toString()).isEqualTo("restarted");
        }
    }

    private static void build(RelaunchInstance r, Map<String, ?> request) {
        try {
            ControlClient.call(SocketPaths.forInstance(r.dir().resolve("instance")), request, Duration.ofSeconds(5));
        } catch (IOException | ControlException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWatchPathThatDoesNotExistIsRefusedWithTheFix() {
        try (RelaunchInstance r = new RelaunchInstance()) {
            RelaunchInstance.Result res = r.cli("start", "--watch", "--watch-path", "templates");
            assertThat(res.exit()).isEqualTo(2);
            assertThat(res.err()).contains("--watch-path templates does not exist")
                    .contains(r.dir().resolve("templates").toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
