package dev.relaunch.platform;

import java.util.Locale;

/**
 * Chooses the {@link Platform}: the one place that reads {@code os.name}. Code that can take a platform as a
 * parameter should; the static helpers that cannot (e.g. {@code Liveness}) use {@link #current()}.
 */
public final class Platforms {
    private static final Platform CURRENT = forOs(System.getProperty("os.name", ""));

    private Platforms() {}

    /** The platform this JVM runs on, chosen once. */
    public static Platform current() {
        return CURRENT;
    }

    /** The platform for an {@code os.name} value; an unknown system gets the cautious {@link OtherPlatform}. */
    public static Platform forOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return new WindowsPlatform();
        }
        if (os.startsWith("linux")) {
            return new LinuxPlatform();
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return new MacPlatform();
        }
        return new OtherPlatform(osName);
    }
}
