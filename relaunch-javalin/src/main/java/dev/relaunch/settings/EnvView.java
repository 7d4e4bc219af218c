package dev.relaunch.settings;

import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.EnvEditor;
import dev.relaunch.config.EnvFile;
import dev.relaunch.config.Sensitivity;
import dev.relaunch.config.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The configuration this process started with, compared with the {@code .env} on disk now. Values are the running
 * ones; keys added to the file since start are listed too. A key the process environment sets is marked
 * {@code overridden}: the environment wins over {@code .env}, so a change to it in the file does nothing at a restart
 * and is not "pending". Thread-safe (immutable start state).
 *
 * <p>Two kinds: {@link #forApp} lists an app's own {@code .env} (and the process environment's overrides of its
 * keys) and reports the file's syntax problems; {@link #forRelaunch} lists relaunch's built-in server configuration,
 * defaults included, and reports every problem relaunch's own validation finds.
 */
public final class EnvView {
    /**
     * One row of the Settings table; {@code value} (the running value) and {@code fileValue} are masked when
     * sensitive.
     *
     * @param changedSinceStart a restart would change this key (same as {@code pending}; kept for API clients)
     * @param pending           the file's value differs from the running one and a restart applies it
     * @param fileValue         the value in {@code .env} now (what a restart applies unless {@code overridden}); null
     *                          when the file does not assign the key
     * @param removed           the key was removed from {@code .env} since start
     * @param inFile            {@code .env} assigns the key now (it can be deleted there)
     * @param overridden        the process environment sets the key: {@code .env} has no effect on it
     */
    public record Entry(String key, String value, boolean sensitive, String source, boolean changedSinceStart,
                        boolean pending, String fileValue, boolean removed, boolean inFile, boolean overridden) {}

    /**
     * The whole table plus what changed on disk since start.
     *
     * @param version         the file's version ({@link EnvEditor#versionOf}), sent back as {@code If-Match} by edits
     * @param changedKeys     keys a restart would change or add
     * @param removedKeys     keys removed from the file that a restart drops
     * @param ineffectiveKeys keys changed in the file that the process environment overrides: a restart ignores them
     */
    public record Snapshot(String envFile, boolean envFileExists, String version, List<Entry> entries,
                           List<String> changedKeys, List<String> removedKeys, List<String> ineffectiveKeys,
                           List<String> problems) {}

    private final Path envFile;
    private final Map<String, Setting> running;
    private final Map<String, String> fileAtStart;
    private final Map<String, String> environment;
    private final Sensitivity sensitivity;
    private final boolean relaunchKeys;

    private EnvView(Path envFile, List<Setting> running, Map<String, String> fileAtStart,
                    Map<String, String> environment, Sensitivity sensitivity, boolean relaunchKeys) {
        this.relaunchKeys = relaunchKeys;
        this.envFile = envFile;
        Map<String, Setting> m = new LinkedHashMap<>();
        running.forEach(s -> m.put(s.key(), s));
        this.running = m;
        this.fileAtStart = Map.copyOf(fileAtStart);
        this.environment = Map.copyOf(environment);
        this.sensitivity = sensitivity;
    }

    /**
     * relaunch's built-in server: every key it runs with, defaults included.
     *
     * @param environment the process environment, which overrides the file
     */
    public static EnvView forRelaunch(Path envFile, List<Setting> running, Map<String, String> fileAtStart,
                                      Map<String, String> environment, Sensitivity sensitivity) {
        return new EnvView(envFile, running, fileAtStart, environment, sensitivity, true);
    }

    /** An app's {@code .env}: its keys, each with the process environment's value when that overrides the file. */
    public static EnvView forApp(Path envFile, Map<String, String> fileAtStart, Map<String, String> processEnv,
                                 Sensitivity sensitivity) {
        List<Setting> running = new ArrayList<>();
        fileAtStart.forEach((k, v) -> running.add(processEnv.containsKey(k)
                ? new Setting(k, processEnv.get(k), Setting.FROM_ENVIRONMENT) : new Setting(k, v, Setting.FROM_FILE)));
        return new EnvView(envFile, running, fileAtStart, processEnv, sensitivity, false);
    }

    /** Whether the process environment sets {@code key}, so that {@code .env} has no effect on it. */
    public boolean overridden(String key) {
        return environment.containsKey(key);
    }

    /** The problems a restart would hit in the configuration on disk now; empty when it is valid. */
    public List<String> problemsNow() {
        return relaunchKeys ? ConfigLoader.load(envFile, environment).problems()
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
            ConfigLoader.Loaded fresh = ConfigLoader.load(envFile, environment);
            now = fresh.file();
            problems = fresh.problems();
        } else {
            now = EnvFile.load(envFile);
            problems = now.problemDescriptions();
        }
        Map<String, String> disk = now.values();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> ineffective = new ArrayList<>();
        disk.forEach((k, v) -> {
            if (!v.equals(fileAtStart.get(k))) {
                (overridden(k) ? ineffective : changed).add(k);
            }
        });
        fileAtStart.keySet().stream().filter(k -> !disk.containsKey(k)).sorted()
                .forEach(k -> (overridden(k) ? ineffective : removed).add(k));

        List<Entry> entries = new ArrayList<>();
        for (Setting s : running.values()) {
            entries.add(entry(s, disk, changed.contains(s.key()), removed.contains(s.key())));
        }
        disk.forEach((k, v) -> {
            if (!running.containsKey(k)) {
                Setting added = overridden(k) ? new Setting(k, environment.get(k), Setting.FROM_ENVIRONMENT)
                        : new Setting(k, v, Setting.FROM_FILE);
                entries.add(entry(added, disk, changed.contains(k), false));
            }
        });
        String version = now.exists() ? now.fingerprint() : EnvEditor.NO_FILE;
        return new Snapshot(envFile.toString(), now.exists(), version, entries, changed, removed, ineffective,
                problems);
    }

    /** The row of one key as {@link #snapshot()} lists it, if listed. */
    public Optional<Entry> entry(String key) {
        return snapshot().entries().stream().filter(e -> e.key().equals(key)).findFirst();
    }

    private Entry entry(Setting s, Map<String, String> disk, boolean pending, boolean removed) {
        boolean sensitive = sensitivity.isSensitive(s.key(), s.value());
        String fileValue = disk.get(s.key());
        boolean anyPending = pending || removed;
        return new Entry(s.key(), sensitivity.mask(s.key(), s.value()),
                sensitive || (fileValue != null && sensitivity.isSensitive(s.key(), fileValue)), s.source(),
                anyPending, anyPending, fileValue == null ? null : sensitivity.mask(s.key(), fileValue), removed,
                fileValue != null, overridden(s.key()));
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

    /**
     * Every sensitive value this process runs with or {@code .env} holds now, longest first, for redacting log output
     * shown in the browser: a secret saved through the Settings tab is masked from that moment, not from the next
     * restart.
     */
    public List<String> sensitiveValues() {
        Stream<String> runningValues = running.values().stream().filter(this::isSensitive).map(Setting::value);
        Stream<String> fileValues = EnvFile.load(envFile).values().entrySet().stream()
                .filter(e -> sensitivity.isSensitive(e.getKey(), e.getValue())).map(Map.Entry::getValue);
        return Stream.concat(runningValues, fileValues).filter(v -> v.length() >= 4).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
