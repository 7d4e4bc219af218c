package dev.relaunch.config;

import java.util.List;

/** The configuration is invalid; {@link #problems()} lists every problem, each naming the file/line or key. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
