package dev.relaunch.supervisor;

import dev.relaunch.json.WireJson;
import dev.relaunch.process.PortHolder;
import dev.relaunch.restart.OpErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the app's listening socket to server children over a Unix socket ({@code SCM_RIGHTS}), so that every
 * child serves from the same socket and a restart never closes a listener with connections queued on it.
 *
 * <p>Protocol, one exchange per connection: the child writes one JSON line {@code {"nonce", "host", "port"}} (port
 * 0: the port of the shared listener, or any free one); the supervisor answers one JSON line,
 * {@code {"ok":true,"port":N}} with the listening socket attached, or {@code {"ok":false,"code","message"}}
 * ({@code unknown_child}, {@code port_unavailable}, {@code bad_request}). The socket file is owner-only in the
 * owner-only instance folder, and only children this supervisor started (by their nonce) get an answer.
 */
final class ListenerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ListenerService.class);
    private static final int MAX_REQUEST_BYTES = 4096;
    /** How long a port held by another program is tried again before the child is told it is unavailable. */
    static final long PORT_WAIT_MS = 5_000;

    private final Path path;
    private final Predicate<String> knownChild;
    private AFUNIXServerSocket server;
    private SharedListener listener;
    private volatile boolean closed;

    ListenerService(Path path, Predicate<String> knownChild) {
        this.path = path;
        this.knownChild = knownChild;
    }

    /**
     * Opens the socket and starts answering on a daemon thread. False (logged) when this platform cannot pass
     * sockets; children then bind the port themselves.
     */
    boolean start() {
        if (!SharedListener.supported()) {
            return false;
        }
        try {
            Files.deleteIfExists(path);
            server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(path.toFile()));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException | LinkageError e) {
            log.info("Children bind the port themselves (SO_REUSEPORT): cannot pass a listening socket here ({})",
                    e.toString());
            close();
            return false;
        }
        Thread t = new Thread(this::serve, "listener-service");
        t.setDaemon(true);
        t.start();
        return true;
    }

    Path path() {
        return path;
    }

    private void serve() {
        while (!closed) {
            try (AFUNIXSocket s = server.accept()) {
                s.setSoTimeout(10_000);
                answer(s);
            } catch (IOException e) {
                if (!closed) {
                    log.debug("Listener request failed: {}", e.getMessage());
                }
            }
        }
    }

    private void answer(AFUNIXSocket s) throws IOException {
        Map<String, Object> req;
        try {
            req = WireJson.parseObject(readLine(s.getInputStream()));
        } catch (IOException e) {
            write(s.getOutputStream(), refusal("bad_request", "expected one JSON line {nonce, host, port}"));
            return;
        }
        if (!knownChild.test(req.get("nonce") instanceof String n ? n : "")) {
            write(s.getOutputStream(), refusal("unknown_child", "no server process of this supervisor has that nonce"));
            return;
        }
        String host = req.get("host") instanceof String h ? h : "127.0.0.1";
        int port = req.get("port") instanceof Integer p ? p : -1;
        if (port < 0 || port > 65535) {
            write(s.getOutputStream(), refusal("bad_request", "port must be 0-65535"));
            return;
        }
        SharedListener l;
        try {
            l = listenerFor(host, port);
        } catch (IOException e) {
            String why = e instanceof BindException ? "held by " + PortHolder.describe(port) : e.getMessage();
            write(s.getOutputStream(), refusal(OpErrorCode.PORT_UNAVAILABLE.code(),
                    "cannot listen on " + host + ":" + port + " ("
                    + why + ", waited " + PORT_WAIT_MS / 1000 + " s)"));
            return;
        }
        s.setOutboundFileDescriptors(l.descriptor());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", true);
        reply.put("port", l.port());
        write(s.getOutputStream(), reply);
    }

    private static Map<String, Object> refusal(String code, String message) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", false);
        reply.put("code", code);
        reply.put("message", message);
        return reply;
    }

    /**
     * The shared listener for that address: the current one when it matches, else a new one (the old is closed). A
     * port another program holds is tried again for {@link #PORT_WAIT_MS} (it may be on its way out).
     */
    private synchronized SharedListener listenerFor(String host, int port) throws IOException {
        if (listener != null && listener.serves(host, port)) {
            return listener;
        }
        SharedListener next = openWaiting(host, port);
        if (listener != null) {
            log.info("The app now listens on {}:{} (was port {}); the previous listening socket is closed once "
                    + "its last server exits", host, next.port(), listener.port());
            listener.close(); // servers still using it keep their own copy until they exit
        }
        listener = next;
        log.info("Listening on {}:{} for every server process (one socket shared across restarts)", host,
                next.port());
        return next;
    }

    private static SharedListener openWaiting(String host, int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PORT_WAIT_MS);
        while (true) {
            try {
                return SharedListener.open(host, port);
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1 || buf.size() >= MAX_REQUEST_BYTES) {
                throw new IOException("no complete request line");
            }
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, Map<String, Object> reply) throws IOException {
        out.write((WireJson.write(reply) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Closing the listener service: {}", e.getMessage());
        }
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}
