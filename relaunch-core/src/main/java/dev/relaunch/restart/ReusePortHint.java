package dev.relaunch.restart;

import dev.relaunch.platform.Platforms;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hint about {@code net.ipv4.tcp_migrate_req}, for restarts that hand a port over by SO_REUSEPORT only: the new
 * server binds beside the old one, and closing the old listener resets the connections still queued on it unless
 * the kernel migrates them. A restart on the supervisor's shared socket (one listener for all servers) or a
 * stop-then-start (one server at a time) never closes a listener with connections queued for another, so it gets no
 * hint. Whether the kernel migrates them is the platform's to tell. Logged at most once per process.
 */
public final class ReusePortHint {
    private static final Logger log = LoggerFactory.getLogger(ReusePortHint.class);
    private static final AtomicBoolean GIVEN = new AtomicBoolean();

    private ReusePortHint() {}

    /** Called when a restart is about to hand the port over by SO_REUSEPORT; logs the platform's hint, if any. */
    public static void beforeReusePortHandover() {
        if (!GIVEN.getAndSet(true)) {
            Platforms.current().connectionResetHint().ifPresent(log::info);
        }
    }
}
