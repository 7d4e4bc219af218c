package dev.relaunch.control;

import dev.relaunch.json.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: a Unix domain socket speaking line-delimited JSON, one answer line per request line.
 * Requests are {@code {"cmd": "...", ...}}; answers are {@code {"ok": true, "data": ...}} or
 * {@code {"ok": false, "error": {"code", "message"}}}. Only the owner can connect (0600 socket in a 0700 folder).
 * Where no Unix domain socket can be bound, the same protocol runs on a loopback TCP port, and every request carries
 * the token from the owner-only file at the socket's path ({@link ControlListener}).
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_LINE = 64 * 1024;

    /**
     * Answers one request (a JSON object with a {@code cmd} string) with the answer's {@code data}: a record, a map, a
     * list or a scalar (see {@link WireJson#toValue}); runs on a connection thread, may block briefly.
     */
    @FunctionalInterface
    public interface Handler {
        Object handle(Map<String, Object> request) throws ControlException;
    }

    /**
     * Answers one typed request with a typed answer (a {@link ControlAnswer} record, an operation record);
     * runs on a connection thread, may block.
     */
    @FunctionalInterface
    public interface Endpoint {
        Object answer(ControlRequest request) throws ControlException;
    }

    private final Path path;
    private final Handler handler;
    private final ExecutorService pool;
    private final boolean forceTcp;
    private volatile ServerSocketChannel channel;
    /** What every request must carry on a TCP control port; null on a Unix domain socket. */
    private volatile String token;
    private volatile boolean closed;

    public ControlServer(Path path, Handler handler) {
        this(path, handler, ControlListener.tcpForced(System.getenv()));
    }

    /**
     * @param forceTcp listen on a loopback TCP port with a token even where a Unix domain socket could be bound
     */
    public ControlServer(Path path, Handler handler, boolean forceTcp) {
        this.path = path;
        this.forceTcp = forceTcp;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "control-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds the socket (see {@link ControlListener} for when it is a TCP port instead). A socket file nobody answers
     * on is stale (a crashed owner) and is replaced.
     *
     * @throws AlreadyServedException when another live process answers on the path
     */
    public void start() throws IOException {
        if (Files.exists(path)) {
            if (ControlClient.isAlive(path)) {
                throw new AlreadyServedException(path);
            }
            log.info("Removing stale control socket {}", path);
            Files.deleteIfExists(path);
        }
        ControlListener.Bound bound = ControlListener.open(path, forceTcp);
        token = bound.token();
        ServerSocketChannel ch = bound.channel();
        channel = ch;
        Thread acceptor = new Thread(this::acceptLoop, "control-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A control socket whose requests are parsed into {@link ControlRequest}s before they reach the endpoint. */
    public static ControlServer typed(Path path, Endpoint endpoint) {
        return new ControlServer(path, req -> endpoint.answer(ControlRequest.parse(req)));
    }

    public Path path() {
        return path;
    }

    /** True when this server listens on a loopback TCP port (with a token) rather than a Unix domain socket. */
    public boolean tcp() {
        return token != null;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = channel.accept();
                pool.execute(() -> serve(c));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Control socket accept failed: {}", e.getMessage());
                }
                return;
            }
        }
    }

    /** A second line of defence behind the 0600 socket: only this user's processes are answered. */
    private static boolean sameUser(SocketChannel c) {
        try {
            return c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName()
                    .equals(System.getProperty("user.name"));
        } catch (UnsupportedOperationException | IOException e) {
            return true; // no peer credentials on this platform: the socket's permissions decide
        }
    }

    private void serve(SocketChannel c) {
        if (!sameUser(c)) {
            log.warn("Refused a control connection from another user");
            try {
                c.close();
            } catch (IOException e) {
                log.debug("Closing a refused control connection: {}", e.getMessage());
            }
            return;
        }
        try (c; BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                StandardCharsets.UTF_8)); OutputStream out = Channels.newOutputStream(c)) {
            String line;
            while ((line = readLine(in)) != null) {
                if (line.isBlank()) {
                    continue;
                }
                out.write((answer(line) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            log.debug("Control connection closed: {}", e.getMessage());
        }
    }

    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int ch;
        while ((ch = in.read()) != -1) {
            if (ch == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("control request longer than " + MAX_LINE + " bytes");
            }
            sb.append((char) ch);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private String answer(String line) {
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            Object parsed = WireJson.parse(line);
            @SuppressWarnings("unchecked")
            Map<String, Object> req = parsed instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                    : new LinkedHashMap<>();
            checkToken(req.remove(ControlAddress.Tcp.TOKEN_FIELD));
            if (!(parsed instanceof Map<?, ?>) || !(req.get("cmd") instanceof String)) {
                throw new ControlException("bad_request", "expected a JSON object with a \"cmd\" field");
            }
            Object data = WireJson.toValue(handler.handle(req));
            reply.put("ok", true);
            reply.put("data", data);
        } catch (ControlException e) {
            reply.put("ok", false);
            reply.put("error", error(e.code(), e.getMessage()));
        } catch (IOException e) {
            reply.put("ok", false);
            reply.put("error", error("bad_request", "invalid JSON: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Control request failed", e);
            reply.clear();
            reply.put("ok", false);
            reply.put("error", error("internal_error", String.valueOf(e.getMessage())));
        }
        return WireJson.write(reply);
    }

    /** On a TCP control port, a request without the right token is refused before it is read any further. */
    private void checkToken(Object given) throws ControlException {
        String expected = token;
        if (expected == null) {
            return;
        }
        byte[] g = given instanceof String t ? t.getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(g, expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ControlException("unauthorized", "this control port needs the token written in " + path
                    + " (owner-only); relaunch's own clients read it there");
        }
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        return e;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.debug("Closing control socket: {}", e.getMessage());
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Deleting control socket: {}", e.getMessage());
        }
        pool.shutdownNow();
    }

    /** Another live process already serves this control socket. */
    public static final class AlreadyServedException extends IOException {
        public AlreadyServedException(Path path) {
            super("another relaunch process is already running (it answers on " + path + ")");
        }
    }
}
