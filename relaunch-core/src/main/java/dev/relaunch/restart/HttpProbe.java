package dev.relaunch.restart;

import dev.relaunch.json.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One HTTP GET on a new connection of its own, as a user's first request would be: HTTP/1.0 (so the answer is never
 * chunked), {@code Connection: close}, no pooling, no retry. Used to tell whether a new process answers and what.
 */
public final class HttpProbe {
    private static final int MAX_ANSWER = 64 * 1024;

    private HttpProbe() {}

    /** The status and body of one answer. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The {@code pid} field of a JSON body (relaunch's and the plugin's health answer carry one). */
        public OptionalLong pid() {
            try {
                return WireJson.parse(body) instanceof java.util.Map<?, ?> n
                        ? OptionalLong.of(WireJson.toLong(n.get("pid"))) : OptionalLong.empty();
            } catch (IOException | RuntimeException e) {
                return OptionalLong.empty();
            }
        }
    }

    /** @throws IOException when nothing answers (refused, reset, timed out) or the answer is not HTTP */
    public static Answer get(URI url, Duration timeout) throws IOException {
        return get(url, null, timeout);
    }

    /**
     * The same with another Host header name than the URL's (a server that allows only the names in its allowlist
     * is reached at a loopback address under an allowed name); {@code hostName} null keeps the URL's.
     */
    public static Answer get(URI url, String hostName, Duration timeout) throws IOException {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IOException("only http:// URLs with a host can be probed: " + url);
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(url.getHost(), port), ms);
            s.setSoTimeout(ms);
            String host = hostName == null ? url.getRawAuthority() : hostName + ":" + port;
            String req = "GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nAccept: */*\r\n"
                    + "User-Agent: relaunch-health-check\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return parse(readAll(s.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1 && out.size() < MAX_ANSWER) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static Answer parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String statusLine = eol < 0 ? text : text.substring(0, eol);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP answer: " + (statusLine.length() > 80
                    ? statusLine.substring(0, 80) + "…" : statusLine));
        }
        int head = text.indexOf("\r\n\r\n");
        String body = head < 0 ? "" : new String(raw, head + 4, raw.length - head - 4, StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(parts[1]), body);
    }
}
