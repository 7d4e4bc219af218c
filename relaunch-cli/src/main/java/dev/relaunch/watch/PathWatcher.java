package dev.relaunch.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports changed files under a set of roots through the JDK's {@link WatchService} (inotify on Linux): events, no
 * polling. A folder root is watched with every folder below it, including folders created later; a file root by its
 * parent folder, filtered to its name. The parents of each root up to its anchor (the app's folder) are watched too,
 * filtered, so a root deleted and created again ({@code mvn clean}) is found again. An overflow (the kernel dropped
 * events) counts as a change of the folder it happened in. Editor temporaries ({@link IgnoredFiles}) and excluded
 * paths (relaunch's own runtime folder) are never reported.
 */
final class PathWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PathWatcher.class);

    private final List<Path> roots;
    private final Path anchor;
    private final Predicate<Path> excluded;
    private final Consumer<Set<Path>> onChange;
    private final WatchService service;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    /** Folders watched only for some of their entries (a file root, the next step towards a root). */
    private final Map<Path, Set<String>> onlyNames = new HashMap<>();
    private final Set<Path> trees = new HashSet<>();
    private volatile boolean closed;

    /**
     * @param roots    absolute, normalised files or folders
     * @param anchor   the folder above which no parent is watched (the app's working folder)
     * @param excluded paths never watched nor reported
     * @param onChange called on the watcher's thread with the files changed by one batch of events
     */
    PathWatcher(List<Path> roots, Path anchor, Predicate<Path> excluded, Consumer<Set<Path>> onChange)
            throws IOException {
        this.roots = List.copyOf(roots);
        this.anchor = anchor;
        this.excluded = excluded;
        this.onChange = onChange;
        this.service = FileSystems.getDefault().newWatchService();
    }

    /** Registers every root and starts reporting on a daemon thread. */
    void start() {
        synchronized (this) {
            for (Path root : roots) {
                registerRoot(root, null);
            }
        }
        Thread t = new Thread(this::run, "watch-events");
        t.setDaemon(true);
        t.start();
    }

    /** Registers a root and the way up to it; adds what it holds now to {@code found} (when not null). */
    private void registerRoot(Path root, Set<Path> found) {
        if (Files.isDirectory(root)) {
            trees.add(root);
            registerTree(root, found);
        } else {
            if (found != null && Files.exists(root)) {
                found.add(root);
            }
            Path parent = root.getParent();
            if (parent != null) {
                onlyNames.computeIfAbsent(parent, p -> new HashSet<>()).add(root.getFileName().toString());
                register(parent);
            }
        }
        // the way up to the root, so that a root (or a folder above it) deleted and created again is seen
        Path below = root;
        for (Path p = root.getParent(); p != null && below.startsWith(anchor) && !below.equals(anchor);
             p = p.getParent()) {
            onlyNames.computeIfAbsent(p, k -> new HashSet<>()).add(below.getFileName().toString());
            register(p);
            below = p;
        }
    }

    /** Registers a folder and every folder below it; adds the files found to {@code found} (when not null). */
    private void registerTree(Path dir, Set<Path> found) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (excluded.test(d)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    register(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (found != null && !IgnoredFiles.ignored(f)) {
                        found.add(f);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while walking: its event follows
                }
            });
        } catch (IOException e) {
            log.debug("Cannot watch {}: {}", dir, e.toString());
        }
    }

    private void register(Path dir) {
        if (!Files.isDirectory(dir) || excluded.test(dir)) {
            return;
        }
        try {
            keys.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
        } catch (IOException e) {
            log.warn("Cannot watch {}: {}", dir, e.toString());
        }
    }

    private void run() {
        while (!closed) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Set<Path> changed = new LinkedHashSet<>();
            synchronized (this) {
                Path dir = keys.get(key);
                if (dir != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        handle(dir, event, changed);
                    }
                }
                if (!key.reset()) {
                    keys.remove(key); // the folder is gone; its parent's watch sees it come back
                }
            }
            if (!changed.isEmpty()) {
                try {
                    onChange.accept(changed);
                } catch (RuntimeException e) {
                    log.error("Handling a change of {} failed", changed, e);
                }
            }
        }
    }

    private void handle(Path dir, WatchEvent<?> event, Set<Path> changed) {
        if (event.kind() == OVERFLOW) {
            log.info("Too many file events at once in {}: treated as a change", dir);
            registerTree(dir, null); // folders created meanwhile
            changed.add(dir);
            return;
        }
        Path child = dir.resolve((Path) event.context());
        if (excluded.test(child) || IgnoredFiles.ignored(child)) {
            return;
        }
        boolean inTree = trees.stream().anyMatch(child::startsWith);
        boolean isDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
        if (!inTree) {
            Set<String> names = onlyNames.get(dir);
            if (names == null || !names.contains(child.getFileName().toString())) {
                return;
            }
            if (event.kind() == ENTRY_CREATE && isDir) {
                // a folder on the way to a root (or a root folder) created again: what it holds came before the watch
                roots.stream().filter(r -> r.startsWith(child)).forEach(r -> registerRoot(r, changed));
            }
            if (roots.contains(child)) {
                changed.add(child); // a watched file, or a watched folder deleted or created again
            }
            return;
        }
        if (isDir) {
            if (event.kind() == ENTRY_CREATE) {
                registerTree(child, changed); // files written before the folder was registered
            }
            return; // a folder's own time stamp is no change of content
        }
        changed.add(child);
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            log.debug("Closing the watch service: {}", e.toString());
        }
    }
}
