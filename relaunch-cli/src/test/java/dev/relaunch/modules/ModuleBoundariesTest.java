package dev.relaunch.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module tree, checked from the sources of every module in this repository: no Java package lives in two
 * modules (on the module path two jars with one package cannot load together), and core names nothing of the CLI.
 */
class ModuleBoundariesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void noPackageIsSplitAcrossModules() throws IOException {
        Map<String, Set<String>> modulesByPackage = new TreeMap<>();
        for (Path sources : mainSourceRoots()) {
            String module = ROOT.relativize(sources.getParent().getParent().getParent()).toString();
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
                        .forEach(pkg -> modulesByPackage.computeIfAbsent(pkg, k -> new TreeSet<>()).add(module));
            }
        }
        assertThat(modulesByPackage).as("packages found").containsKey("dev.relaunch.restart");
        Map<String, Set<String>> split = new TreeMap<>(modulesByPackage);
        split.values().removeIf(modules -> modules.size() < 2);
        assertThat(split).as("packages in more than one module").isEmpty();
    }

    @Test
    void coreNamesNothingOfTheCli() throws IOException {
        Path core = ROOT.resolve("relaunch-core/src/main/java");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(core)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                if (text.contains("dev.relaunch.cli") || text.contains("dev.relaunch.supervisor")
                        || text.contains("\"serve\"") || text.contains("--env-file")) {
                    offenders.add(core.relativize(f).toString());
                }
            }
        }
        assertThat(offenders).as("core files naming the CLI's classes or flags").isEmpty();
    }

    private static List<Path> mainSourceRoots() throws IOException {
        try (Stream<Path> dirs = Files.walk(ROOT, 5)) {
            return dirs.filter(d -> d.endsWith(Path.of("src", "main", "java")) && Files.isDirectory(d))
                    .filter(d -> !ROOT.relativize(d).toString().contains("target"))
                    .filter(d -> !ROOT.relativize(d).startsWith("bench"))
                    .toList();
        }
    }
}
