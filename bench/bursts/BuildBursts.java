import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a build's file events look like to a watcher: runs a build command N times while the JDK's WatchService (the
 * supervisor's own mechanism, inotify on Linux) watches its output folder, recursively, and prints per run the events
 * seen, the time from the first to the last, and the largest gaps between two consecutive batches of events. The
 * largest gap inside one build is what a quiet period must outlast for the build to give one restart.
 *
 * <pre>java bench/bursts/BuildBursts.java [--runs N] [--touch FILE] --watch DIR -- COMMAND...</pre>
 * {@code --touch} sets a source's time stamp before each run, so that an incremental build (Maven's compiler plugin)
 * compiles again. The command's output goes to {@code build-bursts.log} in the working folder.
 */
public final class BuildBursts {
    private static final String USAGE = "usage: BuildBursts [--runs N] [--touch FILE] --watch DIR -- COMMAND...";

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Path watch = null;
        Path touch = null;
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--watch" -> watch = Path.of(args[++i]).toAbsolutePath();
                case "--touch" -> touch = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        if (watch == null || i >= args.length - 1) {
            throw new IllegalArgumentException(USAGE);
        }
        List<String> command = Arrays.asList(args).subList(i + 1, args.length);
        String shown = String.join(" ", command);
        System.out.println("command: " + (shown.length() > 160 ? shown.substring(0, 160) + "..." : shown));
        List<Double> maxGaps = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            if (touch != null) {
                Files.setLastModifiedTime(touch, FileTime.from(Instant.now()));
            }
            maxGaps.add(measure(run, watch, command));
        }
        Collections.sort(maxGaps);
        System.out.printf(Locale.ROOT, "largest gap inside a build, over %d runs: median %.0f ms, max %.0f ms%n", runs,
                maxGaps.get(maxGaps.size() / 2), maxGaps.get(maxGaps.size() - 1));
    }

    /** One build under watch; returns its largest gap between two batches of events (ms). */
    private static double measure(int run, Path root, List<String> command) throws Exception {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            Map<WatchKey, Path> keys = new HashMap<>();
            registerTree(ws, root, keys);
            List<Long> batches = new ArrayList<>();
            List<String> firsts = new ArrayList<>(); // each batch's first event, e.g. "ENTRY_DELETE X.class"
            int[] events = {0};
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        WatchKey key = ws.take();
                        long now = System.nanoTime();
                        Path dir = keys.get(key);
                        String first = null;
                        for (WatchEvent<?> e : key.pollEvents()) {
                            first = first != null ? first : e.kind().name() + " " + e.context();
                            events[0]++;
                            Path child = dir == null || e.context() == null ? null : dir.resolve((Path) e.context());
                            if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE && child != null
                                    && Files.isDirectory(child)) {
                                registerTree(ws, child, keys);
                            }
                        }
                        key.reset();
                        synchronized (batches) {
                            batches.add(now);
                            firsts.add(first);
                        }
                    }
                } catch (Exception e) {
                    // closed: the run is over
                }
            });
            t.setDaemon(true);
            t.start();
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("build-bursts.log").toFile())).start();
            int rc = p.waitFor();
            long end = System.nanoTime();
            Thread.sleep(1000); // late events of the build
            List<Long> b;
            synchronized (batches) {
                b = new ArrayList<>(batches);
            }
            List<Double> gaps = new ArrayList<>();
            for (int k = 1; k < b.size(); k++) {
                gaps.add((b.get(k) - b.get(k - 1)) / 1e6);
            }
            List<Double> sorted = new ArrayList<>(gaps);
            sorted.sort(Collections.reverseOrder());
            double max = sorted.isEmpty() ? 0 : sorted.get(0);
            int at = gaps.indexOf(max); // the largest gap: between batch `at` and batch `at + 1`
            System.out.printf(Locale.ROOT, "run %d: exit %d, command %.0f ms, %d events in %d batches, first at %s ms,"
                            + " first to last %s ms, largest gaps %s ms (the largest after %s, before %s), gaps"
                            + " in order %s%n", run, rc,
                    (end - start) / 1e6, events[0], b.size(),
                    b.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", (b.get(0) - start) / 1e6),
                    b.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", (b.get(b.size() - 1) - b.get(0)) / 1e6),
                    rounded(sorted.subList(0, Math.min(3, sorted.size()))), at < 0 ? "-" : firsts.get(at),
                    at < 0 ? "-" : firsts.get(at + 1), rounded(gaps));
            return max;
        }
    }

    private static String rounded(List<Double> xs) {
        return xs.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList().toString();
    }

    private static void registerTree(WatchService ws, Path dir, Map<WatchKey, Path> keys) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                keys.put(d.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE), d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
