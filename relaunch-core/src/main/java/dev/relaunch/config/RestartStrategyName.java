package dev.relaunch.config;

import java.util.Locale;
import java.util.Optional;

/** How a restart replaces the serving process. */
public enum RestartStrategyName {
    /** New process binds the same port (SO_REUSEPORT) while the old one serves; no outage. */
    BLUE_GREEN("blue-green"),
    /** Classic restart-script behaviour: stop the old process, wait for the port, start the new one. */
    STOP_START("stop-start");

    private final String label;

    RestartStrategyName(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<RestartStrategyName> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (RestartStrategyName n : values()) {
            if (n.label.equals(t)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
