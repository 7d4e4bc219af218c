package dev.relaunch.maven.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoFailureException;

/** Turns a failed build's exception into a {@link BuildOutcome}: the compiler's errors, the first as {@code file:line}. */
public final class CompilerMessages {
    static final int MAX_LINES = 20;
    /** maven-compiler-plugin's form: {@code /abs/path/Greeting.java:[12,5] ';' expected}. */
    private static final Pattern ERROR = Pattern.compile("^\\s*(?:\\[ERROR\\]\\s*)?(.+?\\.java):\\[(\\d+)(?:,\\d+)?\\] (.*)$");

    private CompilerMessages() {}

    /**
     * @param failure what the build threw (a compile failure is wrapped by Maven; every cause is read)
     * @param baseDir paths are shown relative to it (the module folder), as the developer types them
     */
    public static BuildOutcome failed(Throwable failure, Path baseDir) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (String text : texts(t)) {
                for (String line : text.split("\\R")) {
                    Matcher m = ERROR.matcher(line);
                    if (!m.matches()) {
                        continue;
                    }
                    String where = relative(m.group(1), baseDir) + ":" + m.group(2);
                    String shown = where + ": " + m.group(3).trim();
                    if (first == null) {
                        first = shown;
                    }
                    if (!lines.contains(shown) && lines.size() < MAX_LINES) {
                        lines.add(shown);
                    }
                }
            }
            if (!lines.isEmpty()) {
                break; // the innermost cause repeats the same errors
            }
        }
        if (first == null) {
            String msg = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            first = msg.lines().findFirst().orElse(msg);
        }
        return new BuildOutcome(false, first, lines);
    }

    private static List<String> texts(Throwable t) {
        List<String> texts = new ArrayList<>();
        if (t.getMessage() != null) {
            texts.add(t.getMessage());
        }
        if (t instanceof MojoFailureException f && f.getLongMessage() != null) {
            texts.add(f.getLongMessage());
        }
        return texts;
    }

    private static String relative(String file, Path baseDir) {
        try {
            Path p = Path.of(file);
            return p.isAbsolute() ? baseDir.relativize(p).toString() : file;
        } catch (RuntimeException e) {
            return file;
        }
    }
}
