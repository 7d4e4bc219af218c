package bench;

import bench.RawHttp.Conn;
import bench.RawHttp.Resp;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static bench.Json.num;
import static bench.Procs.sleep;
import static bench.RawHttp.IO_TIMEOUT_MS;
import static bench.RawHttp.classify;
import static bench.RawHttp.closeQuietly;
import static bench.Stats.ms;
import static bench.Stats.round1;
import static bench.Stats.stats;
import static bench.Stats.truncate;

/** Load generator: steady traffic on loopback, every failure classified and timestamped. */
final class LoadGen {
    private final Opts o;
    private final int port;
    /** What the fast clients ask for: relaunch's health route, or a user app's own route (phase dev-loop). */
    private final String fastPath;
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, ClientStats> clients = new LinkedHashMap<>();
    final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    final List<Stale> stale = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong connectionsOpened = new AtomicLong();
    private long startNs;
    /** The wall clock at {@link #startNs}: a failure's time as the supervisor's and the app's logs write it. */
    private Instant startedAt;
    private long stopNs;

    LoadGen(Opts o, int port) {
        this(o, port, "/api/v1/health");
    }

    LoadGen(Opts o, int port, String fastPath) {
        this.o = o;
        this.port = port;
        this.fastPath = fastPath;
    }

    void start() {
        startedAt = Instant.now();
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
                    + rnd.nextInt((int) (o.slowMaxMs - o.slowMinMs + 1))) : fastPath;
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

    /** The wall-clock time of a {@link System#nanoTime()} reading taken while this generator ran. */
    Instant wallClock(long ns) {
        return startedAt.plusNanos(ns - startNs);
    }

    /** The failures so far, in the order they ended. */
    List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
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
}
