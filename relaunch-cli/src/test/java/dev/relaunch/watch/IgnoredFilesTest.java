package dev.relaunch.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IgnoredFilesTest {
    @ParameterizedTest
    @ValueSource(strings = {".Greeting.java.swp", ".Greeting.java.swx", ".x.swo", "Greeting.java~", ".#Greeting.java",
            "#Greeting.java#", "build.tmp", "4913", ".DS_Store", "Thumbs.db", "Greeting.java___jb_tmp___",
            "Greeting.java___jb_old___", "notes.txt.kate-swp", ".goutputstream-AB12CD", "x.crswap"})
    void editorTemporariesAreIgnored(String name) {
        assertThat(IgnoredFiles.ignored(Path.of("src", name))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Greeting.class", "Greeting.java", ".env", "application.properties", "swp.class",
            "index.html", "49130", "app.jar", "Template~x.html"})
    void realFilesAreNot(String name) {
        assertThat(IgnoredFiles.ignored(Path.of("target/classes", name))).isFalse();
    }
}
