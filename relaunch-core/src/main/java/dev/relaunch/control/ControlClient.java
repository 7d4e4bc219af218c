package dev.relaunch.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request over a control socket and returns the answer's {@code data} as a Jackson tree, for the CLI and
 * the server processes. The path is a Unix domain socket, or the file naming the loopback TCP port and token that
 * stands there instead ({@link ControlAddress}); callers need not know which. {@link #isAlive} needs no
 * jackson-databind: the supervisor calls it and never loads it.
 */
public final class ControlClient {
    private ControlClient() {}

    /** Created on first use, so a class that only asks {@link #isAlive} does not load jackson-databind. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = Json.newMapper();
    }

    /**
     * @throws IOException      when nobody answers on the socket (no file, refused, timed out)
     * @throws ControlException when the owner answered with an error
     */
    public static JsonNode call(Path socket, Map<String, ?> request, Duration timeout)
            throws IOException, ControlException {
        return data(Mapper.INSTANCE.readTree(exchange(socket, request, timeout)));
    }

    private static JsonNode data(JsonNode reply) throws ControlException {
        if (!reply.path("ok").asBoolean(false)) {
            throw new ControlException(reply.path("error").path("code").asText("error"),
                    reply.path("error").path("message").asText("unknown error"));
        }
        return reply.path("data");
    }

    /** Writes one request line and reads the answer line. */
    private static String exchange(Path socket, Map<String, ?> request, Duration timeout) throws IOException {
        ControlAddress address = ControlAddress.at(socket);
        SocketChannel ch = address.open();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return converse(ch, address, request);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String line;
        try {
            line = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer on " + socket + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("cannot talk to " + socket + ": " + c.getMessage(), c);
        } finally {
            ch.close();
        }
        if (line == null) {
            throw new IOException("connection closed by the owner of " + socket);
        }
        return line;
    }

    /** Connects, writes the request line, and blocks until the answer line (null: the owner closed). */
    private static String converse(SocketChannel ch, ControlAddress address, Map<String, ?> request)
            throws IOException {
        ch.connect(address.socketAddress());
        Channels.newOutputStream(ch).write((address.line(request) + "\n").getBytes(StandardCharsets.UTF_8));
        return new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
                .readLine();
    }

    /**
     * Sends a request whose answer may take as long as the owner likes (a child waiting for its word to stop), and
     * blocks the calling thread, without a time limit, until it comes; no pool thread is held meanwhile.
     *
     * @throws IOException      when nobody answers, or the connection breaks before the answer
     * @throws ControlException when the owner answered with an error
     */
    public static <T> T await(Path socket, ControlRequest request, Class<T> type)
            throws IOException, ControlException {
        ControlAddress address = ControlAddress.at(socket);
        String line;
        try (SocketChannel ch = address.open()) {
            line = converse(ch, address, request.toWire());
        }
        if (line == null) {
            throw new IOException("connection closed by the owner of " + socket);
        }
        return Mapper.INSTANCE.treeToValue(data(Mapper.INSTANCE.readTree(line)), type);
    }

    /** Sends a typed request; the answer's {@code data}. */
    public static JsonNode call(Path socket, ControlRequest request, Duration timeout)
            throws IOException, ControlException {
        return call(socket, request.toWire(), timeout);
    }

    /** Sends a typed request and reads the answer's {@code data} as {@code type}. */
    public static <T> T call(Path socket, ControlRequest request, Class<T> type, Duration timeout)
            throws IOException, ControlException {
        return Mapper.INSTANCE.treeToValue(call(socket, request.toWire(), timeout), type);
    }

    /** True when a process answers a {@code ping} on the socket within a second. */
    public static boolean isAlive(Path socket) {
        try {
            exchange(socket, new ControlRequest.Ping().toWire(), Duration.ofSeconds(1));
            return true; // any answer, even an error, comes from a live owner
        } catch (IOException e) {
            return false;
        }
    }
}
