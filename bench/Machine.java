package bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static bench.Procs.sleep;
import static bench.Stats.round1;

/** What the machine is and how busy it is, recorded with every run so results can be compared. */
final class Machine {
    static final Path MIGRATE = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

    private Machine() {}

    static Map<String, Object> machineInfo(Opts o, String migrate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", cpuModel());
        m.put("mem_total_mib", memTotalMiB());
        m.put("kernel", readTrim(Path.of("/proc/sys/kernel/osrelease")));
        m.put("os", osName());
        m.put("java_version", System.getProperty("java.runtime.version"));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("java_home", System.getProperty("java.home"));
        m.put("tcp_migrate_req_host", migrate);
        m.put("loadavg_start", loadavg());
        long[] a = cpuTimes();
        sleep(3000);
        m.put("cpu_busy_before_run_pct", cpuBusyPct(a, cpuTimes()));
        m.put("git_commit", gitCommit(o.root));
        return m;
    }

    static String readMigrate() {
        return Files.exists(MIGRATE) ? readTrim(MIGRATE) : "unavailable";
    }

    static String readTrim(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static long memTotalMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    static String osName() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse(System.getProperty("os.name"));
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
    }

    static String gitCommit(Path root) {
        try {
            Path git = root.resolve(".git");
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (!head.startsWith("ref: ")) {
                return head;
            }
            String ref = head.substring(5);
            Path f = git.resolve(ref);
            if (Files.exists(f)) {
                return Files.readString(f).trim();
            }
            Path packed = git.resolve("packed-refs");
            if (Files.exists(packed)) {
                return Files.readAllLines(packed).stream().filter(l -> l.endsWith(" " + ref))
                        .map(l -> l.substring(0, l.indexOf(' '))).findFirst().orElse(null);
            }
        } catch (IOException | RuntimeException e) {
            // not a git checkout
        }
        return null;
    }

    static String jarStamp(Path jar) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buf = new byte[65536];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return Files.getLastModifiedTime(jar).toInstant() + " sha256:"
                    + HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String loadavg() {
        String s = readTrim(Path.of("/proc/loadavg"));
        String[] p = s.split("\\s+");
        return p.length >= 3 ? p[0] + " " + p[1] + " " + p[2] : s;
    }

    static long[] cpuTimes() {
        try {
            String l = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] p = l.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < p.length && i <= 8; i++) {
                long v = Long.parseLong(p[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {total, idle};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    static double cpuBusyPct(long[] a, long[] b) {
        long total = b[0] - a[0];
        long idle = b[1] - a[1];
        return total <= 0 ? -1 : round1(100.0 * (total - idle) / total);
    }
}
