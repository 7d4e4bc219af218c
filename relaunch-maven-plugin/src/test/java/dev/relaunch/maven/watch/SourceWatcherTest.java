package dev.relaunch.maven.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWatcherTest {
    @TempDir
    Path src;

    @Test
    void aBurstOfChangesIncludingANewFolderGivesOneAnswerWithoutEditorTempFiles() throws Exception {
        Files.createDirectories(src.resolve("a"));
        try (SourceWatcher watcher = new SourceWatcher(List.of(src, src.resolve("missing")), Duration.ofMillis(300))) {
            Files.writeString(src.resolve("a/One.java"), "class One {}");
            Files.writeString(src.resolve("a/.One.java.swp"), "vim");
            Files.createDirectories(src.resolve("a/b"));
            Files.writeString(src.resolve("a/Two.java~"), "backup");

            Set<Path> changed = watcher.awaitChanges(Duration.ofSeconds(10));

            assertThat(changed).contains(src.resolve("a/One.java"), src.resolve("a/b"))
                    .noneMatch(p -> p.getFileName().toString().endsWith(".swp") || p.toString().endsWith("~"));
            // a file in the folder created during the burst is seen too
            Files.writeString(src.resolve("a/b/Three.java"), "class Three {}");
            assertThat(watcher.awaitChanges(Duration.ofSeconds(10))).contains(src.resolve("a/b/Three.java"));
            assertThat(watcher.awaitChanges(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void editorTempFilesAreIgnored() {
        assertThat(List.of(".Greeting.java.swp", "4913", "Greeting.java~", "#Greeting.java#", ".#Greeting.java",
                "Greeting.java___jb_tmp___", ".goutputstream-XYZ12", "sedAb12Cd"))
                .allMatch(n -> IgnoredFiles.isIgnored(Path.of("src", n)));
        assertThat(IgnoredFiles.isIgnored(Path.of("src", "Greeting.java"))).isFalse();
        assertThat(IgnoredFiles.isIgnored(Path.of("src", "application.properties"))).isFalse();
    }
}
