package dev.relaunch.spring.internal;

import dev.relaunch.config.Hosts;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.handover.SharedListenerClient;
import dev.relaunch.handover.SharedPort;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.Acceptor;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Spring Boot's embedded Tomcat on the supervisor's shared listening socket. Tomcat cannot bind a port another
 * process listens on (its endpoint sets only SO_REUSEADDR), but its NIO connector can serve an inherited channel
 * ({@code useInheritedChannel}): {@link SharedListenerClient} puts the supervisor's socket on standard input, where
 * Tomcat looks for it. Without a supervisor offering the socket, the port is not shared and the app restarts
 * stop-then-start.
 *
 * <p>The drain avoids Tomcat's own pause, which answers 503 to a request on a kept-alive connection and closes
 * idle ones at once: while draining, every response says {@code Connection: close} (a valve, idle until then); the
 * acceptor is released without losing a connection ({@link #releaseAcceptor}) and this process's copy of the shared
 * socket is closed (the queue stays with the supervisor and the successor); connections silent for the quiet period
 * are then closed by Tomcat's own read timeout; the drain ends when no connection is left or at the deadline.
 */
public final class TomcatPortSharing implements TomcatConnectorCustomizer, PortSharing {
    private static final Logger log = LoggerFactory.getLogger(TomcatPortSharing.class);
    private static final long POLL_MS = 20;
    /** The most the drain spends handing the acceptor connections of its own before it interrupts it instead. */
    private static final long ACCEPT_HANDOVER_MS = 1_000;

    private final long drainTimeoutMs;
    private final Integer inheritedPort;
    private final LaunchContract launch;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean drained = new AtomicBoolean();
    private volatile Connector connector;
    private volatile String whyNot = "Tomcat cannot share its port: run the app under `relaunch start -- …`, "
            + "which hands it the listening socket";

    /**
     * @param inheritedPort the port every process of this run binds when {@code PORT=0} (from the supervisor), or null
     * @param launch        the launch contract, or null when no supervisor offers a listening socket
     */
    public TomcatPortSharing(long drainTimeoutMs, Integer inheritedPort, LaunchContract launch) {
        this.drainTimeoutMs = drainTimeoutMs;
        this.inheritedPort = inheritedPort;
        this.launch = launch;
    }

    @Override
    public void customize(Connector c) {
        if (c.getPort() == 0 && inheritedPort != null) {
            c.setPort(inheritedPort);
        }
        if (launch == null || launch.listenerSocket() == null || connector != null) {
            return;
        }
        Object address = c.getProperty("address");
        String host = address instanceof InetAddress a ? a.getHostAddress() : "0.0.0.0";
        try {
            Optional<ServerSocketChannel> shared = SharedListenerClient.obtain(launch, host, c.getPort());
            if (shared.isEmpty()) {
                whyNot = "Tomcat cannot share its port: the supervisor's listening socket is not available here";
                return;
            }
        } catch (SharedListenerClient.Unavailable e) {
            whyNot = e.getMessage();
            log.warn("{}; Tomcat binds the port itself (stop-then-start restarts)", e.getMessage());
            return;
        }
        if (!c.setProperty("useInheritedChannel", "true")) {
            whyNot = "this Tomcat connector (" + c.getProtocolHandlerClassName() + ") cannot serve an inherited "
                    + "socket; use the default NIO connector";
            return;
        }
        connector = c;
    }

    /** The valve that says {@code Connection: close} on every response while draining; add it to the context. */
    public ValveBase closingValve() {
        return new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                if (draining.get()) {
                    response.setHeader("Connection", "close");
                }
                getNext().invoke(request, response);
            }
        };
    }

    @Override
    public boolean sharesPort() {
        return connector != null;
    }

    @Override
    public boolean bindsBesideSuccessor() {
        return false;
    }

    @Override
    public String whyNot() {
        return whyNot;
    }

    @Override
    public void drain() {
        Connector c = connector;
        if (c == null || !drained.compareAndSet(false, true)) {
            return; // not on the shared socket: Spring's own shutdown stops Tomcat
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
        long quietMs = SharedPort.quietPeriodMs(drainTimeoutMs);
        log.info("Stopping: draining in-flight requests (up to {} ms)", drainTimeoutMs);
        draining.set(true);
        AbstractEndpoint<?, ?> endpoint = endpoint(c);
        if (endpoint == null) {
            return;
        }
        if (!releaseAcceptor(endpoint)) {
            log.info("Tomcat's acceptor could not be released by a connection of its own; interrupting it");
            stopAccepting(endpoint);
        }
        if (endpoint.getConnections().isEmpty()) {
            log.info("Drained");
            return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(quietMs));
        // a connection silent for the quiet period is closed by Tomcat's poller; one in use ends after its response
        for (SocketWrapperBase<?> w : endpoint.getConnections()) {
            w.setReadTimeout(quietMs);
        }
        while (!endpoint.getConnections().isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
        int left = endpoint.getConnections().size();
        if (left > 0) {
            log.warn("Drain did not finish within {} ms (DRAIN_TIMEOUT_MS); {} connections are closed by the stop",
                    drainTimeoutMs, left);
        } else {
            log.info("Drained");
        }
    }

    /**
     * Stops accepting without ever interrupting an {@code accept()}: an interrupt closes the socket under a call that
     * the kernel may have just handed a client's connection, which is then reset (seen: one "Connection reset" on a
     * new connection in a few thousand, under load). Instead the connection limit drops to 0, so that Tomcat's
     * acceptor waits for a free slot before it calls {@code accept()} again; while it still waits in {@code accept()}
     * this process connects to its own socket, so the call returns — with that connection, or with a client's, which
     * is served like any other (with {@code Connection: close}). Once the acceptor waits on the limit, this process's
     * copy of the socket is closed. False where this cannot be done (no connection limit, no acceptor thread found,
     * nothing answers on the port, or it takes longer than {@value #ACCEPT_HANDOVER_MS} ms).
     */
    private boolean releaseAcceptor(AbstractEndpoint<?, ?> endpoint) {
        Thread acceptor = acceptorThread(endpoint);
        int port = endpoint.getLocalPort();
        if (endpoint.getMaxConnections() == -1 || acceptor == null || port <= 0) {
            return false;
        }
        endpoint.setMaxConnections(0);
        InetAddress bound = endpoint.getAddress();
        InetSocketAddress self = new InetSocketAddress(
                Hosts.toReach(bound == null ? null : bound.getHostAddress()), port);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACCEPT_HANDOVER_MS);
        while (acceptor.isAlive() && !waitsOnTheLimit(acceptor)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (inAccept(acceptor)) {
                try (Socket s = new Socket()) {
                    s.connect(self, 100);
                } catch (IOException e) {
                    log.debug("Cannot connect to this server's own socket: {}", e.getMessage());
                    return false;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // the acceptor's turn: its own thread
        }
        try {
            Channel inherited = System.inheritedChannel(); // what Tomcat accepts from (useInheritedChannel)
            if (inherited != null) {
                inherited.close(); // this process's copy only
            }
        } catch (IOException e) {
            log.debug("Closing this process's copy of the shared socket: {}", e.getMessage());
        }
        return true;
    }

    private static Thread acceptorThread(AbstractEndpoint<?, ?> endpoint) {
        String name = endpoint.getName() + "-Acceptor";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }

    private static boolean inAccept(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("accept")
                && f.getClassName().startsWith("sun.nio.ch."));
    }

    private static boolean waitsOnTheLimit(Thread t) {
        return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().endsWith(".LimitLatch"));
    }

    /**
     * Ends the acceptor without letting it take one more connection: interrupting its blocked {@code accept()}
     * closes this process's copy of the socket, so nothing is accepted (and dropped, as Tomcat's own stop would do
     * with a connection accepted while stopping); then the acceptor is told to stop.
     */
    private static void stopAccepting(AbstractEndpoint<?, ?> endpoint) {
        String name = endpoint.getName() + "-Acceptor";
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                .forEach(Thread::interrupt);
        try {
            Field f = AbstractEndpoint.class.getDeclaredField("acceptor");
            f.setAccessible(true);
            if (f.get(endpoint) instanceof Acceptor<?> acceptor) {
                acceptor.stopMillis(100);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Cannot stop Tomcat's acceptor: {}", e.toString());
        }
    }

    private static AbstractEndpoint<?, ?> endpoint(Connector c) {
        try {
            Method m = org.apache.coyote.AbstractProtocol.class.getDeclaredMethod("getEndpoint");
            m.setAccessible(true);
            return (AbstractEndpoint<?, ?>) m.invoke(c.getProtocolHandler());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot reach Tomcat's endpoint to drain it ({}); Spring's shutdown stops it", e.toString());
            return null;
        }
    }
}
