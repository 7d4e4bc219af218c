package dev.relaunch.supervisor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.relaunch.platform.Platform;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaps the orphans of a container. As PID 1 the supervisor becomes the parent of every process whose own parent
 * exits (a daemonizing script, a server's helper), and an exited process stays a zombie until its parent reaps it; a
 * JVM reaps only the children it started itself. So, while the supervisor is PID 1, this thread looks for exited
 * children once a second and reaps those the JDK does not wait for, with {@code waitpid(2)} through JNA.
 *
 * <p>The JDK waits for each child it started and reaps it within microseconds of its exit; a zombie that is still
 * there on the next look, a second later, is an orphan. Reaping one of the JDK's own children would take its exit
 * code from it, so a zombie seen once is left alone.
 */
final class OrphanReaper implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);
    private static final int WNOHANG = 1;
    private static final long INTERVAL_MS = 1_000;

    /** The C library's {@code waitpid}. */
    interface CLib extends Library {
        int waitpid(int pid, int[] status, int options);
    }

    private final Platform platform;
    private final CLib libc;
    private final long self = ProcessHandle.current().pid();
    private Set<Long> seenBefore = Set.of();

    OrphanReaper(Platform platform, CLib libc) {
        this.platform = platform;
        this.libc = libc;
    }

    /**
     * Starts reaping in a daemon thread when this process is PID 1 (of a container or a PID namespace); does nothing
     * otherwise, since orphans then go to the system's init.
     */
    static void startIfInit(Platform platform) {
        if (ProcessHandle.current().pid() != 1) {
            return;
        }
        CLib libc;
        try {
            libc = Native.load("c", CLib.class);
        } catch (LinkageError | RuntimeException e) {
            log.warn("Running as PID 1, but cannot load the C library to reap orphaned processes ({}); they stay "
                    + "zombies. Run the container with an init (`docker run --init`, tini) instead", e.toString());
            return;
        }
        log.info("Running as PID 1: orphaned processes are reaped by the supervisor");
        Thread t = new Thread(new OrphanReaper(platform, libc), "orphan-reaper");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            reapOnce();
            try {
                Thread.sleep(INTERVAL_MS); // a periodic look, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reaps the zombies seen on the previous look too; remembers the others for the next one. */
    void reapOnce() {
        List<Long> zombies = platform.unreapedChildren(self);
        Set<Long> now = new HashSet<>(zombies);
        for (long pid : zombies) {
            if (seenBefore.contains(pid)) {
                int reaped = libc.waitpid((int) pid, new int[1], WNOHANG);
                if (reaped == pid) {
                    log.debug("Reaped orphaned process {}", pid);
                    now.remove(pid);
                }
            }
        }
        seenBefore = now;
    }
}
