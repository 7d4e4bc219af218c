package dev.relaunch.spring.internal;

import java.util.regex.Pattern;

/** The starter's base path, normalized and checked: the same rules as the Javalin plugin's, except the root. */
public final class BasePath {
    private static final Pattern PLAIN = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private BasePath() {}

    /**
     * {@code relaunch/} becomes {@code /relaunch}.
     *
     * @throws IllegalArgumentException for the root or a path that is not plain, saying what to use instead
     */
    public static String normalize(String configured) {
        String p = configured == null ? "" : configured.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/")) {
            p = "/" + p;
        }
        if (!PLAIN.matcher(p).matches() || p.matches(".*/\\.{1,2}(/.*)?")) {
            throw new IllegalArgumentException("relaunch.base-path '" + configured + "' is not a plain path below "
                    + "the root; use letters, digits and . _ ~ - in segments (not . or .. alone), e.g. /relaunch or /admin/relaunch");
        }
        return p;
    }
}
