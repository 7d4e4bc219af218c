package dev.relaunch.role;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a running server process ends itself. Roles and hooks ask here instead of calling
 * {@link System#exit} where they happen to be, so every exit is logged with its reason and runs the shutdown hooks
 * (the drain) from a thread of its own: a caller that holds a lock, or runs on a thread a hook waits for, never
 * deadlocks. Thread-safe.
 */
public final class ProcessExit {
    private static final Logger log = LoggerFactory.getLogger(ProcessExit.class);

    /**
     * Ends the process with {@code code} after the shutdown hooks (which drain the web server). Returns at once; the
     * exit happens on another thread.
     */
    public void exit(int code, String reason) {
        log.info("Exiting with code {}: {}", code, reason);
        Thread t = new Thread(() -> System.exit(code), "relaunch-exit");
        t.start();
    }

    /** Ends the process at once, without shutdown hooks: for a process that must not serve a moment longer. */
    public void halt(int code, String reason) {
        log.warn("Halting with code {}: {}", code, reason);
        Runtime.getRuntime().halt(code);
    }
}
