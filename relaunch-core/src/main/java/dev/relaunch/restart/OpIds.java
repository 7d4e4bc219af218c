package dev.relaunch.restart;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Operation ids: 16 random URL-safe characters. Validated before any file access (no traversal, no NUL). */
public final class OpIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpIds() {}

    public static String next() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
