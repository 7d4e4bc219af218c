package dev.relaunch.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of the supervisor's console log, for an error message about an app that did not start. */
final class LogTail {
    static final int LINES = 30;

    private LogTail() {}

    /** A paragraph with the last lines of {@code LOGS_DIR/supervisor.out}, or empty when there is none. */
    static String of(Path logsDir) {
        Path console = logsDir.resolve("supervisor.out");
        try {
            List<String> lines = Files.readAllLines(console);
            return "\nThe app's last log lines (" + console + "):\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
