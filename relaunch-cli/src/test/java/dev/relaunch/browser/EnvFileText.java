package dev.relaunch.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a {@code .env} that tests edit value by value, keeping comments and key order: the project's
 * {@code .env.example} (what {@code ./relaunch start} gives a fresh clone), made safe for a test instance.
 */
final class EnvFileText {
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=");

    private final List<String> lines;
    private final Map<String, String> changed = new LinkedHashMap<>();

    private EnvFileText(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /**
     * {@code .env.example} of the project, on loopback, any free port, {@code APP_ENV=testing} (the test hooks, e.g.
     * the slow endpoint), a generous start-up timeout.
     */
    static EnvFileText fromExample() throws IOException {
        EnvFileText env = new EnvFileText(Files.readAllLines(Path.of(System.getProperty("relaunch.root", "..")).resolve(".env.example")));
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("APP_ENV", "testing");
        env.put("STARTUP_TIMEOUT_MS", "60000");
        return env;
    }

    /** Keys in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.find() && !keys.contains(m.group(1))) {
                keys.add(m.group(1));
            }
        }
        keys.addAll(changed.keySet().stream().filter(k -> !keys.contains(k)).toList());
        return keys;
    }

    /** Sets a value (double-quoted when it has spaces); a key not in the file is appended. */
    void put(String key, String value) {
        changed.put(key, value);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.find() && changed.containsKey(m.group(1))) {
                out.append(assignment(m.group(1))).append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        for (String key : keys()) {
            if (lines.stream().noneMatch(l -> l.matches("^\\s*(?:export\\s+)?" + key + "\\s*=.*"))) {
                out.append(assignment(key)).append('\n');
            }
        }
        return out.toString();
    }

    private String assignment(String key) {
        String v = changed.get(key);
        return key + "=" + (v.matches("[A-Za-z0-9_./:,@+-]*") ? v : "\"" + v.replace("\"", "\\\"") + "\"");
    }
}
