package dev.relaunch.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code .env}, lets the process environment override it, fills in defaults and validates the result.
 *
 * <p>Never throws for bad input: every problem is collected in {@link Loaded#problems()} with the file and line or
 * the key it concerns, so {@code relaunch check} can list them all and a restart can fail with all of them.
 */
public final class ConfigLoader {
    /** Set by the supervisor for successors when {@code PORT=0}, so every child of one run shares the port. */

    static final int MIN_TOKEN_LENGTH = 16;
    /** The longest drain or start-up timeout accepted, in milliseconds. */
    static final long MAX_TIMEOUT_MS = 600_000;
    /** The shortest start-up timeout accepted: a JVM needs about this long to start. */
    static final long MIN_STARTUP_TIMEOUT_MS = 1_000;

    /** The keys relaunch itself reads, in the order the Settings page shows defaults, with their defaults. */
    public static final Map<String, String> DEFAULTS = defaults();

    private ConfigLoader() {}

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("HOST", "127.0.0.1");
        d.put("PORT", "5050");
        d.put("APP_ENV", "development");
        d.put("INSTANCE_DIR", "instance");
        d.put("LOGS_DIR", "instance/logs");
        d.put("DRAIN_TIMEOUT_MS", "10000");
        d.put("STARTUP_TIMEOUT_MS", "30000");
        d.put("RESTART_STRATEGY", "blue-green");
        d.put("RESTART_STANDBY", "true");
        d.put("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * The result of one load.
     *
     * @param config   present only when there are no problems
     * @param settings every key of the file (file order), then relaunch's own keys that came from the environment
     *                 or defaults
     */
    public record Loaded(EnvFile file, List<Setting> settings, Optional<Config> config, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public Config require() {
            return config.orElseThrow(() -> new ConfigException(problems));
        }
    }

    public static Loaded load(Path envFile, Map<String, String> processEnv) {
        return load(envFile, processEnv, true);
    }

    /**
     * For the supervisor of a user's own command ({@code relaunch start -- <command>}): the file is the app's, so
     * only the keys the supervisor itself uses are validated (PORT, INSTANCE_DIR, LOGS_DIR, the timeouts, the restart
     * strategy and standby). HOST, APP_ENV, ALLOWED_HOSTS, RESTART_TOKEN and any other key are the app's business:
     * invalid values there fall back to defaults instead of being problems.
     */
    public static Loaded loadForCommand(Path envFile, Map<String, String> processEnv) {
        return load(envFile, processEnv, false);
    }

    private static Loaded load(Path envFile, Map<String, String> processEnv, boolean builtInServer) {
        Path absolute = envFile.toAbsolutePath().normalize();
        EnvFile file = EnvFile.load(absolute);
        List<String> problems = new ArrayList<>(file.problemDescriptions());

        Map<String, Setting> merged = new LinkedHashMap<>();
        file.values().forEach((k, v) -> merged.put(k, processEnv.containsKey(k)
                ? new Setting(k, processEnv.get(k), Setting.FROM_ENVIRONMENT)
                : new Setting(k, v, Setting.FROM_FILE)));
        for (String key : keysRelaunchReads()) {
            if (!merged.containsKey(key)) {
                if (processEnv.containsKey(key)) {
                    merged.put(key, new Setting(key, processEnv.get(key), Setting.FROM_ENVIRONMENT));
                } else if (DEFAULTS.containsKey(key)) {
                    merged.put(key, new Setting(key, DEFAULTS.get(key), Setting.FROM_DEFAULT));
                }
            }
        }
        Map<String, String> v = new LinkedHashMap<>();
        merged.values().forEach(s -> v.put(s.key(), s.value()));

        Path baseDir = absolute.getParent() == null ? Path.of("").toAbsolutePath() : absolute.getParent();
        String fileName = absolute.getFileName() == null ? ".env" : absolute.getFileName().toString();
        ConfigValidator val = new ConfigValidator(v, merged, fileName, problems);
        // the keys only the built-in web server reads; for a user's command their problems are not relaunch's
        ConfigValidator web = builtInServer ? val : new ConfigValidator(v, merged, fileName, new ArrayList<>());

        String host = web.host();
        if (host == null && !builtInServer) {
            host = DEFAULTS.get("HOST");
        }
        Integer inherited = dev.relaunch.launch.LaunchContract.fromEnv(processEnv).inheritedPort();
        int port = val.port(inherited == null ? null : inherited.toString());
        AppEnv appEnv = web.appEnv();
        Path instanceDir = val.path(baseDir, "INSTANCE_DIR", "instance");
        Path logsDir = v.containsKey("LOGS_DIR") && merged.get("LOGS_DIR").source().equals(Setting.FROM_DEFAULT)
                ? instanceDir.resolve("logs")
                : val.path(baseDir, "LOGS_DIR", "instance/logs");
        long drain = val.millis("DRAIN_TIMEOUT_MS", 0, MAX_TIMEOUT_MS);
        long startup = val.millis("STARTUP_TIMEOUT_MS", MIN_STARTUP_TIMEOUT_MS, MAX_TIMEOUT_MS);
        RestartStrategyName strategy = val.strategy();
        boolean standby = val.bool("RESTART_STANDBY");
        Optional<String> token = web.token();
        List<String> allowedHosts = web.allowedHosts(host);
        Sensitivity sensitivity = Sensitivity.fromSetting(v.get("SENSITIVE_KEYS"));
        if (builtInServer && token.isEmpty() && host != null && !isLoopback(host)) {
            problems.add(val.where("HOST") + "HOST=" + host + " is not a loopback address; binding to it exposes "
                    + "the settings and restart routes to the network. Set RESTART_TOKEN (at least "
                    + MIN_TOKEN_LENGTH + " characters) to require a bearer token, or use HOST=127.0.0.1");
        }

        List<Setting> settings = List.copyOf(merged.values());
        Optional<Config> config = problems.isEmpty()
                ? Optional.of(new Config(absolute, baseDir, host, port, appEnv, logsDir, instanceDir, drain, startup,
                        token, allowedHosts, strategy, standby, sensitivity))
                : Optional.empty();
        return new Loaded(file, settings, config, List.copyOf(problems));
    }

    private static List<String> keysRelaunchReads() {
        List<String> keys = new ArrayList<>(DEFAULTS.keySet());
        keys.add("RESTART_TOKEN");
        keys.add("SENSITIVE_KEYS");
        return keys;
    }

    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // never resolve names here: a DNS answer must not decide what is exposed
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
