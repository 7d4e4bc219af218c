package dev.relaunch.config;

/**
 * One configuration value as the server sees it.
 *
 * @param source where the value came from: {@code .env}, {@code environment} (the process environment overrides
 *               the file) or {@code default}
 */
public record Setting(String key, String value, String source) {
    public static final String FROM_FILE = ".env";
    public static final String FROM_ENVIRONMENT = "environment";
    public static final String FROM_DEFAULT = "default";
}
