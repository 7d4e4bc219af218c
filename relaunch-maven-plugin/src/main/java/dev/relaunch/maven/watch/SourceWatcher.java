package dev.relaunch.maven.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches folders and everything below them with the JDK's {@link WatchService} (events, not polling); folders created
 * later are watched too. Not thread-safe: one thread calls {@link #awaitChanges}.
 */
public final class SourceWatcher implements AutoCloseable {
    private final WatchService service;
    private final Duration quietPeriod;
    private final Map<WatchKey, Path> folders = new HashMap<>();

    /** Watches each existing folder of {@code roots}; a missing one is left out. */
    public SourceWatcher(List<Path> roots, Duration quietPeriod) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.quietPeriod = quietPeriod;
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                registerTree(root);
            }
        }
    }

    /**
     * Waits up to {@code wait} for a change, then until {@link #quietPeriod} has passed without another, so that a
     * burst (an IDE saving several files, a refactoring) gives one answer.
     *
     * @return the files changed, created or deleted (editor temp files left out); empty when nothing changed in time
     */
    public Set<Path> awaitChanges(Duration wait) throws InterruptedException {
        Set<Path> changed = new LinkedHashSet<>();
        WatchKey key = service.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        while (key != null) {
            collect(key, changed);
            if (changed.isEmpty()) {
                // only temp files so far: keep waiting for a real change within the caller's limit
                key = service.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                key = service.poll(quietPeriod.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return changed;
    }

    private void collect(WatchKey key, Set<Path> changed) {
        Path folder = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                changed.add(folder); // events were lost: something changed in there
                continue;
            }
            Path file = folder.resolve((Path) event.context());
            if (IgnoredFiles.isIgnored(file)) {
                continue;
            }
            changed.add(file);
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(file)) {
                try {
                    registerTree(file);
                } catch (IOException e) {
                    // the folder went away again: its deletion is an event of its own
                }
            }
        }
        if (!key.reset()) {
            folders.remove(key);
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) tree.filter(Files::isDirectory)::iterator) {
                folders.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
            }
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
