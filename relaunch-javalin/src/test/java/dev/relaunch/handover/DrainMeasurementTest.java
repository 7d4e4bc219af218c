package dev.relaunch.handover;

import io.javalin.Javalin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a check (run with {@code -Drelaunch.measure=true}): keep-alive clients that never retry send
 * requests at random gaps through a drain, and every request that fails (reset, or the connection closed before an
 * answer) is counted, for Jetty's plain drain with a 200 ms idle close (what relaunch did before) and for
 * {@link SharedPort}'s drain.
 */
class DrainMeasurementTest {
    private static final int CLIENTS = 32;
    private static final int DRAINS = 20;

    @Test
    void countFailedRequestsDuringDrains() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("relaunch.measure"), "a measurement: -Drelaunch.measure=true");
        for (boolean staleCheck : new boolean[] {false, true}) {
            for (boolean shared : new boolean[] {false, true}) {
                int failed = 0;
                int answered = 0;
                for (int i = 0; i < DRAINS; i++) {
                    int[] r = oneDrain(shared, staleCheck);
                    failed += r[0];
                    answered += r[1];
                }
                System.out.printf("%s, %s: %d failed of %d requests over %d drains%n",
                        shared ? "SharedPort drain (quiet period " + SharedPort.quietPeriodMs(10_000) + " ms)"
                                : "Jetty drain, idle connections closed after 200 ms",
                        staleCheck ? "clients skip a connection the server closed while idle"
                                : "clients reuse blindly", failed, failed + answered, DRAINS);
            }
        }
    }

    private static int[] oneDrain(boolean shared, boolean staleCheck) throws Exception {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.events.serverStarting(() -> {
                var server = cfg.unsafe.jettyInternal.server;
                if (shared) {
                    SharedPort.prepare(server, 10_000, null, null);
                } else {
                    server.setStopTimeout(10_000);
                    for (var c : server.getConnectors()) {
                        ((org.eclipse.jetty.server.ServerConnector) c).setShutdownIdleTimeout(200);
                    }
                }
            });
            cfg.routes.get("/fast", ctx -> ctx.result("ok"));
        }).start();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        // every client is connected before the drain: a connection still in the listener's queue when it closes is
        // reset by the kernel, which is another problem than the one measured here
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            RawConnection c = new RawConnection(app.port());
            c.get("/fast");
            clients.add(CompletableFuture.runAsync(() -> client(c, staleCheck, failed, answered), pool));
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300 + ThreadLocalRandom.current().nextInt(300)));
        app.stop();
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        pool.shutdown();
        return new int[] {failed.get(), answered.get()};
    }

    /** Requests with random pauses (0-400 ms) on one connection until the server says it closes it. */
    private static void client(RawConnection connection, boolean staleCheck, AtomicInteger failed,
                               AtomicInteger answered) {
        try (RawConnection c = connection) {
            while (true) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(400)));
                if (staleCheck && c.closedByServer()) {
                    return; // closed between requests: the client opens a new connection, nothing failed
                }
                RawConnection.Answer a;
                try {
                    a = c.get("/fast");
                } catch (IOException e) {
                    failed.incrementAndGet();
                    return;
                }
                answered.incrementAndGet();
                if (a.closes()) {
                    return;
                }
            }
        } catch (IOException e) {
            // closing failed: nothing to count
        }
    }
}
