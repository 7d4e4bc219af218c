package dev.relaunch.role;

import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code ready} message a server sends to whoever started it (the supervisor, or the predecessor of a standalone
 * successor): {@code {"cmd":"ready","nonce","pid","port","health_path"}}. {@code health_path} is where the sender
 * answers its health check (e.g. {@code /relaunch/api/v1/health}), for a check "as a user would see it" before the
 * old server drains.
 */
final class ReadyReport {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ReadyReport() {}

    /** Sends the message; the exception says why it could not be delivered or was refused. */
    static void send(Path socket, String nonce, int port, String healthPath) throws IOException, ControlException {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("cmd", "ready");
        msg.put("nonce", nonce == null ? "" : nonce);
        msg.put("pid", ProcessHandle.current().pid());
        msg.put("port", port);
        msg.put("health_path", healthPath);
        ControlClient.call(socket, msg, TIMEOUT);
    }
}
