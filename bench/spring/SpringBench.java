import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Spring Boot row of the benchmark: the example app {@code examples/spring-boot-notes} (Jetty) restarted by
 * relaunch's starter under {@code relaunch start -- java -jar …}, beside the same app's sources restarted by
 * Actuator's in-place restart ({@code spring-cloud-context}'s {@code POST /actuator/restart}, what Spring Boot Admin's
 * restart button calls), measured in the same run with the same load and the same JVM flags.
 *
 * <p>Per restart: latency from sending the restart request to the first {@code 200} of a probe on a new connection
 * that shows the new app (relaunch: the health route with a new PID; Actuator: {@code /api/hello} with a new
 * {@code started_at}, the PID stays); requests failed while it ran, from clients that never retry (4 keep-alive, 2
 * new-connection). After all restarts: the resident memory of the serving process (and relaunch's supervisor).
 * JDK only, one file: {@code bench/spring/run.sh} builds the jars and runs it.
 */
public final class SpringBench {
    private static final String BASE = "/admin/relaunch";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> APP_JVM = List.of("-XX:TieredStopAtLevel=1");
    private static final long TIMEOUT_MS = 120_000;

    private final Path relaunchJar;
    private final Path appJar;
    private final Path actuatorJar;
    private final Path work;
    private final int restarts;

    private SpringBench(Path relaunchJar, Path appJar, Path actuatorJar, Path work, int restarts) {
        this.relaunchJar = relaunchJar;
        this.appJar = appJar;
        this.actuatorJar = actuatorJar;
        this.work = work;
        this.restarts = restarts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        Path root = Path.of(opt.getOrDefault("--root", ".")).toAbsolutePath().normalize();
        SpringBench bench = new SpringBench(root.resolve("relaunch-cli/target/relaunch.jar"),
                Path.of(opt.getOrDefault("--app-jar",
                        root.resolve("examples/spring-boot-notes/target/spring-boot-notes.jar").toString())),
                root.resolve("bench/spring/actuator-app/target/spring-boot-notes-actuator.jar"),
                root.resolve("bench/work/spring"), Integer.parseInt(opt.getOrDefault("--restarts", "10")));
        Path out = Path.of(opt.getOrDefault("--out", root.resolve("bench/results/spring-boot.json").toString()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        result.put("restarts_per_column", bench.restarts);
        result.put("app_jvm_flags", String.join(" ", APP_JVM));
        result.put("app_jar", bench.appJar.getFileName().toString());
        result.put("relaunch_starter", bench.relaunchColumn());
        if (!"true".equals(opt.get("--relaunch-only"))) {
            result.put("actuator_restart", bench.actuatorColumn());
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.write(result, "") + "\n");
        System.out.println(Json.write(result, ""));
        System.out.println("written: " + out);
    }

    // ---- relaunch ------------------------------------------------------------------------------------------------

    private Map<String, Object> relaunchColumn() throws Exception {
        Path dir = freshDir("relaunch");
        Files.writeString(dir.resolve(".env"), String.join("\n", "HOST=127.0.0.1", "PORT=0", "APP_ENV=testing",
                "GREETING=bench", "NOTES_MAX=200", "DRAIN_TIMEOUT_MS=10000", "STARTUP_TIMEOUT_MS=60000", ""));
        List<String> start = new ArrayList<>(cli("start", "--detach", "--json", "--"));
        start.add(JAVA);
        start.addAll(APP_JVM);
        start.addAll(List.of("-jar", appJar.toString()));
        String json = run(dir, start);
        int port = Integer.parseInt(field(json, "url").replaceAll(".*:(\\d+).*", "$1"));
        long supervisorPid = Long.parseLong(field(json, "supervisor_pid"));
        Column col = new Column("relaunch starter (blue-green, new JVM per restart)");
        try (Load load = new Load(port)) {
            col.rssBeforeMiB = rssMiB(healthPid(port));
            for (int i = 0; i < restarts; i++) {
                long oldPid = healthPid(port);
                long failedBefore = load.failed.get();
                long t0 = System.nanoTime();
                String answer = Http.post(port, BASE + "/api/v1/settings/restart", "http://127.0.0.1:" + port);
                String opId = field(answer, "op_id");
                awaitNew(() -> Http.get(port, BASE + "/api/v1/health"), body -> pidOf(body) != oldPid);
                col.latenciesMs.add(ms(t0));
                String op = await(() -> Http.get(port, BASE + "/api/v1/settings/restart/status/" + opId),
                        b -> b.matches("(?s).*\"status\":\"(restarted|failed|pid_unchanged|started_but_unhealthy)\".*"));
                col.statuses.add(field(op, "status"));
                Thread.sleep(1_000); // the old process drains and exits; its connections end
                col.failedPerRestart.add(load.failed.get() - failedBefore);
            }
            col.rssAfterMiB = rssMiB(healthPid(port));
            col.supervisorRssMiB = rssMiB(supervisorPid);
            col.ok = load.ok.get();
        } finally {
            run(dir, cli("stop", "--timeout", "20"));
        }
        return col.toMap();
    }

    // ---- Actuator ------------------------------------------------------------------------------------------------

    private Map<String, Object> actuatorColumn() throws Exception {
        Path dir = freshDir("actuator");
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        cmd.addAll(APP_JVM);
        cmd.addAll(List.of("-jar", actuatorJar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("app.log").toFile());
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("GREETING", "bench");
        Process app = pb.start();
        Column col = new Column("Actuator in-place restart (spring-cloud-context /actuator/restart, same JVM)");
        try {
            await(() -> Http.get(port, "/api/hello"), b -> b.contains("started_at"));
            try (Load load = new Load(port)) {
                col.rssBeforeMiB = rssMiB(app.pid());
                for (int i = 0; i < restarts; i++) {
                    String old = field(Http.get(port, "/api/hello"), "started_at");
                    long failedBefore = load.failed.get();
                    long t0 = System.nanoTime();
                    Http.post(port, "/actuator/restart", null);
                    awaitNew(() -> Http.get(port, "/api/hello"), b -> !old.equals(field(b, "started_at")));
                    col.latenciesMs.add(ms(t0));
                    col.statuses.add(app.isAlive() ? "restarted" : "dead");
                    Thread.sleep(1_000);
                    col.failedPerRestart.add(load.failed.get() - failedBefore);
                }
                col.rssAfterMiB = rssMiB(app.pid());
                col.ok = load.ok.get();
            }
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        return col.toMap();
    }

    // ---- measurements ------------------------------------------------------------------------------------------

    /** One column of the table. */
    private static final class Column {
        final String what;
        final List<Long> latenciesMs = new ArrayList<>();
        final List<Long> failedPerRestart = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        long ok;
        double rssBeforeMiB;
        double rssAfterMiB;
        Double supervisorRssMiB;

        Column(String what) {
            this.what = what;
        }

        Map<String, Object> toMap() {
            List<Long> sorted = latenciesMs.stream().sorted().toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", what);
            m.put("restart_latency_ms_median", sorted.get(sorted.size() / 2));
            m.put("restart_latency_ms_max", sorted.get(sorted.size() - 1));
            m.put("restart_latency_ms", latenciesMs);
            m.put("failed_requests_total", failedPerRestart.stream().mapToLong(Long::longValue).sum());
            m.put("failed_requests_per_restart", failedPerRestart);
            m.put("requests_ok", ok);
            m.put("statuses", statuses);
            m.put("rss_mib_before", round(rssBeforeMiB));
            m.put("rss_mib_after_restarts", round(rssAfterMiB));
            if (supervisorRssMiB != null) {
                m.put("supervisor_rss_mib", round(supervisorRssMiB));
            }
            return m;
        }
    }

    private long healthPid(int port) throws Exception {
        return pidOf(await(() -> Http.get(port, BASE + "/api/v1/health"), b -> b.contains("\"pid\"")));
    }

    private static long pidOf(String body) {
        return Long.parseLong(field(body, "pid"));
    }

    /** Polls every 10 ms on a new connection until a 200 body passes {@code test}. */
    private static void awaitNew(Http.Call call, Predicate<String> test) throws Exception {
        await(call, test);
    }

    private static String await(Http.Call call, Predicate<String> test) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            try {
                String body = call.body();
                if (body != null && test.test(body)) {
                    return body;
                }
            } catch (IOException | RuntimeException e) {
                // not serving yet, or a body without the field: poll again
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no matching answer within " + TIMEOUT_MS + " ms");
    }

    private static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS for PID " + pid);
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    // ---- processes ---------------------------------------------------------------------------------------------

    private List<String> cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xms8m", "-Xmx32m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-jar",
                relaunchJar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String run(Path dir, List<String> cmd) throws Exception {
        Path out = Files.createTempFile(dir, "cmd-", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("RELAUNCH_"));
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    private Path freshDir(String name) throws IOException {
        Path dir = work.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The value of the first {@code "name":value} in a JSON text (string or number), or null. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|(-?[0-9.]+))").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    // ---- load --------------------------------------------------------------------------------------------------

    /**
     * Clients that never retry: 4 on one keep-alive connection each (a connection the server closed while idle is
     * noticed and replaced, as Node's agent does; one closed after a request was sent is a failure), 2 with a new
     * connection per request. Each sends {@code GET /api/hello}, pauses 0–20 ms, repeats.
     */
    private static final class Load implements AutoCloseable {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(int port) {
            for (int i = 0; i < 6; i++) {
                boolean keepAlive = i < 4;
                Thread t = new Thread(() -> loop(port, keepAlive), "load-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        private void loop(int port, boolean keepAlive) {
            Socket s = null;
            while (running.get()) {
                try {
                    if (s != null && Http.closedByServer(s)) {
                        s.close();
                        s = null;
                    }
                    if (s == null) {
                        s = Http.connect(port);
                    }
                    Http.Response r = Http.exchange(s, "GET", "/api/hello", port, !keepAlive, null);
                    if (r.status() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    if (!keepAlive || r.close()) {
                        s.close();
                        s = null;
                    }
                } catch (IOException e) {
                    if (running.get()) {
                        failed.incrementAndGet();
                    }
                    try {
                        if (s != null) {
                            s.close();
                        }
                    } catch (IOException ignored) {
                        // closing a broken socket
                    }
                    s = null;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(21));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    // ---- HTTP/1.1 on raw sockets ---------------------------------------------------------------------------------

    private static final class Http {
        interface Call {
            String body() throws IOException;
        }

        record Response(int status, boolean close, String body) {}

        static Socket connect(int port) throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            return s;
        }

        /** True when the server has closed an idle connection (its FIN is already there to read). */
        static boolean closedByServer(Socket s) throws IOException {
            s.setSoTimeout(1);
            try {
                return s.getInputStream().read() == -1;
            } catch (SocketTimeoutException e) {
                return false;
            } finally {
                s.setSoTimeout(10_000);
            }
        }

        /** A GET on a new connection: the body of a 200, else null. */
        static String get(int port, String path) throws IOException {
            try (Socket s = connect(port)) {
                Response r = exchange(s, "GET", path, port, true, null);
                return r.status() == 200 ? r.body() : null;
            }
        }

        /** A POST with an empty JSON body (and an Origin, for relaunch's same-origin check); the answer's body. */
        static String post(int port, String path, String origin) throws IOException {
            try (Socket s = connect(port)) {
                Response r = exchange(s, "POST", path, port, true, origin);
                if (r.status() / 100 != 2) {
                    throw new IOException("POST " + path + ": " + r.status() + " " + r.body());
                }
                return r.body();
            }
        }

        static Response exchange(Socket s, String method, String path, int port, boolean close, String origin)
                throws IOException {
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\n");
            if (close) {
                req.append("Connection: close\r\n");
            }
            if (origin != null) {
                req.append("Origin: ").append(origin).append("\r\n");
            }
            if (method.equals("POST")) {
                req.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            } else {
                req.append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String l : lines) {
                String lower = l.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            String body = chunked ? readChunked(in) : new String(in.readNBytes((int) Math.max(0, length)),
                    StandardCharsets.UTF_8);
            return new Response(status, closing, body);
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b == -1) {
                    throw new IOException("connection closed before the answer");
                }
                buf.write(b);
                matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1
                        : (b == '\r' ? 1 : 0);
            }
            return buf.toString(StandardCharsets.US_ASCII);
        }

        private static String readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    readLine(in);
                    return body.toString(StandardCharsets.UTF_8);
                }
                body.write(in.readNBytes(size));
                readLine(in);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("connection closed in a chunked body");
                }
                if (b != '\r') {
                    buf.write(b);
                }
            }
            return buf.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Enough JSON writing for the result: maps, lists, strings, numbers. */
    private static final class Json {
        static String write(Object v, String indent) {
            if (v instanceof Map<?, ?> m) {
                StringBuilder sb = new StringBuilder("{\n");
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(indent).append("  \"").append(e.getKey()).append("\": ")
                            .append(write(e.getValue(), indent + "  ")).append(++i < m.size() ? ",\n" : "\n");
                }
                return sb.append(indent).append("}").toString();
            }
            if (v instanceof List<?> l) {
                return "[" + String.join(", ", l.stream().map(x -> write(x, indent)).toList()) + "]";
            }
            if (v instanceof Number || v instanceof Boolean) {
                return v.toString();
            }
            return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
