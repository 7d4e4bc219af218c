package dev.relaunch.watch;

import dev.relaunch.command.JavaSyntax;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@code java} command line names the app's code: its class path ({@code -cp}, {@code -classpath},
 * {@code --class-path X} or {@code --class-path=X}), the jar of {@code -jar}, or the source file of the source
 * launcher ({@code java App.java}). Read once from the user's command; a command that does not run {@code java}
 * directly (a script, {@code mvn}) names none of them.
 *
 * @param classPathAt the index of the token that holds the class path; -1 when none is given
 * @param inlinePrefix {@code --class-path=} when the class path is in the same token, else empty
 * @param jarAt       the index of the jar after {@code -jar}; -1 when none
 * @param sourceAt    the index of a {@code .java} source file run by the source launcher; -1 when none
 */
public record JavaCommand(List<String> tokens, int classPathAt, String inlinePrefix, int jarAt, int sourceAt) {

    public JavaCommand {
        tokens = List.copyOf(tokens);
    }

    public static JavaCommand parse(List<String> command) {
        int java = -1;
        for (int i = 0; i < command.size() && java < 0; i++) {
            if (JavaSyntax.isJava(command.get(i))) {
                java = i;
            }
        }
        int cp = -1;
        String prefix = "";
        int jar = -1;
        int source = -1;
        for (int i = java < 0 ? command.size() : java + 1; i < command.size(); i++) {
            String t = command.get(i);
            if (JavaSyntax.isClassPathOption(t) && i + 1 < command.size()) {
                cp = ++i;
                prefix = "";
            } else if (t.startsWith(JavaSyntax.CLASS_PATH_INLINE)) {
                cp = i;
                prefix = JavaSyntax.CLASS_PATH_INLINE;
            } else if (t.equals("-jar") && i + 1 < command.size()) {
                jar = i + 1;
                break;
            } else if (JavaSyntax.takesValue(t)) {
                i++;
            } else if (t.equals("-m") || t.equals("--module")) {
                break;
            } else if (!t.startsWith("-")) {
                source = t.endsWith(".java") ? i : -1;
                break; // the main class: what follows are the app's own arguments
            }
        }
        return new JavaCommand(command, cp, prefix, jar, source);
    }

    /** The class path as given, when the command gives one. */
    public Optional<String> classPath() {
        return classPathAt < 0 ? Optional.empty()
                : Optional.of(tokens.get(classPathAt).substring(inlinePrefix.length()));
    }

    public Optional<String> jar() {
        return jarAt < 0 ? Optional.empty() : Optional.of(tokens.get(jarAt));
    }

    public Optional<String> sourceFile() {
        return sourceAt < 0 ? Optional.empty() : Optional.of(tokens.get(sourceAt));
    }

    /** The command with the class path, or the jar, replaced. */
    public List<String> with(String classPath, String jar) {
        List<String> out = new ArrayList<>(tokens);
        if (classPath != null && classPathAt >= 0) {
            out.set(classPathAt, inlinePrefix + classPath);
        }
        if (jar != null && jarAt >= 0) {
            out.set(jarAt, jar);
        }
        return out;
    }

    /** The entries of a class path, without empty ones. */
    public static List<String> entries(String classPath) {
        List<String> out = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(e);
            }
        }
        return out;
    }
}
