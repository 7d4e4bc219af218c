package dev.relaunch.settings;

import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.EnvFile;
import dev.relaunch.config.Sensitivity;
import dev.relaunch.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration this process started with, compared with the {@code .env} on disk now. Values are the running
 * ones; keys added to the file since start are listed too, marked as changed. Thread-safe (immutable start state).
 *
 * <p>Two kinds: {@link #forApp} lists an app's own {@code .env} (and the process environment's overrides of its
 * keys) and reports the file's syntax problems; {@link #forRelaunch} lists relaunch's built-in server configuration,
 * defaults included, and reports every problem relaunch's own validation finds.
 */
public final class EnvView {
    /** One row of the Settings table; {@code value} is masked when sensitive. */
    public record Entry(String key, String value, boolean sensitive, String source, boolean changedSinceStart) {}

    /** The whole table plus what changed on disk since start. */
    public record Snapshot(String envFile, boolean envFileExists, List<Entry> entries, List<String> changedKeys,
                           List<String> removedKeys, List<String> problems) {}

    private final Path envFile;
    private final Map<String, Setting> running;
    private final Map<String, String> fileAtStart;
    private final Sensitivity sensitivity;
    private final boolean relaunchKeys;

    private EnvView(Path envFile, List<Setting> running, Map<String, String> fileAtStart, Sensitivity sensitivity,
                    boolean relaunchKeys) {
        this.relaunchKeys = relaunchKeys;
        this.envFile = envFile;
        Map<String, Setting> m = new LinkedHashMap<>();
        running.forEach(s -> m.put(s.key(), s));
        this.running = m;
        this.fileAtStart = Map.copyOf(fileAtStart);
        this.sensitivity = sensitivity;
    }

    /** relaunch's built-in server: every key it runs with, defaults included. */
    public static EnvView forRelaunch(Path envFile, List<Setting> running, Map<String, String> fileAtStart,
                                      Sensitivity sensitivity) {
        return new EnvView(envFile, running, fileAtStart, sensitivity, true);
    }

    /** An app's {@code .env}: its keys, each with the process environment's value when that overrides the file. */
    public static EnvView forApp(Path envFile, Map<String, String> fileAtStart, Map<String, String> processEnv,
                                 Sensitivity sensitivity) {
        List<Setting> running = new ArrayList<>();
        fileAtStart.forEach((k, v) -> running.add(processEnv.containsKey(k)
                ? new Setting(k, processEnv.get(k), Setting.FROM_ENVIRONMENT) : new Setting(k, v, Setting.FROM_FILE)));
        return new EnvView(envFile, running, fileAtStart, sensitivity, false);
    }

    /** The problems a restart would hit in the configuration on disk now; empty when it is valid. */
    public List<String> problemsNow() {
        return relaunchKeys ? ConfigLoader.load(envFile, System.getenv()).problems()
                : EnvFile.load(envFile).problemDescriptions();
    }

    public Path envFile() {
        return envFile;
    }

    public Snapshot snapshot() {
        // one read of the file on disk: its values and the problems a restart would hit now
        EnvFile now;
        List<String> problems;
        if (relaunchKeys) {
            ConfigLoader.Loaded fresh = ConfigLoader.load(envFile, System.getenv());
            now = fresh.file();
            problems = fresh.problems();
        } else {
            now = EnvFile.load(envFile);
            problems = now.problemDescriptions();
        }
        Map<String, String> disk = now.values();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        disk.forEach((k, v) -> {
            if (!v.equals(fileAtStart.get(k))) {
                changed.add(k);
            }
        });
        fileAtStart.keySet().stream().filter(k -> !disk.containsKey(k)).sorted().forEach(removed::add);

        List<Entry> entries = new ArrayList<>();
        for (Setting s : running.values()) {
            entries.add(entry(s, changed.contains(s.key()) || removed.contains(s.key())));
        }
        disk.forEach((k, v) -> {
            if (!running.containsKey(k)) {
                entries.add(entry(new Setting(k, v, Setting.FROM_FILE), true));
            }
        });
        return new Snapshot(envFile.toString(), now.exists(), entries, changed, removed, problems);
    }

    private Entry entry(Setting s, boolean changed) {
        boolean sensitive = sensitivity.isSensitive(s.key(), s.value());
        return new Entry(s.key(), sensitivity.mask(s.key(), s.value()), sensitive, s.source(), changed);
    }

    /** The real running value of one key (or of a key added to the file since start). */
    public Optional<Setting> reveal(String key) {
        Setting s = running.get(key);
        if (s != null) {
            return Optional.of(s);
        }
        String v = EnvFile.load(envFile).values().get(key);
        return v == null ? Optional.empty() : Optional.of(new Setting(key, v, Setting.FROM_FILE));
    }

    public boolean isSensitive(Setting s) {
        return sensitivity.isSensitive(s.key(), s.value());
    }

    /** Every sensitive running value, for redacting log output shown in the browser. */
    public List<String> sensitiveValues() {
        return running.values().stream().filter(this::isSensitive).map(Setting::value)
                .filter(v -> v.length() >= 4).toList();
    }
}
