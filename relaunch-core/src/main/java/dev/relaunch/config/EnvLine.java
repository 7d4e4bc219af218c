package dev.relaunch.config;

import java.util.Objects;

/**
 * One {@code KEY=value} assignment read from a {@code .env} file.
 *
 * @param key   the variable name, already validated against {@code [A-Za-z_][A-Za-z0-9_.-]*}
 * @param value the value after unquoting and escape processing; never {@code null}, may be empty
 * @param line  1-based line where the assignment starts (the first line of a multi-line value)
 */
public record EnvLine(String key, String value, int line) {

    public EnvLine {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1-based, was " + line);
        }
    }

    /** Hides the value, which may be a secret, so that logging an entry never leaks it. */
    @Override
    public String toString() {
        return "EnvLine[key=" + key + ", line=" + line + "]";
    }
}
