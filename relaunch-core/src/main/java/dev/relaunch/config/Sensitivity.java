package dev.relaunch.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which settings are secrets and how to show them masked.
 *
 * <p>A setting is sensitive when its key contains a secret-sounding word (see
 * {@link #isSensitive(String, String)}), when its key matches an extra pattern from
 * {@code SENSITIVE_KEYS}, or when its value looks like a credential whatever the key: a URL with a
 * password, a PEM private key or a JWT. The rules err towards masking, since showing a secret is
 * worse than hiding a harmless value.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sensitivity {

    private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "PASSWD", "PWD", "SECRET",
            "TOKEN", "KEY", "CREDENTIAL", "CREDENTIALS", "PRIVATE", "AUTH", "SALT", "SIGNATURE",
            "COOKIE");
    private static final String MASK = "********";
    private static final String PASSWORD_MASK = "******";

    private static final Pattern WORD_SEPARATOR = Pattern.compile("[_.\\-]+|(?<=[a-z])(?=[A-Z])");
    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.:-]*://");
    private static final Pattern PEM_PRIVATE_KEY =
            Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----");
    private static final Pattern JWT_SHAPE =
            Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern JSON_ALG = Pattern.compile("\"alg\"\\s*:");

    private final List<List<String>> extraWordRuns;
    private final List<Pattern> extraGlobs;

    /**
     * @param extraPatterns entries of {@code SENSITIVE_KEYS}, case-insensitive. An entry with
     *                      {@code *} is a glob over the whole key ({@code *_CERT},
     *                      {@code STRIPE_*}); any other entry is a word part ({@code PIN}) or a
     *                      run of word parts ({@code CLIENT_ID}) that must appear in the key.
     *                      Blank entries are ignored.
     */
    public Sensitivity(Collection<String> extraPatterns) {
        List<List<String>> words = new ArrayList<>();
        List<Pattern> globs = new ArrayList<>();
        for (String entry : extraPatterns) {
            String pattern = entry == null ? "" : entry.strip();
            if (pattern.contains("*")) {
                globs.add(globToRegex(pattern));
            } else if (!wordParts(pattern).isEmpty()) {
                words.add(wordParts(pattern));
            }
        }
        this.extraWordRuns = List.copyOf(words);
        this.extraGlobs = List.copyOf(globs);
    }

    /** The built-in rules only. */
    public static Sensitivity defaults() {
        return new Sensitivity(List.of());
    }

    /**
     * Builds the rules from a {@code SENSITIVE_KEYS} setting.
     *
     * @param commaSeparatedOrNull e.g. {@code "PIN, *_CERT, STRIPE_*"}; {@code null} or blank means
     *                             no extra patterns
     */
    public static Sensitivity fromSetting(String commaSeparatedOrNull) {
        if (commaSeparatedOrNull == null || commaSeparatedOrNull.isBlank()) {
            return defaults();
        }
        return new Sensitivity(Arrays.asList(commaSeparatedOrNull.split(",")));
    }

    /**
     * True when the setting should be masked: one of the key's word parts (split on {@code _},
     * {@code .}, {@code -} and lower-to-upper case changes, compared case-insensitively) is
     * PASSWORD, PASSWD, PWD, SECRET, TOKEN, KEY, CREDENTIAL(S), PRIVATE, AUTH, SALT, SIGNATURE or
     * COOKIE; or the key matches an extra pattern; or the value is a URL with a password, a PEM
     * private key or a JWT. So {@code API_KEY} and {@code SESSION_COOKIE_NAME} are sensitive, but
     * {@code KEYBOARD_LAYOUT} and {@code AUTHOR} are not.
     *
     * @param key   the setting's name
     * @param value its value; {@code null} is treated as empty, so only the key decides
     */
    public boolean isSensitive(String key, String value) {
        Objects.requireNonNull(key, "key");
        return isSensitiveKey(key) || isSensitiveValue(value == null ? "" : value);
    }

    /**
     * The value as the Settings tab may show it. A URL with a password keeps everything but the
     * password ({@code postgres://u:******@h/db}); any other sensitive value becomes a fixed
     * {@code ********} that does not reveal its length; an empty value stays empty; anything else is
     * returned unchanged.
     *
     * @param value {@code null} is treated as empty
     */
    public String mask(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (value == null || value.isEmpty()) {
            return "";
        }
        int[] password = passwordSpan(value);
        if (password != null) {
            return value.substring(0, password[0]) + PASSWORD_MASK + value.substring(password[1]);
        }
        return isSensitive(key, value) ? MASK : value;
    }

    /**
     * True for a URL whose userinfo holds a non-empty password, such as
     * {@code postgres://user:pass@host/db}, {@code redis://:pass@host:6379} or
     * {@code jdbc:mysql://user:pass@host/db}. A user name alone ({@code ssh://git@host}) does not
     * count. Unencoded {@code /}, {@code ?} or {@code #} in the password are tolerated.
     *
     * @param value {@code null} gives false
     */
    public boolean isUrlWithPassword(String value) {
        return value != null && passwordSpan(value) != null;
    }

    private boolean isSensitiveKey(String key) {
        List<String> parts = wordParts(key);
        for (String part : parts) {
            if (SECRET_WORDS.contains(part)) {
                return true;
            }
        }
        for (List<String> run : extraWordRuns) {
            if (Collections.indexOfSubList(parts, run) >= 0) {
                return true;
            }
        }
        for (Pattern glob : extraGlobs) {
            if (glob.matcher(key).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSensitiveValue(String value) {
        return passwordSpan(value) != null || PEM_PRIVATE_KEY.matcher(value).find()
                || looksLikeJwt(value.strip());
    }

    /**
     * Finds the password in a URL's userinfo and returns its {@code [start, end)} range, or null.
     * The userinfo normally ends at the last {@code @} of the authority; when the authority has no
     * {@code @}, the last {@code @} of the whole URL is used instead, because generated passwords
     * often contain unencoded {@code /} or {@code #}, and missing one of those would show it.
     */
    private static int[] passwordSpan(String value) {
        var scheme = URL_SCHEME.matcher(value);
        if (!scheme.lookingAt() || value.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        int start = scheme.end();
        int authorityEnd = indexOfAny(value, "/?#", start);
        int at = value.lastIndexOf('@', authorityEnd - 1);
        if (at < start) {
            at = value.lastIndexOf('@');
        }
        if (at < start) {
            return null;
        }
        int colon = value.indexOf(':', start);
        if (colon < 0 || colon >= at - 1 || authorityEnd < colon) {
            return null;
        }
        return new int[] {colon + 1, at};
    }

    private static boolean looksLikeJwt(String value) {
        if (!JWT_SHAPE.matcher(value).matches()) {
            return false;
        }
        String header = value.substring(0, value.indexOf('.'));
        try {
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8)
                    .strip();
            return json.startsWith("{") && json.endsWith("}") && JSON_ALG.matcher(json).find();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> wordParts(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : WORD_SEPARATOR.split(text)) {
            if (!part.isEmpty()) {
                parts.add(part.toUpperCase(Locale.ROOT));
            }
        }
        return parts;
    }

    private static Pattern globToRegex(String glob) {
        String[] literals = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
