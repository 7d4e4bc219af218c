package dev.relaunch.maven.build;

import java.util.List;

/**
 * The result of one rebuild.
 *
 * @param succeeded whether every step of the build passed
 * @param message   for a failure, the first error as {@code file:line: text} (or the build's own message); else empty
 * @param errorLines for a failure, the compiler's error lines, at most {@link CompilerMessages#MAX_LINES}
 */
public record BuildOutcome(boolean succeeded, String message, List<String> errorLines) {
    public BuildOutcome {
        errorLines = List.copyOf(errorLines);
    }

    public static BuildOutcome success() {
        return new BuildOutcome(true, "", List.of());
    }
}
