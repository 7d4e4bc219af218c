package dev.relaunch.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeSnapshotsTest {
    @TempDir
    Path dir;

    private final List<List<String>> inUse = new ArrayList<>();

    private CodeSnapshots snapshots() {
        return new CodeSnapshots(dir.resolve("instance/watch/code"), dir, () -> (Collection<List<String>>) inUse);
    }

    private static Path classPathOf(List<String> command) {
        return Path.of(command.get(2));
    }

    @Test
    void eachStartRunsFromACopyThatLaterChangesDoNotTouch() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        Files.writeString(classes.resolve("Greeting.class"), "v1");
        CodeSnapshots s = snapshots();
        List<String> first = s.apply(List.of("java", "-cp", "target/classes", "Main"));
        Path copy = classPathOf(first);
        assertThat(copy).startsWith(dir.resolve("instance/watch/code"));
        assertThat(copy.resolve("Greeting.class")).hasContent("v1");

        inUse.add(first);
        Files.writeString(classes.resolve("Greeting.class"), "v2-broken");
        Files.setLastModifiedTime(classes.resolve("Greeting.class"), FileTime.fromMillis(1_000));
        List<String> second = s.apply(List.of("java", "-cp", "target/classes", "Main"));
        assertThat(classPathOf(second)).isNotEqualTo(copy);
        assertThat(classPathOf(second).resolve("Greeting.class")).hasContent("v2-broken");
        assertThat(copy.resolve("Greeting.class")).as("the copy that served is kept").hasContent("v1");
    }

    @Test
    void unchangedCodeReusesItsCopyAndCopiesNoCommandUsesAreDeleted() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("out"));
        Files.writeString(classes.resolve("A.class"), "a");
        CodeSnapshots s = snapshots();
        Path first = classPathOf(s.apply(List.of("java", "-cp", "out", "Main")));
        assertThat(classPathOf(s.apply(List.of("java", "-cp", "out", "Main")))).isEqualTo(first);

        Files.writeString(classes.resolve("B.class"), "b");
        Path second = classPathOf(s.apply(List.of("java", "-cp", "out", "Main")));
        assertThat(second).isNotEqualTo(first);
        assertThat(first).as("no command uses it any more").doesNotExist();
        assertThat(second.resolve("B.class")).exists();
    }
}
