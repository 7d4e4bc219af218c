package dev.relaunch.javalin;

import dev.relaunch.Version;
import dev.relaunch.config.AppEnv;
import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.EnvFile;
import dev.relaunch.config.RestartStrategyName;
import dev.relaunch.config.Sensitivity;
import dev.relaunch.config.Setting;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.role.ProcessRole;
import dev.relaunch.settings.EnvView;
import dev.relaunch.web.ServerInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the plugin knows about the process it runs in: relaunch's limits and security settings, the settings the
 * Settings tab lists, and whether its routes exist. Built from an app's {@code .env} by {@link #forApp}, or handed
 * over by relaunch's built-in server ({@link #forBuiltInServer}), which reads its configuration itself.
 *
 * @param config         relaunch's own keys (limits, token, allowed hosts, folders) with their defaults
 * @param settings       the settings as this process runs with them, for extensions
 * @param disabledReason present when the routes must not exist (production, APP_ENV missing, invalid settings)
 * @param logFile        the log the Logs tab shows; null when none is known
 * @param role           a fixed role (the class-data training run); null to choose from the launch contract
 */
public record RelaunchSetup(Config config, EnvView envView, Map<String, String> settings,
                            Optional<String> disabledReason, ServerInfo info, Path logFile, ProcessRole role) {

    public boolean routesEnabled() {
        return disabledReason.isEmpty();
    }

    /** The same setup with a fixed role. */
    public RelaunchSetup withRole(ProcessRole fixed) {
        return new RelaunchSetup(config, envView, settings, disabledReason, info, logFile, fixed);
    }

    /**
     * relaunch's built-in server: its validated configuration, every key listed, routes unless production. After a
     * rollback the supervisor passes the {@code .env} values that served before as variables; they are listed as the
     * file's values they are (what the file says now is then pending), not as set by the environment.
     */
    public static RelaunchSetup forBuiltInServer(Config config, ConfigLoader.Loaded loaded, ServerInfo info) {
        Set<String> fromDotenv = LaunchContract.fromEnv(System.getenv()).dotenvKeys();
        List<Setting> running = loaded.settings().stream().map(s -> fromDotenv.contains(s.key())
                ? new Setting(s.key(), s.value(), Setting.FROM_FILE) : s).toList();
        Map<String, String> fileAtStart = new LinkedHashMap<>(loaded.file().values());
        running.stream().filter(s -> fromDotenv.contains(s.key())).forEach(s -> fileAtStart.put(s.key(), s.value()));
        Map<String, String> settings = new LinkedHashMap<>();
        running.forEach(s -> settings.put(s.key(), s.value()));
        Optional<String> off = config.appEnv().allowsSettings() ? Optional.empty()
                : Optional.of("APP_ENV=" + config.appEnv().label());
        return new RelaunchSetup(config, EnvView.forRelaunch(config.envFile(), running, fileAtStart,
                overridesOnly(System.getenv()), config.sensitivity()), settings, off, info, config.serverLog(), null);
    }

    /**
     * An app's {@code .env} (the process environment overrides it). The routes exist only when {@code APP_ENV} is
     * {@code development} or {@code testing}: a library inside an app that may run in production is off unless the
     * app says otherwise, so a missing {@code APP_ENV} means off. Public for the Spring Boot starter, which decides
     * by the same rule.
     */
    public static RelaunchSetup forApp(Path envFile, Path logFile) {
        Map<String, String> env = overridesOnly(System.getenv());
        ConfigLoader.Loaded loaded = loadRelaunchKeys(envFile, env);
        EnvFile file = loaded.file();
        Path absolute = envFile.toAbsolutePath().normalize();
        String appEnv = env.containsKey("APP_ENV") ? env.get("APP_ENV") : file.values().get("APP_ENV");
        Optional<String> off;
        if (appEnv == null) {
            off = Optional.of("APP_ENV is not set (in " + absolute + " or the environment); set APP_ENV=development "
                    + "to turn on the Settings tab and the Restart Server button");
        } else if (AppEnv.parse(appEnv).isEmpty()) {
            off = Optional.of("APP_ENV=" + appEnv + " is not one of development, testing, production");
        } else if (!AppEnv.parse(appEnv).get().allowsSettings()) {
            off = Optional.of("APP_ENV=" + appEnv);
        } else if (!loaded.ok()) {
            off = Optional.of("its settings have problems: " + String.join("; ", loaded.problems()));
        } else {
            off = Optional.empty();
        }
        Config config = loaded.config().orElseGet(() -> defaults(absolute));
        Sensitivity sensitivity = config.sensitivity();
        EnvView view = EnvView.forApp(absolute, file.values(), env, sensitivity);
        Map<String, String> settings = new LinkedHashMap<>(file.values());
        file.values().keySet().stream().filter(env::containsKey).forEach(k -> settings.put(k, env.get(k)));
        return new RelaunchSetup(config, view, settings, off, ServerInfo.current(Version.current()),
                logFile == null ? null : logFile.toAbsolutePath().normalize(), null);
    }

    /**
     * The process environment without the variables the supervisor set from {@code .env} ({@code relaunch start --
     * <command>} passes the file's keys as variables): those are the file's values, not overrides, and a changed
     * file must show as changed.
     */
    static Map<String, String> overridesOnly(Map<String, String> processEnv) {
        LaunchContract launch = LaunchContract.fromEnv(processEnv);
        if (launch.dotenvKeys().isEmpty()) {
            return processEnv;
        }
        Map<String, String> own = new HashMap<>(processEnv);
        launch.dotenvKeys().forEach(own::remove);
        return own;
    }

    /** How long a successor may take to start, from the {@code .env} on disk now (a changed value applies). */
    static long startupTimeoutNow(Config running) {
        return loadRelaunchKeys(running.envFile(), overridesOnly(System.getenv())).config().orElse(running)
                .startupTimeoutMs();
    }

    /** relaunch's keys from a {@code .env} (the process environment wins), leaving the app's HOST and PORT alone. */
    private static ConfigLoader.Loaded loadRelaunchKeys(Path envFile, Map<String, String> env) {
        // the app's HOST and PORT are its own business (its connector decides): relaunch validates only its keys
        Map<String, String> neutral = new HashMap<>(env);
        neutral.put("HOST", "127.0.0.1");
        neutral.put("PORT", "0");
        return ConfigLoader.load(envFile, neutral);
    }

    /** relaunch's defaults, for a process whose settings are invalid: the handoff still works, the routes are off. */
    private static Config defaults(Path envFile) {
        Path base = envFile.getParent() == null ? Path.of("").toAbsolutePath() : envFile.getParent();
        Path instance = base.resolve(ConfigLoader.DEFAULTS.get("INSTANCE_DIR"));
        return new Config(envFile, base, "127.0.0.1", 0, AppEnv.PRODUCTION, instance.resolve("logs"), instance,
                Long.parseLong(ConfigLoader.DEFAULTS.get("DRAIN_TIMEOUT_MS")),
                Long.parseLong(ConfigLoader.DEFAULTS.get("STARTUP_TIMEOUT_MS")), Optional.empty(),
                List.of("localhost", "127.0.0.1", "[::1]"), RestartStrategyName.BLUE_GREEN, false,
                Sensitivity.fromSetting(null));
    }
}
