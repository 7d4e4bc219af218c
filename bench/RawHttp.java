package bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static bench.Stats.truncate;

/** Minimal HTTP/1.1 client over raw sockets (so every connection and failure is visible). */
final class RawHttp {
    static final String HOST = "127.0.0.1";
    static final int IO_TIMEOUT_MS = 10_000;
    /** The PID in a health answer. */
    static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

    private RawHttp() {}

    record Resp(int status, boolean close, String body) {}

    /** EOF before the first byte of a status line: the server closed the connection without an answer. */
    static final class NoResponse extends EOFException {
        private static final long serialVersionUID = 1L;

        NoResponse(String m) {
            super(m);
        }
    }

    static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    static final class Conn implements Closeable {
        private final Socket socket;
        private final CountingInput in;
        private final OutputStream out;
        private final int port;

        private Conn(Socket s, int port) throws IOException {
            this.socket = s;
            this.port = port;
            this.in = new CountingInput(new BufferedInputStream(s.getInputStream(), 8192));
            this.out = s.getOutputStream();
        }

        static Conn open(int port, int timeoutMs) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(timeoutMs);
                s.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), timeoutMs);
                return new Conn(s, port);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        boolean receivedNothing() {
            return in.count == 0;
        }

        /**
         * True when the server already closed this idle connection (its FIN or RST is waiting): a pooled HTTP
         * client drops such a connection before sending on it. Waits at most 1 ms.
         */
        boolean closedByServer() throws IOException {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(1);
            try {
                in.mark(1);
                int b = in.read();
                if (b == -1) {
                    return true;
                }
                in.reset();
                return false;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            } finally {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(timeout);
                }
            }
        }

        Resp exchange(String method, String path, String body, boolean keepAlive) throws IOException {
            in.count = 0;
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(HOST).append(':').append(port).append("\r\n")
                    .append("User-Agent: relaunch-bench\r\nAccept: application/json\r\n")
                    .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
            if (body != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
            }
            req.append("\r\n");
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            return read(keepAlive);
        }

        private Resp read(boolean keepAlive) throws IOException {
            String status = line(true);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("malformed status line: " + truncate(status, 80));
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, String> h = new LinkedHashMap<>();
            for (String l = line(false); !l.isEmpty(); l = line(false)) {
                int c = l.indexOf(':');
                if (c > 0) {
                    h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
                }
            }
            boolean close = !keepAlive || "close".equalsIgnoreCase(h.get("connection"))
                    || parts[0].equals("HTTP/1.0");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
                while (true) {
                    String sz = line(false);
                    int semi = sz.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? sz : sz.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        for (String l = line(false); !l.isEmpty(); l = line(false)) {
                            // trailers
                        }
                        break;
                    }
                    byte[] chunk = in.readNBytes(n);
                    if (chunk.length != n) {
                        throw new EOFException("connection closed in a chunk");
                    }
                    body.write(chunk);
                    line(false);
                }
            } else if (h.containsKey("content-length")) {
                int n = Integer.parseInt(h.get("content-length"));
                byte[] data = in.readNBytes(n);
                if (data.length != n) {
                    throw new EOFException("connection closed in the body");
                }
                body.write(data);
            } else if (close && code != 204 && code != 304) {
                body.write(in.readAllBytes());
            }
            return new Resp(code, close, body.toString(StandardCharsets.UTF_8));
        }

        private String line(boolean first) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    if (first && sb.length() == 0) {
                        throw new NoResponse("connection closed before the status line");
                    }
                    throw new EOFException("connection closed in the headers");
                }
                if (c == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                if (sb.length() > 16_384) {
                    throw new IOException("header line too long");
                }
                sb.append((char) c);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    /** One request on a new connection ({@code Connection: close}). */
    static Resp oneShot(int port, String method, String path, String body, int timeoutMs) throws IOException {
        try (Conn c = Conn.open(port, timeoutMs)) {
            return c.exchange(method, path, body, false);
        }
    }

    /** The PID /api/v1/health reports, or -1 when nothing healthy answers. */
    static long healthPid(int port, int timeoutMs) {
        return healthPid(port, "", timeoutMs);
    }

    /** The same for an API mounted under {@code apiBase} (the plugin in a user's app). */
    static long healthPid(int port, String apiBase, int timeoutMs) {
        try {
            Resp r = oneShot(port, "GET", apiBase + "/api/v1/health", null, timeoutMs);
            Matcher m = PID.matcher(r.body());
            return r.status() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    static String classify(IOException e) {
        String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException || msg.contains("timed out")) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return msg.contains("refused") ? "refused" : "other";
        }
        if (e instanceof EOFException || msg.contains("reset") || msg.contains("broken pipe")
                || msg.contains("abort")) {
            return "reset";
        }
        return "other";
    }
}
