package dev.relaunch.restart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hint about {@code net.ipv4.tcp_migrate_req}, for restarts that hand a port over by SO_REUSEPORT only: the new
 * server binds beside the old one, and closing the old listener resets the connections still queued on it unless
 * the kernel migrates them. A restart on the supervisor's shared socket (one listener for all servers) or a
 * stop-then-start (one server at a time) never closes a listener with connections queued for another, so it gets no
 * hint. Logged at most once per process.
 */
public final class ReusePortHint {
    private static final Logger log = LoggerFactory.getLogger(ReusePortHint.class);
    private static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
    private static final AtomicBoolean GIVEN = new AtomicBoolean();

    private ReusePortHint() {}

    /** Called when a restart is about to hand the port over by SO_REUSEPORT; logs the hint when the sysctl is 0. */
    public static void beforeReusePortHandover() {
        if (GIVEN.getAndSet(true)) {
            return;
        }
        try {
            if (Files.exists(SYSCTL) && Files.readString(SYSCTL).trim().equals("0")) {
                log.info("Hint: this restart hands the port over by SO_REUSEPORT and net.ipv4.tcp_migrate_req is 0, "
                        + "so a connection queued on the old server at the moment it closes its listener can be "
                        + "reset. `sudo sysctl -w net.ipv4.tcp_migrate_req=1` (Linux 5.14+) moves them to the new "
                        + "server");
            }
        } catch (IOException e) {
            log.debug("Cannot read {}: {}", SYSCTL, e.getMessage());
        }
    }
}
