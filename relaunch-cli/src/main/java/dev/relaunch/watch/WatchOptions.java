package dev.relaunch.watch;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code relaunch start --watch}'s options.
 *
 * @param extraPaths {@code --watch-path}: files or folders watched besides the defaults (absolute, existing)
 * @param quietMs    {@code --watch-quiet-ms}: how long after the last change a restart waits
 */
public record WatchOptions(List<Path> extraPaths, long quietMs) {
    public static final long DEFAULT_QUIET_MS = 300;
    public static final long MAX_QUIET_MS = 60_000;

    public WatchOptions {
        extraPaths = List.copyOf(extraPaths);
    }
}
