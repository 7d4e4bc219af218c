package dev.relaunch.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a control server's listening channel, the one place that chooses how: a Unix domain socket at the path where
 * one can be bound (Linux, macOS, Windows 10 1803 and later), decided by trying; else a loopback TCP port on an
 * ephemeral port, whose number and a fresh token go into an owner-only file at the path ({@link TcpControlFile}).
 * {@code RELAUNCH_CONTROL=tcp} in the environment skips the Unix domain socket (for file systems that refuse socket
 * files, and to test the fallback where sockets work).
 */
final class ControlListener {
    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);
    static final String FORCE_ENV = "RELAUNCH_CONTROL";

    /** The listening channel; {@code token} is what every request must carry, null for a Unix domain socket. */
    record Bound(ServerSocketChannel channel, String token) {}

    private ControlListener() {}

    /** Whether this environment asks for the TCP control port. */
    static boolean tcpForced(Map<String, String> env) {
        return "tcp".equals(env.getOrDefault(FORCE_ENV, "").strip().toLowerCase(Locale.ROOT));
    }

    static Bound open(Path path, boolean forceTcp) throws IOException {
        if (!forceTcp) {
            try {
                return new Bound(unix(path), null);
            } catch (UnsupportedOperationException | IOException e) {
                log.info("Cannot bind a Unix domain socket at {} ({}); the control socket is a loopback TCP port "
                        + "with a token instead", path, e.getMessage());
                Files.deleteIfExists(path);
            }
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String token = TcpControlFile.newToken();
            TcpControlFile.write(path, ((InetSocketAddress) ch.getLocalAddress()).getPort(), token);
            return new Bound(ch, token);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static ServerSocketChannel unix(Path path) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Windows: AF_UNIX sockets follow the folder's ACL
        }
        return ch;
    }
}
