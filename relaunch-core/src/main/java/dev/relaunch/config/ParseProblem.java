package dev.relaunch.config;

import java.util.Objects;

/**
 * A line of a {@code .env} file that could not be used, or a problem with the whole file.
 *
 * <p>Messages name the key where there is one but never repeat a value, because the value may be a
 * secret and problems are shown in the Settings tab and in logs.
 *
 * @param line    1-based line number, or {@code 0} when the problem concerns the whole file
 *                (unreadable, not UTF-8)
 * @param message what is wrong and, where useful, how to fix it
 */
public record ParseProblem(int line, String message) {

    public ParseProblem {
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 or more, was " + line);
        }
    }

    /**
     * Formats the problem the way compilers do, e.g. {@code .env:7: missing '=' after key "FOO"}.
     * A whole-file problem (line 0) has no line part: {@code .env: not valid UTF-8 ...}.
     *
     * @param fileName the name to show, usually the file name without directories
     */
    public String describe(String fileName) {
        return line == 0 ? fileName + ": " + message : fileName + ":" + line + ": " + message;
    }
}
