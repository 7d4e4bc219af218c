package dev.relaunch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppClassLoaderTest {
    @TempDir
    Path dir;

    @Test
    void aResourceInTheAppsFolderWinsOverTheSameOneOnTheParentAsTheClassPathOrderHad() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("classes"));
        Path parentDir = Files.createDirectories(dir.resolve("dep"));
        Files.writeString(folder.resolve("app.properties"), "from the app");
        Files.writeString(parentDir.resolve("app.properties"), "from a dependency");
        Files.writeString(parentDir.resolve("only-dep.txt"), "dep");
        try (URLClassLoader parent = new URLClassLoader(new URL[] {parentDir.toUri().toURL()}, null);
             AppClassLoader app = new AppClassLoader(AppLauncher.urls(folder.toString()), parent)) {
            assertThat(new String(app.getResourceAsStream("app.properties").readAllBytes())).isEqualTo("from the app");
            assertThat(Collections.list(app.getResources("app.properties"))).hasSize(2).first()
                    .satisfies(u -> assertThat(u.getPath()).contains("/classes/"));
            assertThat(app.getResource("only-dep.txt")).isNotNull();
            assertThat(app.getResource("nowhere.txt")).isNull();
        }
    }

    @Test
    void classesComeFromTheAppsFolderFirstAndTheJdksFromTheParent() throws Exception {
        // this test's own classes folder plays the app's: the class is found there, not in the parent
        Path ownClasses = Path.of(AppClassLoaderTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (AppClassLoader app = new AppClassLoader(AppLauncher.urls(ownClasses + File.pathSeparator),
                AppClassLoaderTest.class.getClassLoader())) {
            Class<?> again = app.loadClass(AppClassLoaderTest.class.getName());
            assertThat(again.getClassLoader()).isSameAs(app);
            assertThat(again).isNotSameAs(AppClassLoaderTest.class);
            assertThat(app.loadClass("java.util.List")).isSameAs(List.class);
            assertThat(app.loadClass("org.assertj.core.api.Assertions").getClassLoader())
                    .as("a dependency: the parent's").isNotSameAs(app);
        }
    }
}
