package dev.relaunch.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathWatcherTest {
    @TempDir
    Path dir;

    private final Set<Path> seen = ConcurrentHashMap.newKeySet();
    private PathWatcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void watch(Path... roots) throws IOException {
        watcher = new PathWatcher(List.of(roots), dir, p -> p.startsWith(dir.resolve("instance")), seen::addAll);
        watcher.start();
    }

    private void awaitSeen(Path p) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> seen.contains(p));
    }

    @Test
    void filesInFoldersCreatedAfterTheStartAreSeen() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        watch(classes);
        Path deep = Files.createDirectories(classes.resolve("demo/web"));
        Path file = Files.writeString(deep.resolve("Page.class"), "x");
        awaitSeen(file);
        Path later = Files.writeString(deep.resolve("Later.class"), "y");
        awaitSeen(later);
        assertThat(seen).doesNotContain(deep, classes.resolve("demo"));
    }

    @Test
    void aFileRootIsWatchedThroughItsParentAndOtherFilesThereAreNot() throws IOException {
        Path env = Files.writeString(dir.resolve(".env"), "A=1\n");
        watch(env);
        Files.writeString(dir.resolve("other.txt"), "x");
        Files.writeString(dir.resolve(".env.tmp"), "A=2\n");
        Files.move(dir.resolve(".env.tmp"), env, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        awaitSeen(env);
        assertThat(seen).containsOnly(env);
    }

    @Test
    void aFolderDeletedAndCreatedAgainIsWatchedAgain() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        watch(classes);
        CodeSnapshots.deleteTree(dir.resolve("target"));
        awaitSeen(classes);
        seen.clear();
        Files.createDirectories(classes);
        Path file = Files.writeString(classes.resolve("A.class"), "x");
        awaitSeen(file);
        seen.clear();
        Path again = Files.writeString(classes.resolve("B.class"), "y");
        awaitSeen(again);
    }

    @Test
    void editorTemporariesAndExcludedFoldersAreNotReported() throws IOException {
        watch(dir);
        Files.createDirectories(dir.resolve("instance/logs"));
        Files.writeString(dir.resolve("instance/logs/server.log"), "log");
        Files.writeString(dir.resolve(".Page.java.swp"), "swap");
        Files.writeString(dir.resolve("Page.java~"), "backup");
        Path real = Files.writeString(dir.resolve("Page.java"), "class Page {}");
        awaitSeen(real);
        assertThat(seen).containsOnly(real);
    }
}
