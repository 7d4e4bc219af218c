package dev.relaunch.config;

import java.util.Locale;
import java.util.Optional;

/** Where the server runs. Settings and restart exist only in {@link #DEVELOPMENT} and {@link #TESTING}. */
public enum AppEnv {
    DEVELOPMENT, TESTING, PRODUCTION;

    public boolean allowsSettings() {
        return this != PRODUCTION;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AppEnv> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "development", "dev" -> Optional.of(DEVELOPMENT);
            case "testing", "test" -> Optional.of(TESTING);
            case "production", "prod" -> Optional.of(PRODUCTION);
            default -> Optional.empty();
        };
    }
}
