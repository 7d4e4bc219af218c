package bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static bench.Procs.killStrays;
import static bench.Procs.terminateHandle;

/** Stops everything a phase started: its instances, then any process still running from its folder. */
final class Cleanup {
    private final Path dir;
    private final List<Instance> instances = Collections.synchronizedList(new ArrayList<>());
    /**
     * Handles, not PIDs: a handle remembers its process's start time, so a PID the kernel gives to another
     * process later (pid_max is often 32768, and every JVM thread takes an id from the same space) is never
     * killed by this clean-up.
     */
    private final Set<ProcessHandle> pids = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean done = new AtomicBoolean();

    Cleanup(Path dir) {
        this.dir = dir;
    }

    void add(Instance i) {
        instances.add(i);
    }

    void track(long pid) {
        ProcessHandle.of(pid).ifPresent(pids::add);
    }

    void run() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        List<Instance> copy;
        synchronized (instances) {
            copy = new ArrayList<>(instances);
        }
        for (Instance i : copy) {
            i.terminate();
        }
        for (ProcessHandle h : pids) {
            terminateHandle(h, 10_000);
        }
        killStrays(dir, 10_000);
    }
}
