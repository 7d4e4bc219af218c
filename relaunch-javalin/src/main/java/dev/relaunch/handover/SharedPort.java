package dev.relaunch.handover;

import dev.relaunch.launch.LaunchContract;
import dev.relaunch.config.Hosts;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a Jetty server for a handoff: its connector serves from the supervisor's shared listening socket (or,
 * where none is offered, shares its port with a successor through SO_REUSEPORT), and a stop is a drain that never
 * cuts a request and never resets a connection a client may be using.
 *
 * <p>The drain, run when the server starts stopping ({@code DRAIN_TIMEOUT_MS} in all):
 * <ol>
 *   <li>Every response from now on says {@code Connection: close}, and its connection closes after it: a keep-alive
 *       client learns from the server's own word, between two requests, that the connection ends (the idea of
 *       HAProxy's {@code idle-close-on-response}). Jetty's own graceful stop cannot do this for a response it had
 *       already started: it ends such a connection with a bare FIN, which races the client's next request.</li>
 *   <li>This process stops taking new connections. With the shared socket, old and new server accept from one queue:
 *       this process stops calling {@code accept()} ({@code setAccepting(false)}); an acceptor already waiting in it is
 *       handed a connection of this process's own, so it leaves {@code accept()} without taking a visitor's, and
 *       this process's copy of the socket closes; the socket stays open in the supervisor and the new server, so no
 *       queued connection is reset. With SO_REUSEPORT each
 *       process has its own queue and closes it now; Linux resets what is queued on a closing listener unless
 *       {@code net.ipv4.tcp_migrate_req=1}.</li>
 *   <li>Requests in progress finish. A connection that carries no request is closed once it has been silent for
 *       {@link #quietPeriodMs} counted from the start of the drain, long after any client that meant to use it would
 *       have; the quiet period delays only the old process's exit, never the new one's serving.</li>
 * </ol>
 */
public final class SharedPort {
    private static final Logger log = LoggerFactory.getLogger(SharedPort.class);
    /** Silence after which a draining server closes an idle keep-alive connection (capped by half the drain). */
    public static final long QUIET_PERIOD_MS = 2_000;
    /** How long a stopping server keeps its acceptors' last connections before it stops looking for them. */
    static final long ACCEPT_HANDOVER_MS = 100;
    private static final long POLL_MS = 20;

    private SharedPort() {}

    /**
     * Applies to every {@link ServerConnector} of the server; call before the server starts (the connectors exist but
     * are not bound). {@code inheritedPort} replaces port 0 so every process of one run shares the same port. The
     * first connector takes the shared listening socket when {@code launch} offers one (null: never, e.g. a
     * throw-away training server).
     */
    public static void prepare(Server server, long drainTimeoutMs, Integer inheritedPort, LaunchContract launch) {
        prepareConnectors(server, drainTimeoutMs, inheritedPort,
                sc -> launch != null && takeSharedListener(sc, launch));
    }

    /**
     * As {@link #prepare(Server, long, Integer, LaunchContract)}; {@code takeShared} makes a connector serve a socket
     * that outlives this process (true when it did), tried on each connector until one takes it.
     */
    static void prepareConnectors(Server server, long drainTimeoutMs, Integer inheritedPort,
                                  Predicate<ServerConnector> takeShared) {
        AtomicBoolean draining = new AtomicBoolean();
        List<ServerConnector> connectors = new ArrayList<>();
        ServerConnector shared = null;
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                connectors.add(sc);
                sc.setReuseAddress(true);
                sc.setReusePort(true);
                if (sc.getPort() == 0 && inheritedPort != null) {
                    sc.setPort(inheritedPort);
                }
                sc.setShutdownIdleTimeout(-1); // never shorten the idle timeout of a request in progress
                HttpConnectionFactory http = sc.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().addCustomizer((request, responseHeaders) -> {
                        if (draining.get()) {
                            responseHeaders.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                        }
                        return request;
                    });
                }
                if (shared == null && takeShared.test(sc)) {
                    shared = sc;
                }
            }
        }
        ServerConnector sharedConnector = shared;
        server.setStopTimeout(Math.max(1, drainTimeoutMs));
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
                draining.set(true);
                for (ServerConnector sc : connectors) {
                    stopAccepting(sc, sc == sharedConnector);
                }
                closeWhenQuiet(connectors, quietPeriodMs(drainTimeoutMs), deadline);
                // what is left are requests in progress: Jetty's graceful stop waits for them until the deadline
                server.setStopTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        });
    }

    /** The quiet period for a drain of {@code drainTimeoutMs}: at most half of it, so the drain stays bounded. */
    public static long quietPeriodMs(long drainTimeoutMs) {
        return Math.max(1, Math.min(QUIET_PERIOD_MS, drainTimeoutMs / 2));
    }

    /** Makes the connector serve from the supervisor's shared socket; false when none is offered (bind instead). */
    private static boolean takeSharedListener(ServerConnector sc, LaunchContract launch) {
        String host = sc.getHost() == null ? "0.0.0.0" : sc.getHost();
        try {
            Optional<ServerSocketChannel> ch = SharedListenerClient.obtain(launch, host, sc.getPort());
            if (ch.isEmpty()) {
                return false;
            }
            sc.setInheritChannel(true); // Jetty takes System.inheritedChannel(), which is now the shared socket
            return true;
        } catch (SharedListenerClient.Unavailable e) {
            // binding directly fails the same way and reports it as a start-up failure (exit code 3)
            log.warn("{}; binding the port directly instead", e.getMessage());
            return false;
        }
    }

    /**
     * No new connection for this process. A shared socket stays open (the successor accepts from it); an acceptor
     * already waiting in {@code accept()} still gets one more connection, served like any other, so wait a moment
     * for it. An own socket (SO_REUSEPORT) closes now, so the kernel sends new connections to the successor.
     */
    private static void stopAccepting(ServerConnector sc, boolean shared) {
        sc.setAccepting(false);
        Object channel = sc.getTransport();
        if (shared) {
            if (releaseAcceptors(sc)) {
                // this process's copy only: the socket stays open in the supervisor and the new server, nothing queued
                // on it is lost, and the supervisor sees from this process's open files that it takes no connection
                closeQuietly(channel);
            } // else Jetty's stop closes it; an acceptor still waiting serves one more connection like any other
            return;
        }
        try {
            // an acceptor blocked in accept() closes the channel when interrupted, quietly (Jetty logs a plain
            // close of a channel under a waiting acceptor as a failure)
            Method interrupt = AbstractConnector.class.getDeclaredMethod("interruptAcceptors");
            interrupt.setAccessible(true);
            interrupt.invoke(sc);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Cannot interrupt the acceptors: {}", e.toString());
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(Object channel) {
        try {
            if (channel instanceof ServerSocketChannel ssc) {
                ssc.close();
            }
        } catch (IOException e) {
            log.debug("Closing the listener: {}", e.getMessage());
        }
    }

    /**
     * An acceptor that was already waiting in {@code accept()} when accepting stopped would take one more connection
     * from the shared queue, whenever the next one comes, and serve it from this old process. Interrupting it could
     * lose a connection the kernel handed over at that instant, so this process gives each waiting acceptor a
     * connection of its own instead (the kernel may hand it to the new server instead: then it tries again), until
     * no acceptor waits in {@code accept()}, for at most {@link #ACCEPT_HANDOVER_MS}. True when none waits.
     */
    private static boolean releaseAcceptors(ServerConnector sc) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_HANDOVER_MS);
        java.net.InetSocketAddress self = selfAddress(sc);
        while (waitingInAccept(sc)) {
            if (self == null || System.nanoTime() > deadline) {
                return false;
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(self, 100);
            } catch (IOException e) {
                log.debug("Cannot connect to this server's own socket: {}", e.getMessage());
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // the acceptor's turn: its own thread
        }
        return true;
    }

    private static java.net.InetSocketAddress selfAddress(ServerConnector sc) {
        int port = sc.getLocalPort();
        if (port <= 0) {
            return null;
        }
        return new java.net.InetSocketAddress(Hosts.toReach(sc.getHost()), port);
    }

    /** Whether one of the connector's acceptor threads is blocked in {@code accept()}. */
    private static boolean waitingInAccept(ServerConnector sc) {
        Thread[] acceptors;
        try {
            java.lang.reflect.Field f = AbstractConnector.class.getDeclaredField("_acceptors");
            f.setAccessible(true);
            acceptors = (Thread[]) f.get(sc);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // cannot tell: no extra connections
        }
        for (Thread t : acceptors) {
            if (t != null && t.getState() == Thread.State.RUNNABLE) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getMethodName().equals("accept") && frame.getClassName().startsWith("sun.nio.ch.")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Waits, until the deadline, for every connection to end: one the server has said goodbye on is closed, one
     * silent for {@code quietMs} since the drain began is closed, one with a request in progress is left to finish.
     * Whatever is left at the deadline Jetty's stop closes.
     */
    private static void closeWhenQuiet(List<ServerConnector> connectors, long quietMs, long deadline) {
        for (ServerConnector sc : connectors) {
            for (EndPoint ep : sc.getConnectedEndPoints()) {
                ep.setIdleTimeout(Math.max(ep.getIdleTimeout(), quietMs * 2)); // our clock, not Jetty's, closes them
                if (ep instanceof IdleTimeout idle) {
                    idle.notIdle();
                }
            }
        }
        long quietNs = TimeUnit.MILLISECONDS.toNanos(quietMs);
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            boolean waiting = false;
            for (ServerConnector sc : connectors) {
                for (EndPoint ep : sc.getConnectedEndPoints()) {
                    if (ep.isOutputShutdown()) {
                        ep.close(); // the server already said goodbye (Connection: close, FIN sent)
                        continue;
                    }
                    if (busy(ep)) {
                        waiting = true; // a request in progress finishes, then its connection closes
                        continue;
                    }
                    long idleFor = ep instanceof IdleTimeout idle ? idle.getIdleFor() : Long.MAX_VALUE;
                    if (System.nanoTime() - start >= quietNs && idleFor >= quietMs) {
                        ep.close();
                    } else {
                        waiting = true;
                    }
                }
            }
            if (!waiting) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /** True while the connection carries a request (being read, handled or answered). */
    private static boolean busy(EndPoint ep) {
        Connection c = ep.getConnection();
        if (c instanceof HttpConnection http) {
            return http.getHttpChannel().getRequest() != null || !http.isRequestBufferEmpty();
        }
        return true; // another protocol: let Jetty's graceful stop decide
    }
}
