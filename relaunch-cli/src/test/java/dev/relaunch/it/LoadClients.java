package dev.relaunch.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP clients that never retry, as many real ones behave (Node's {@code http.Agent({keepAlive: true})}, SDKs,
 * {@code curl} loops): every request is sent once and counted as failed when it gets no complete answer (refused,
 * reset, closed before the answer, an answer other than 200). Two kinds:
 * <ul>
 *   <li>keep-alive: one connection reused for request after request, like a pooled agent. A connection the server
 *       closed while it was idle is noticed before the next request (as Node does, by the FIN it already read) and
 *       replaced; a connection closed after the request was sent is a failure. An answer with
 *       {@code Connection: close} ends the connection after it.</li>
 *   <li>fresh: a new connection per request.</li>
 * </ul>
 * Each client sends a request, waits a random short pause, and repeats until {@link #close()}.
 */
final class LoadClients implements AutoCloseable {
    /**
     * One kind of client: how many, which path, connection reuse, the longest pause between requests, and the
     * longest delay between noticing that an idle connection is still open and sending on it (an event loop's
     * latency: Node handles the server's FIN only on its next turn; a request queued before that is lost).
     */
    record Kind(String name, int count, String path, boolean keepAlive, int maxPauseMs, int maxStaleMs) {
        Kind(String name, int count, String path, boolean keepAlive, int maxPauseMs) {
            this(name, count, path, keepAlive, maxPauseMs, 0);
        }
    }

    private final int port;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    LoadClients(int port, List<Kind> kinds) {
        this.port = port;
        for (Kind k : kinds) {
            for (int i = 0; i < k.count(); i++) {
                Thread t = new Thread(() -> loop(k), "load-" + k.name() + "-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
        }
        threads.forEach(Thread::start);
    }

    long ok() {
        return ok.get();
    }

    long failed() {
        return failed.get();
    }

    long connections() {
        return connections.get();
    }

    /** Failure counts by kind and cause, e.g. {@code keepalive: Connection reset=1}. */
    Map<String, AtomicLong> failures() {
        return failures;
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop(Kind k) {
        Socket socket = null;
        while (running.get()) {
            try {
                if (socket != null && closedByServer(socket)) {
                    socket.close();
                    socket = null;
                }
                if (socket != null && k.maxStaleMs() > 0) {
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(k.maxStaleMs() * 1000 + 1) * 1000L);
                }
                if (socket == null) {
                    socket = connect();
                }
                boolean keep = exchange(socket, k);
                if (!keep || !k.keepAlive()) {
                    socket.close();
                    socket = null;
                }
                ok.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                failed.incrementAndGet();
                failures.computeIfAbsent(k.name() + ": " + cause(e), x -> new AtomicLong()).incrementAndGet();
                closeQuietly(socket);
                socket = null;
            }
            int pause = ThreadLocalRandom.current().nextInt(k.maxPauseMs() + 1);
            if (pause > 0) {
                LockSupport.parkNanos(pause * 1_000_000L);
            }
        }
        closeQuietly(socket);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        connections.incrementAndGet();
        return s;
    }

    /**
     * True when the server already closed this idle connection (its FIN is waiting to be read): a pooled client
     * drops such a connection instead of sending on it. Waits at most 1 ms.
     */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(1);
        try {
            int b = s.getInputStream().read();
            if (b == -1) {
                return true;
            }
            throw new IOException("unexpected byte from the server on an idle connection");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset while idle: also noticed before sending, so no request is lost
        } finally {
            if (!s.isClosed()) {
                s.setSoTimeout(30_000);
            }
        }
    }

    /** Sends one request and reads its whole answer. Returns whether the connection may be reused. */
    private boolean exchange(Socket s, Kind k) throws IOException {
        String req = "GET " + k.path() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (k.keepAlive() ? "" : "Connection: close\r\n") + "\r\n";
        OutputStream out = s.getOutputStream();
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String head = readHead(in);
        String statusLine = head.substring(0, head.indexOf("\r\n"));
        String lower = head.toLowerCase(Locale.ROOT);
        readBody(in, lower);
        if (!statusLine.contains(" 200 ")) {
            throw new IOException("answer " + statusLine);
        }
        return !lower.contains("\r\nconnection: close");
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException(buf.size() == 0 ? "closed before the answer" : "closed in the answer's head");
            }
            buf.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static void readBody(InputStream in, String lowerHead) throws IOException {
        int i = lowerHead.indexOf("\r\ncontent-length:");
        if (i >= 0) {
            int end = lowerHead.indexOf("\r\n", i + 2);
            long n = Long.parseLong(lowerHead.substring(i + 17, end).trim());
            skipFully(in, n);
        } else if (lowerHead.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                long size = Long.parseLong(readLine(in).split(";")[0].trim(), 16);
                skipFully(in, size);
                readLine(in);
                if (size == 0) {
                    return;
                }
            }
        } else {
            throw new IOException("answer without a length");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("closed in the answer's body");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r == -1) {
                throw new EOFException("closed in the answer's body");
            }
            n -= r;
        }
    }

    private static String cause(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m.replaceAll("[0-9]+", "#"));
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
