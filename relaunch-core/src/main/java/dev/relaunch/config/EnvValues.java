package dev.relaunch.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a value is written into a {@code .env} file so that {@link DotenvParser} reads it back exactly, and which
 * keys and values can be written at all.
 */
public final class EnvValues {
    /** The quoting style of an unquoted value. */
    static final char PLAIN = 0;
    /** A new key: what every common {@code .env} reader and a POSIX shell accept as a variable name. */
    private static final Pattern NEW_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Characters that need no quotes in any common {@code .env} reader (no blanks, quotes, comments, expansion). */
    private static final Pattern PLAIN_SAFE = Pattern.compile("[^\\s'\"#$`\\\\\\p{Cntrl}]+");
    public static final int MAX_KEY_LENGTH = 128;

    private EnvValues() {}

    /**
     * Why {@code key} cannot be added to a {@code .env} file, or empty when it can. Keys must match
     * {@code [A-Za-z_][A-Za-z0-9_]*} (up to 128 characters).
     */
    public static Optional<String> newKeyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("the key is empty; a key starts with a letter or '_' and contains only letters, "
                    + "digits and '_', e.g. API_URL");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return Optional.of("the key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        if (!NEW_KEY.matcher(key).matches()) {
            return Optional.of("'" + printable(key) + "' is not a valid key: a key starts with a letter or '_' and "
                    + "contains only letters, digits and '_', e.g. API_URL");
        }
        return Optional.empty();
    }

    /**
     * Why {@code value} cannot be stored, or empty when it can: a NUL or another control character (tab, newline
     * and carriage return are fine), or a lone surrogate that UTF-8 cannot encode. The message names the position,
     * never the value, which may be a secret.
     */
    public static Optional<String> valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return Optional.of(String.format("the value contains the control character U+%04X at position %d, "
                        + "which an environment variable cannot hold; remove it", (int) c, i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("the value contains an incomplete Unicode character at position " + (i + 1)
                        + "; remove it");
            }
        }
        return Optional.empty();
    }

    /**
     * The value as it goes after {@code KEY=}: in the preferred quoting style when that style can hold it (so an
     * edited line keeps its look), else plain when nothing in it could be misread, else in single quotes (taken
     * literally), else in double quotes with {@code \\ \" \n \r \t} escapes.
     *
     * @param preferred {@code '"'}, {@code '\''} or {@link #PLAIN}
     */
    static String encode(String value, char preferred) {
        if (preferred == '"') {
            return doubleQuoted(value);
        }
        if (preferred == '\'' && singleQuotable(value)) {
            return "'" + value + "'";
        }
        if (value.isEmpty() || PLAIN_SAFE.matcher(value).matches()) {
            return value;
        }
        return singleQuotable(value) ? "'" + value + "'" : doubleQuoted(value);
    }

    private static boolean singleQuotable(String value) {
        return value.chars().noneMatch(c -> c == '\'' || c < 0x20 || c == 0x7f);
    }

    private static String doubleQuoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
