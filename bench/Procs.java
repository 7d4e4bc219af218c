package bench;

import dev.relaunch.process.Liveness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static bench.RawHttp.HOST;
import static bench.Stats.round1;

/** Processes: starting, stopping, settling, and what /proc says about them. */
final class Procs {
    private Procs() {}

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SIGTERM, then SIGKILL (descendants too) when it has not exited within {@code graceMs}. */
    static void terminateHandle(ProcessHandle h, long graceMs) {
        if (!Liveness.isRunning(h)) {
            return;
        }
        List<ProcessHandle> desc = h.descendants().toList();
        h.destroy();
        if (!Liveness.awaitExit(h, Duration.ofMillis(graceMs))) {
            desc.forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
    }

    static void killTree(Process p, long graceMs) {
        List<ProcessHandle> desc = p.descendants().toList();
        desc.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            p.onExit().get(graceMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // forced below
        }
        desc.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /**
     * Every process whose command line names this folder: only processes the bench started. Never this process or
     * one of its ancestors (a phase runs under `unshare`, whose command line names the folder too).
     */
    static List<ProcessHandle> strays(Path dir) {
        String marker = dir.toString();
        Set<Long> mine = new java.util.HashSet<>();
        for (Optional<ProcessHandle> h = Optional.of(ProcessHandle.current()); h.isPresent();
             h = h.get().parent()) {
            mine.add(h.get().pid());
        }
        return ProcessHandle.allProcesses().filter(p -> !mine.contains(p.pid()))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(Liveness::isRunning).toList();
    }

    /**
     * Waits until the processes from this folder other than {@code exclude} (the supervisor and the serving server)
     * are CPU-quiet: none appeared and together they used at most 30 ms of CPU per 500 ms, for 1.5 s. That is the
     * background work a start or restart leaves (a warming standby server, a class-data training run), done. Returns
     * the ms it took, negated when it was still busy at {@code maxMs}; 0 when not waited for.
     */
    static long settle(Path dir, Set<Long> exclude, long maxMs) {
        if (maxMs <= 0) {
            return 0;
        }
        long t0 = System.currentTimeMillis();
        Map<Long, Long> last = null;
        long lastAt = t0;
        long quietSince = -1;
        while (System.currentTimeMillis() - t0 < maxMs) {
            Map<Long, Long> ticks = new java.util.HashMap<>();
            for (ProcessHandle p : strays(dir)) {
                if (!exclude.contains(p.pid())) {
                    ticks.put(p.pid(), cpuTicks(p.pid()));
                }
            }
            long now = System.currentTimeMillis();
            if (last != null) {
                boolean busy = false;
                long delta = 0;
                for (Map.Entry<Long, Long> e : ticks.entrySet()) {
                    Long before = last.get(e.getKey());
                    if (before == null) {
                        busy = true;
                    } else {
                        delta += e.getValue() - before;
                    }
                }
                if (busy || delta > 3) {
                    quietSince = -1;
                } else if (quietSince < 0) {
                    quietSince = lastAt;
                } else if (now - quietSince >= 1500) {
                    return quietSince - t0;
                }
            }
            last = ticks;
            lastAt = now;
            sleep(500);
        }
        return -(System.currentTimeMillis() - t0);
    }

    /** When a process started, in clock ticks since boot (10 ms on Linux x86-64), -1 when it is gone. */
    static long startTicks(long pid) {
        try {
            String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(st.substring(st.lastIndexOf(')') + 2).split(" ")[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a process in clock ticks (usually 10 ms), 0 when it is gone. */
    static long cpuTicks(long pid) {
        try {
            String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void killStrays(Path dir, long graceMs) {
        List<ProcessHandle> s = strays(dir);
        if (s.isEmpty()) {
            return;
        }
        s.forEach(ProcessHandle::destroy);
        long until = System.currentTimeMillis() + graceMs;
        while (System.currentTimeMillis() < until && s.stream().anyMatch(Liveness::isRunning)) {
            sleep(100);
        }
        s.stream().filter(Liveness::isRunning).forEach(ProcessHandle::destroyForcibly);
    }

    static List<String> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            List<String> l = new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\0")));
            l.removeIf(String::isEmpty);
            return l;
        } catch (IOException e) {
            return null;
        }
    }

    static Optional<String> procStatus(long pid, String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(key + ":")) {
                    return Optional.of(l.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Optional.empty();
    }

    static double rssMiB(long pid) {
        return procStatus(pid, "VmRSS").map(v -> Long.parseLong(v.replace("kB", "").trim()) / 1024.0)
                .map(Stats::round1).orElse(-1.0);
    }

    /** Proportional set size: RSS with shared pages (libjvm, the JDK's class archive) split among their users. */
    static double pssMiB(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (l.startsWith("Pss:")) {
                    return round1(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no smaps_rollup (Linux < 4.14)
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    static boolean isRoot() {
        return procStatus(ProcessHandle.current().pid(), "Uid").map(v -> v.split("\\s+")[1].equals("0"))
                .orElse(false);
    }

    static Optional<Path> which(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
