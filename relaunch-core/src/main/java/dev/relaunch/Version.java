package dev.relaunch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * relaunch's version, from {@code version.properties} (written by the build), so it is right inside any app's jar,
 * shaded or not; "dev" when run from unbuilt classes.
 */
public final class Version {
    private static final String CURRENT = read();

    private Version() {}

    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
