package dev.relaunch.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drain as keep-alive clients see it, on a real Jetty server driven with raw sockets: connections end between
 * requests by the server's word ({@code Connection: close}), never by a reset.
 */
class SharedPortDrainTest {
    private static final long DRAIN_MS = 6_000;
    private static final long QUIET_MS = SharedPort.quietPeriodMs(DRAIN_MS);

    private Javalin app;
    private int port;
    private final ScheduledExecutorService clients = Executors.newScheduledThreadPool(16);

    /** Requests in {@code /slow} right now. */
    private final AtomicInteger inSlow = new AtomicInteger();

    @BeforeEach
    void start() {
        start(sc -> false); // the connector binds its own socket (SO_REUSEPORT)
    }

    /** Starts the app; {@code takeShared} may give the connector a socket that stands for the supervisor's. */
    private void start(Predicate<ServerConnector> takeShared) {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.events.serverStarting(() -> SharedPort.prepareConnectors(cfg.unsafe.jettyInternal.server, DRAIN_MS,
                    null, takeShared));
            cfg.routes.get("/fast", ctx -> ctx.result("ok"));
            cfg.routes.get("/slow", ctx -> {
                inSlow.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(ctx.queryParam("ms"))));
                ctx.result("slow ok");
            });
        }).start();
        port = app.port();
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        app.stop();
    }

    private CompletableFuture<Void> drainInBackground() {
        return CompletableFuture.runAsync(app::stop);
    }

    @Test
    void keepAliveRequestsSentAtRandomInstantsDuringTheDrainAreAnsweredAndTheConnectionEndsCleanly() throws Exception {
        List<RawConnection> conns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            RawConnection c = new RawConnection(port);
            assertThat(c.get("/fast").status()).isEqualTo(200);
            conns.add(c);
        }
        // idle for longer than Jetty's own shutdown idle timeout would allow before the drain starts
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(400));
        CompletableFuture<Void> drain = drainInBackground();
        Random random = new Random(42);
        List<CompletableFuture<RawConnection.Answer>> answers = new ArrayList<>();
        for (RawConnection c : conns) {
            long at = (long) (random.nextDouble() * QUIET_MS * 0.8);
            CompletableFuture<RawConnection.Answer> f = new CompletableFuture<>();
            clients.schedule(() -> {
                try {
                    RawConnection.Answer a = c.get("/fast");
                    assertThat(c.awaitEndOfStream()).as("clean close after the answer").isTrue();
                    f.complete(a);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            }, at, TimeUnit.MILLISECONDS);
            answers.add(f);
        }
        for (CompletableFuture<RawConnection.Answer> f : answers) {
            RawConnection.Answer a = f.get(10, TimeUnit.SECONDS);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).isEqualTo("ok");
            assertThat(a.closes()).as("Connection: close while draining: %s", a.headers()).isTrue();
        }
        drain.get(DRAIN_MS + 2_000, TimeUnit.MILLISECONDS);
        for (RawConnection c : conns) {
            c.close();
        }
    }

    @Test
    void theListenerClosesAtOnceAndARequestInProgressCompletes() throws Exception {
        try (RawConnection slow = new RawConnection(port)) {
            CompletableFuture<RawConnection.Answer> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.get("/slow?ms=1500");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inSlow.get() == 1); // in progress
            CompletableFuture<Void> drain = drainInBackground();
            Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThatThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        }
                    }).as("new connections are refused once the drain starts").isInstanceOf(ConnectException.class));
            RawConnection.Answer a = answer.get(5, TimeUnit.SECONDS);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).isEqualTo("slow ok");
            if (!a.closes()) {
                // answered without "Connection: close" (the answer began before the drain): the connection ends
                // cleanly once it has been silent for the quiet period
                assertThat(slow.awaitEndOfStream()).as("FIN, not a reset").isTrue();
            }
            drain.get(DRAIN_MS + 2_000, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * On the shared socket (which stays open in the supervisor, so queued connections wait for the successor) the
     * draining server must stop taking connections at once, not when Jetty's stop closes the socket after the
     * requests in progress: an acceptor already blocked in {@code accept()} would take the next visitor. SharedPort
     * hands each waiting acceptor a connection of its own, then closes its copy of the socket.
     */
    @Test
    void onTheSharedSocketTheWaitingAcceptorsAreReleasedAndTheSocketClosedWhileARequestIsInProgress()
            throws Exception {
        app.stop();
        start(sc -> {
            try {
                ServerSocketChannel shared = ServerSocketChannel.open();
                shared.bind(new InetSocketAddress("127.0.0.1", 0));
                sc.open(shared); // as Jetty takes the inherited channel: blocking, served by its acceptor threads
                return true;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (RawConnection slow = new RawConnection(port)) {
            CompletableFuture<RawConnection.Answer> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.get("/slow?ms=3500");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inSlow.get() == 1);
            CompletableFuture<Void> drain = drainInBackground();
            // Jetty's own stop would close the socket only after the slow request, 3.5 s after it began
            Awaitility.await().atMost(Duration.ofMillis(2_000)).untilAsserted(() ->
                    assertThatThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        }
                    }).as("this server's copy of the shared socket is closed").isInstanceOf(ConnectException.class));
            assertThat(answer).as("the request in progress still runs").isNotDone();
            RawConnection.Answer a = answer.get(10, TimeUnit.SECONDS);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).isEqualTo("slow ok");
            slow.close(); // done with it: the drain need not wait for the quiet period
            drain.get(DRAIN_MS + 2_000, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aConnectionThatStaysIdleIsClosedCleanlyAfterTheQuietPeriod() throws Exception {
        try (RawConnection idle = new RawConnection(port)) {
            assertThat(idle.get("/fast").status()).isEqualTo(200);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(QUIET_MS + 200)); // idle longer than the quiet period
            long start = System.nanoTime();
            CompletableFuture<Void> drain = drainInBackground();
            assertThat(idle.awaitEndOfStream()).as("FIN, not a reset").isTrue();
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(closedAfterMs).as("silence is counted from the start of the drain")
                    .isBetween(QUIET_MS - 250, DRAIN_MS);
            drain.get(DRAIN_MS + 2_000, TimeUnit.MILLISECONDS);
        }
    }
}
