package dev.relaunch.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand over a socket, for the requests a normal client refuses to send: any Host (or none, or
 * two), NUL bytes, raw or encoded traversal, made-up methods, lying lengths, huge headers. One request per
 * connection ({@code Connection: close}); the answer is read to the end.
 */
final class RawHttp {
    private RawHttp() {}

    /** A request to build; {@code {port}} in the Host, the path or a header value becomes the server's port. */
    static final class Request {
        private final String method;
        private final String target;
        private String version = "HTTP/1.1";
        private String host = "127.0.0.1:{port}";
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body;
        private boolean chunked;
        private String declaredLength;

        Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        static Request get(String target) {
            return new Request("GET", target);
        }

        static Request post(String target) {
            return new Request("POST", target);
        }

        /** A POST with {@code Content-Type: application/json} and {@code {}}, as the page sends it. */
        static Request postJson(String target) {
            return post(target).header("Content-Type", "application/json").body("{}");
        }

        Request version(String v) {
            version = v;
            return this;
        }

        /** Sets the Host header; {@code null} sends none. */
        Request host(String h) {
            host = h;
            return this;
        }

        Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Request body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        Request body(byte[] bytes) {
            body = bytes;
            return this;
        }

        /** Sends the body with {@code Transfer-Encoding: chunked} (no Content-Length). */
        Request chunked() {
            chunked = true;
            return this;
        }

        /** Sends this Content-Length whatever the body's real length. */
        Request declaredLength(String value) {
            declaredLength = value;
            return this;
        }

        String method() {
            return method;
        }

        byte[] bytes(int port) {
            String p = Integer.toString(port);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target.replace("{port}", p)).append(' ').append(version)
                    .append("\r\n");
            if (host != null) {
                head.append("Host: ").append(host.replace("{port}", p)).append("\r\n");
            }
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1].replace("{port}", p)).append("\r\n");
            }
            head.append("Connection: close\r\n");
            if (declaredLength != null) {
                head.append("Content-Length: ").append(declaredLength).append("\r\n");
            } else if (body != null && !chunked) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null && chunked) {
                for (int i = 0; i < body.length; i += 8192) {
                    int n = Math.min(8192, body.length - i);
                    out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, i, n);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    /** The answer: status, headers (names lower-cased), body text and the whole answer as received. */
    record Response(int status, Map<String, List<String>> headers, String body, String raw) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        JsonNode json() {
            try {
                return RelaunchInstance.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The error code of a {@code {"error":{"code",...}}} body, or null when there is no body. */
        String errorCode() {
            return body.isBlank() ? null : json().path("error").path("code").asText(null);
        }
    }

    static Response send(int port, Request request) throws IOException {
        return send(port, request.bytes(port), request.method().equals("HEAD"));
    }

    /**
     * Writes the bytes and reads the answer until the server closes. A server may answer (413, 400) and close
     * before it read everything: a failed write is then ignored and the answer read anyway.
     */
    static Response send(int port, byte[] request, boolean head) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server refused early; its answer is already on the way
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    all.write(buf, 0, n);
                }
            } catch (java.net.SocketException e) {
                if (all.size() == 0) {
                    throw e;
                }
            }
            return parse(all.toByteArray(), head);
        }
    }

    private static Response parse(byte[] bytes, boolean head) {
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP answer: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if (head) {
            rest = new byte[0];
        } else if ("chunked".equalsIgnoreCase(String.valueOf(headers.getOrDefault("transfer-encoding",
                List.of("")).get(0)))) {
            rest = dechunk(rest);
        }
        return new Response(status, headers, new String(rest, StandardCharsets.UTF_8), raw);
    }

    private static byte[] dechunk(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int lineEnd = i;
            while (lineEnd + 1 < in.length && !(in[lineEnd] == '\r' && in[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String size = new String(in, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(in, lineEnd + 2, Math.min(n, in.length - lineEnd - 2));
            i = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }
}
