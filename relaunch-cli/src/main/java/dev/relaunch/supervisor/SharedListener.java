package dev.relaunch.supervisor;

import dev.relaunch.platform.Platforms;
import dev.relaunch.platform.PortSharing;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listening socket of the app, opened by the supervisor and kept open across every restart; each server
 * child receives a copy ({@link ListenerService}) and serves from it, as nginx, einhorn and systemd socket
 * activation do. Old and new server accept from the same queue, so no connection waits on a listener that is about
 * to close: with SO_REUSEPORT each process has its own queue, and Linux resets the connections queued on a closing
 * one unless {@code net.ipv4.tcp_migrate_req=1}.
 *
 * <p>Needs {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (the launcher and the jar's manifest give it) to
 * read the channel's descriptor. Where it is missing (a hand-written {@code java -cp} without the flag) or the
 * platform cannot hand a socket over (Windows), {@link #supported} is false and children bind the port themselves.
 */
final class SharedListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedListener.class);
    /** Connections the kernel queues while no server accepts (a crashed child, or every child busy starting). */
    static final int BACKLOG = 1024;

    private final ServerSocketChannel channel;
    private final FileDescriptor fd;
    private final String host;
    private final int requestedPort;

    private SharedListener(ServerSocketChannel channel, FileDescriptor fd, String host, int port) {
        this.channel = channel;
        this.fd = fd;
        this.host = host;
        this.requestedPort = port;
    }

    /** True when this JVM can read a channel's descriptor, so children can be given the shared listener. */
    static boolean supported() {
        return GET_FD.isPresent();
    }

    private static final Optional<Method> GET_FD = descriptorAccess();

    /**
     * Binds {@code host:port} (port 0: any free port) for children to share.
     *
     * @throws IOException when the address cannot be bound (port in use, host not local): the caller reports it
     * @throws IllegalStateException when {@link #supported} is false
     */
    static SharedListener open(String host, int port) throws IOException {
        Method getFd = GET_FD.orElseThrow(() -> new IllegalStateException("descriptor access unavailable"));
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            // no SO_REUSEPORT: a stray server from an earlier run on this port must make the bind fail, not share
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(unbracket(host), port), BACKLOG);
            return new SharedListener(ch, (FileDescriptor) getFd.invoke(ch), host, port);
        } catch (ReflectiveOperationException e) {
            ch.close();
            throw new IOException("cannot read the listening socket's descriptor: " + e, e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** {@code sun.nio.ch.SelChImpl#getFD}, when this JVM was given access to it. */
    private static Optional<Method> descriptorAccess() {
        if (Platforms.current().portSharing() != PortSharing.HAND_OVER) {
            return Optional.empty();
        }
        try {
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            if (!Object.class.getModule().isExported("sun.nio.ch", SharedListener.class.getModule())) {
                log.info("Children bind the port themselves (SO_REUSEPORT): start the JVM with "
                        + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED to share one listening socket");
                return Optional.empty();
            }
            return Optional.of(selCh.getMethod("getFD"));
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The descriptor to send to a child; stays valid until {@link #close}. */
    FileDescriptor descriptor() {
        return fd;
    }

    int port() {
        return ((InetSocketAddress) channel.socket().getLocalSocketAddress()).getPort();
    }

    /** True when this listener is bound where a child configured with {@code host:port} would bind. */
    boolean serves(String otherHost, int otherPort) {
        return host.equals(otherHost) && (otherPort == requestedPort || otherPort == port() || otherPort == 0);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing the shared listener: {}", e.getMessage());
        }
    }
}
