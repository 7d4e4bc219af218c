package dev.relaunch.command;

import dev.relaunch.platform.Platforms;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code java} launcher's command-line syntax, as far as relaunch reads a user's command: which word is the
 * launcher, which options name the class path, and which other options take the next word as their value. The one
 * place for every reader of a user's {@code java} command (what watching watches, what fast start rewrites, the
 * supervisor's log line), so they never disagree about where the main class starts.
 */
public final class JavaSyntax {
    /** Options whose value, the next word, is the class path. */
    public static final Set<String> CLASS_PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path");
    /** The class path in the same word: {@code --class-path=a:b}. */
    public static final String CLASS_PATH_INLINE = "--class-path=";
    /** Other options whose value is the next word ({@code java --help}). */
    private static final Set<String> WITH_VALUE = Set.of("-p", "--module-path", "--upgrade-module-path",
            "--add-modules", "--limit-modules", "--add-exports", "--add-opens", "--add-reads", "--patch-module",
            "--enable-native-access", "--source");

    private JavaSyntax() {}

    /**
     * Whether the word runs the Java launcher: {@code java} as typed (found on {@code PATH}, also {@code javaw} on
     * Windows), or a path the platform knows as a Java launcher ({@code /usr/lib/jvm/…/bin/java}, {@code java.exe}).
     */
    public static boolean isJava(String executable) {
        String name = Path.of(executable).getFileName().toString().toLowerCase(Locale.ROOT);
        return name.equals("java") || name.equals("javaw") || Platforms.current().isJavaLauncher(executable);
    }

    /** Whether an option other than the class path takes the next word as its value. */
    public static boolean takesValue(String option) {
        return WITH_VALUE.contains(option);
    }

    /** Whether an option names the class path in the next word. */
    public static boolean isClassPathOption(String option) {
        return CLASS_PATH_OPTIONS.contains(option);
    }
}
