package dev.relaunch.control;

import dev.relaunch.json.WireJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a control server answers, as its path tells: a Unix domain socket, or a regular file naming a loopback TCP
 * port and the token every request there must carry ({@link TcpControlFile}), written where Unix domain sockets cannot
 * be bound. Clients resolve the path for each connection, so none of them needs to know which it is.
 */
sealed interface ControlAddress {

    /**
     * The address behind {@code path}.
     *
     * @throws IOException when nothing is there, or the TCP file cannot be read
     */
    static ControlAddress at(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("no control socket at " + path);
        }
        // not followed: a Windows AF_UNIX socket is a reparse point, read as itself ("other"), never opened
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? TcpControlFile.read(path) : new Unix(path);
    }

    /** A channel of the right family, not yet connected. */
    SocketChannel open() throws IOException;

    SocketAddress socketAddress();

    /** The request as one JSON line (without the newline), carrying the token where the server needs one. */
    String line(Map<String, ?> request);

    /** A Unix domain socket: its file permissions (and the peer's user) decide who may talk. */
    record Unix(Path path) implements ControlAddress {
        @Override
        public SocketChannel open() throws IOException {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String line(Map<String, ?> request) {
            return WireJson.write(request);
        }
    }

    /** A loopback TCP port: any local user could connect, so the token (from an owner-only file) decides. */
    record Tcp(int port, String token) implements ControlAddress {
        /** The field every request to a TCP control port carries. */
        static final String TOKEN_FIELD = "token";

        @Override
        public SocketChannel open() throws IOException {
            return SocketChannel.open(StandardProtocolFamily.INET);
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        @Override
        public String line(Map<String, ?> request) {
            Map<String, Object> withToken = new LinkedHashMap<>(request);
            withToken.put(TOKEN_FIELD, token);
            return WireJson.write(withToken);
        }

        @Override
        public String toString() {
            return "Tcp[port=" + port + "]"; // never the token
        }
    }
}
