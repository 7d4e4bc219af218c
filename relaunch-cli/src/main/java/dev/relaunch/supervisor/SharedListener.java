package dev.relaunch.supervisor;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;
import org.newsclub.net.unix.FileDescriptorCast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listening socket of the app, opened by the supervisor and kept open across every restart; each server
 * child gets it as its standard input and serves from it ({@code System.inheritedChannel()}, as inetd and systemd
 * socket activation do). Old and new server accept from the same queue, so no connection waits on a listener that
 * is about to close: with SO_REUSEPORT each process has its own queue, and Linux resets the connections queued on
 * a closing one unless {@code net.ipv4.tcp_migrate_req=1}.
 *
 * <p>Needs {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (the launcher and the jar's manifest give it) to
 * read the channel's descriptor, and junixsocket's native library to hand a descriptor to a child. Where either is
 * missing (Windows, a hand-written {@code java -cp} without the flag), {@link #open} says so and children bind the
 * port themselves with SO_REUSEPORT, as before.
 */
final class SharedListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedListener.class);
    /** Connections the kernel queues while no server accepts (a crashed child, or every child busy starting). */
    static final int BACKLOG = 1024;

    private final ServerSocketChannel channel;
    private final ProcessBuilder.Redirect stdin;
    private final String host;
    private final int requestedPort;

    private SharedListener(ServerSocketChannel channel, ProcessBuilder.Redirect stdin, String host, int port) {
        this.channel = channel;
        this.stdin = stdin;
        this.host = host;
        this.requestedPort = port;
    }

    /**
     * Binds {@code host:port} (port 0: any free port) and prepares it for children. Empty when this platform or
     * JVM cannot pass a socket to a child (the reason is logged once).
     *
     * @throws IOException when the address cannot be bound (port in use, host not local): the caller reports it
     */
    static Optional<SharedListener> open(String host, int port) throws IOException {
        Optional<Method> getFd = descriptorAccess();
        if (getFd.isEmpty()) {
            return Optional.empty();
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            // no SO_REUSEPORT: a stray server from an earlier run on this port must make the bind fail, not share
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(unbracket(host), port), BACKLOG);
            FileDescriptor fd = (FileDescriptor) getFd.get().invoke(ch);
            ProcessBuilder.Redirect redirect = FileDescriptorCast.using(fd).as(ProcessBuilder.Redirect.class);
            return Optional.of(new SharedListener(ch, redirect, host, port));
        } catch (IOException e) {
            ch.close();
            throw e;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            ch.close();
            log.info("Children bind the port themselves (SO_REUSEPORT): cannot pass a listening socket here ({})",
                    e.toString());
            return Optional.empty();
        }
    }

    /** {@code sun.nio.ch.SelChImpl#getFD}, when this JVM was given access to it. */
    private static Optional<Method> descriptorAccess() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
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

    /** The standard input to give a server child: this listening socket. */
    ProcessBuilder.Redirect stdin() {
        return stdin;
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
