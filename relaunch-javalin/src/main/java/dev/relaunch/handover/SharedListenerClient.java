package dev.relaunch.handover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.json.Json;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.restart.OpErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the supervisor for the app's shared listening socket (see the supervisor's {@code ListenerService}) and
 * makes it this process's inherited channel: the descriptor received with {@code SCM_RIGHTS} is moved onto standard
 * input, where {@link System#inheritedChannel()} (and Jetty's {@code ServerConnector#setInheritChannel}) find it,
 * as under inetd or systemd socket activation. No JVM flag is needed in the app.
 *
 * <p>Call once, before anything else reads {@code System.inheritedChannel()} or standard input.
 */
public final class SharedListenerClient {
    private static final Logger log = LoggerFactory.getLogger(SharedListenerClient.class);
    private static final ObjectMapper JSON = Json.newMapper();
    static final long CONNECT_WAIT_MS = 3_000;
    private static final String NULL_DEVICE = "/dev/null";

    private SharedListenerClient() {}

    /** The shared listener could not be had for a reason the user must fix (the port is held by another program). */
    public static final class Unavailable extends IOException {
        private final String code;

        Unavailable(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Loads the native part of the socket hand-over ahead of time (a standby server does this while it warms up, so
     * a restart does not wait for it). Harmless where it is not supported.
     */
    public static void preload() {
        try {
            AFUNIXSocket.isSupported();
        } catch (RuntimeException | LinkageError e) {
            log.debug("Socket hand-over unavailable: {}", e.toString());
        }
    }

    /**
     * The shared listener for {@code host:port}, or empty when this process was not given a listener service or
     * the platform cannot receive sockets (the caller then binds the port itself, logged at info).
     *
     * @throws Unavailable when the supervisor cannot listen on that address ({@code port_unavailable})
     */
    public static Optional<ServerSocketChannel> obtain(LaunchContract launch, String host, int port)
            throws Unavailable {
        if (launch.listenerSocket() == null) {
            return Optional.empty();
        }
        try (AFUNIXSocket s = connect(launch.listenerSocket())) {
            s.setSoTimeout(10_000);
            s.ensureAncillaryReceiveBufferSize(128);
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("nonce", launch.nonce() == null ? "" : launch.nonce());
            req.put("host", host);
            req.put("port", port);
            s.getOutputStream().write((JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            JsonNode reply = JSON.readTree(readLine(s.getInputStream()));
            FileDescriptor[] fds = s.getReceivedFileDescriptors();
            if (!reply.path("ok").asBoolean(false)) {
                String code = reply.path("code").asText("listener_unavailable");
                String message = reply.path("message").asText("the supervisor gave no listening socket");
                if (code.equals(OpErrorCode.PORT_UNAVAILABLE.code())) {
                    throw new Unavailable(code, message);
                }
                throw new IOException(code + ": " + message);
            }
            if (fds == null || fds.length != 1) {
                throw new IOException("the supervisor's answer carried no socket");
            }
            return Optional.of(inheritFrom(fds[0]));
        } catch (Unavailable e) {
            throw e;
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.info("Binding the port directly (SO_REUSEPORT): the shared listening socket is not available ({})",
                    e.toString());
            return Optional.empty();
        }
    }

    /** Connects, waiting up to {@link #CONNECT_WAIT_MS} for a service that is still starting (a fresh supervisor). */
    private static AFUNIXSocket connect(Path socket) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_WAIT_MS);
        while (true) {
            try {
                return AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket.toFile()));
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /**
     * The JDK's inherited channel assumes inetd's socket on descriptors 0, 1 and 2: closing it (the drain does) points
     * all three at {@code /dev/null}, and every line this process writes after that — the drain's own, the last ones
     * before its exit — would be lost to the supervisor's log. So {@link System#out} and {@link System#err} move to
     * copies of their descriptors first, which that close leaves alone.
     */
    private static void keepStandardStreams(Method dup2) throws IOException, ReflectiveOperationException {
        System.setOut(new PrintStream(new FileOutputStream(copyOf(dup2, FileDescriptor.out)), true));
        System.setErr(new PrintStream(new FileOutputStream(copyOf(dup2, FileDescriptor.err)), true));
    }

    /** A new descriptor for what {@code fd} refers to; open for the life of the process. */
    private static FileDescriptor copyOf(Method dup2, FileDescriptor fd)
            throws IOException, ReflectiveOperationException {
        FileDescriptor copy = new FileOutputStream(NULL_DEVICE).getFD(); // a fresh descriptor number, replaced below
        dup2.invoke(null, fd, copy);
        return copy;
    }

    /** Moves the received descriptor onto standard input and returns it as the JDK's inherited channel. */
    private static ServerSocketChannel inheritFrom(FileDescriptor received)
            throws IOException, ReflectiveOperationException {
        // junixsocket's dup2: package-private, reachable because junixsocket is on the class path (unnamed module)
        Method dup2 = Class.forName("org.newsclub.net.unix.NativeUnixSocket")
                .getDeclaredMethod("duplicate", FileDescriptor.class, FileDescriptor.class);
        dup2.setAccessible(true);
        keepStandardStreams(dup2);
        dup2.invoke(null, received, FileDescriptor.in);
        new FileInputStream(received).close(); // the copy on standard input stays
        Channel inherited = System.inheritedChannel();
        if (inherited instanceof ServerSocketChannel ssc) {
            return ssc;
        }
        throw new IOException("standard input is not a listening socket after the hand-over: " + inherited);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1 || buf.size() > 4096) {
                throw new IOException("the supervisor closed the listener request without an answer");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
