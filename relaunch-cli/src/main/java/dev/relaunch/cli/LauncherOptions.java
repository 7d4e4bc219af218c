package dev.relaunch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options of the CLI and supervisor, from the one list that {@code ./relaunch} and {@code relaunch.cmd} read
 * too ({@code supervisor-jvm.options} beside this class): one option per line, {@code #} starts a comment line.
 */
final class LauncherOptions {
    static final String RESOURCE = "supervisor-jvm.options";

    private LauncherOptions() {}

    /** The supervisor's options, as the launchers give them to the CLI's JVM. */
    static List<String> supervisor() {
        try (InputStream in = LauncherOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from relaunch's jar; rebuild it");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> parse(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
