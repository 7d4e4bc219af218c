package dev.relaunch.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the keys relaunch reads, one at a time; each failure adds a problem naming the key, its source and the
 * fix.
 */
final class ConfigValidator {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private final Map<String, String> values;
    private final Map<String, Setting> settings;
    private final String fileName;
    private final List<String> problems;

    ConfigValidator(Map<String, String> values, Map<String, Setting> settings, String fileName, List<String> problems) {
        this.values = values;
        this.settings = settings;
        this.fileName = fileName;
        this.problems = problems;
    }

    String where(String key) {
        Setting s = settings.get(key);
        if (s == null || s.source().equals(Setting.FROM_DEFAULT)) {
            return "";
        }
        return s.source().equals(Setting.FROM_FILE) ? fileName + ": " : "environment: ";
    }

    private String raw(String key) {
        String v = values.get(key);
        return v == null ? null : v.trim();
    }

    String host() {
        String h = raw("HOST");
        if (h == null || h.isEmpty()) {
            problems.add(where("HOST") + "HOST is empty; set it to the address to bind, e.g. HOST=127.0.0.1");
            return null;
        }
        String inner = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        boolean ipv6 = inner.contains(":") && inner.matches("[0-9A-Fa-f:.]+");
        if (!ipv6 && !HOST_NAME.matcher(inner).matches()) {
            problems.add(where("HOST") + "HOST=" + h + " is not a valid address or host name; "
                    + "use e.g. HOST=127.0.0.1");
            return null;
        }
        return h;
    }

    int port(String inherited) {
        String p = raw("PORT");
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            problems.add(where("PORT") + "PORT=" + p + " is not a number; use a port from 1 to 65535 "
                    + "(or 0 for any free port), e.g. PORT=5050");
            return -1;
        }
        if (port < 0 || port > 65535) {
            problems.add(where("PORT") + "PORT=" + p + " is out of range; use a port from 1 to 65535 "
                    + "(or 0 for any free port)");
            return -1;
        }
        if (port == 0 && inherited != null && inherited.matches("[0-9]{1,5}")) {
            return Integer.parseInt(inherited);
        }
        return port;
    }

    AppEnv appEnv() {
        String e = raw("APP_ENV");
        Optional<AppEnv> env = AppEnv.parse(e);
        if (env.isEmpty()) {
            problems.add(where("APP_ENV") + "APP_ENV=" + e + " is not one of development, testing, production");
            return AppEnv.DEVELOPMENT;
        }
        return env.get();
    }

    Path path(Path baseDir, String key, String fallback) {
        String p = raw(key);
        if (p == null || p.isEmpty() || p.indexOf('\0') >= 0) {
            problems.add(where(key) + key + " is empty; set it to a folder path, e.g. " + key + "=" + fallback);
            return baseDir.resolve(fallback);
        }
        try {
            return baseDir.resolve(p).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problems.add(where(key) + key + "=" + p + " is not a valid path: " + e.getReason());
            return baseDir.resolve(fallback);
        }
    }

    long millis(String key, long min, long max) {
        String p = raw(key);
        try {
            long v = Long.parseLong(p);
            if (v < min || v > max) {
                problems.add(where(key) + key + "=" + p + " is out of range; use milliseconds from " + min
                        + " to " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(where(key) + key + "=" + p + " is not a number of milliseconds, e.g. " + key + "="
                    + ConfigLoader.DEFAULTS.get(key));
            return Long.parseLong(ConfigLoader.DEFAULTS.get(key));
        }
    }

    RestartStrategyName strategy() {
        String s = raw("RESTART_STRATEGY");
        Optional<RestartStrategyName> n = RestartStrategyName.parse(s);
        if (n.isEmpty()) {
            problems.add(where("RESTART_STRATEGY") + "RESTART_STRATEGY=" + s
                    + " is not one of blue-green, stop-start");
            return RestartStrategyName.BLUE_GREEN;
        }
        return n.get();
    }

    boolean bool(String key) {
        String v = raw(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> {
                problems.add(where(key) + key + "=" + raw(key) + " is not true or false");
                yield true;
            }
        };
    }

    Optional<String> token() {
        String t = values.get("RESTART_TOKEN");
        if (t == null || t.isEmpty()) {
            return Optional.empty();
        }
        if (t.length() < ConfigLoader.MIN_TOKEN_LENGTH || t.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            // never echo the token itself: it is a secret even when it is a bad one
            problems.add(where("RESTART_TOKEN") + "RESTART_TOKEN must be at least " + ConfigLoader.MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces (e.g. the output of `openssl rand -hex 24`)");
        }
        return Optional.of(t);
    }

    List<String> allowedHosts(String host) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : raw("ALLOWED_HOSTS").split(",")) {
            String t = h.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                hosts.add(t);
            }
        }
        if (hosts.isEmpty()) {
            problems.add(where("ALLOWED_HOSTS") + "ALLOWED_HOSTS is empty; list the host names browsers use, "
                    + "e.g. ALLOWED_HOSTS=localhost,127.0.0.1");
        }
        if (!Hosts.isWildcard(host)) {
            hosts.add(Hosts.bracketed(host.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(hosts);
    }
}
