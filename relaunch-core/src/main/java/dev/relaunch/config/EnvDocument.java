package dev.relaunch.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The text of a {@code .env} file as an editor sees it: its physical lines, each with its own line ending, and the
 * assignments {@link DotenvParser} finds in them. Setting or removing a key rewrites only the lines of that key's
 * assignment; every other character stays as it was: comments, blank lines, order, the quoting and {@code export}
 * prefix of untouched lines, CRLF or LF endings, a byte order mark, a missing final newline, lines the parser
 * could not read.
 *
 * <p>A new value is written so that it reads back exactly, whatever it holds (quotes, {@code #}, blanks, newlines,
 * {@code $}, backslashes, non-ASCII): plain when that is unambiguous, else in single quotes (literal), else in double
 * quotes with escapes. An edited line keeps its indentation, {@code export}, the spacing around {@code =}, its
 * quoting style when that can hold the new value, and a trailing {@code # comment}. Every edit is checked by parsing
 * the result: the key must read back as the new value and every other key as before, else the edit is refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvDocument {
    private static final String BOM = "\uFEFF";

    private final boolean bom;
    /** Physical lines without their endings; never empty. */
    private final List<String> lines;
    /** The ending of each line: {@code "\n"}, {@code "\r\n"}, {@code "\r"}, or {@code ""} for the last one. */
    private final List<String> endings;
    private final List<DotenvParser.Statement> statements;

    private EnvDocument(boolean bom, List<String> lines, List<String> endings) {
        this.bom = bom;
        this.lines = List.copyOf(lines);
        this.endings = List.copyOf(endings);
        this.statements = DotenvParser.statements(body());
    }

    /** Reads {@code .env} text; never throws (unreadable lines are kept as they are). */
    public static EnvDocument parse(String text) {
        Objects.requireNonNull(text, "text");
        boolean bom = text.startsWith(BOM);
        String t = bom ? text.substring(1) : text;
        List<String> lines = new ArrayList<>();
        List<String> endings = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\r') {
                String ending = c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n' ? "\r\n"
                        : String.valueOf(c);
                lines.add(t.substring(start, i));
                endings.add(ending);
                i += ending.length() - 1;
                start = i + 1;
            }
        }
        lines.add(t.substring(start));
        endings.add("");
        return new EnvDocument(bom, lines, endings);
    }

    /** The whole text, byte order mark included when the file had one. */
    public String text() {
        return (bom ? BOM : "") + body();
    }

    private String body() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(lines.get(i)).append(endings.get(i));
        }
        return out.toString();
    }

    /** The values by key in order of first appearance; the last assignment of a key wins, as when loading. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        statements.forEach(s -> values.put(s.line().key(), s.line().value()));
        return Collections.unmodifiableMap(values);
    }

    /** Whether the file assigns {@code key} (exact, case-sensitive). */
    public boolean contains(String key) {
        return last(key).isPresent();
    }

    /**
     * The document with {@code key} set to {@code value}: the assignment in effect (the last one) is rewritten in
     * place, or a new line {@code KEY=value} is added at the end, in the file's own line ending.
     *
     * @throws IllegalArgumentException when the result would not read back exactly (a value no {@code .env} syntax
     *                                  can hold, such as one with a NUL character)
     */
    public EnvDocument with(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        List<String> newLines = new ArrayList<>(lines);
        List<String> newEndings = new ArrayList<>(endings);
        Optional<DotenvParser.Statement> existing = last(key);
        if (existing.isPresent()) {
            DotenvParser.Statement s = existing.get();
            int first = s.line().line() - 1;
            int last = s.lastLine() - 1;
            String rewritten = rewrite(lines.get(first), lines.get(last), first == last, value);
            String ending = endings.get(last);
            for (int i = last; i > first; i--) {
                newLines.remove(i);
                newEndings.remove(i);
            }
            newLines.set(first, rewritten);
            newEndings.set(first, ending);
        } else {
            String ending = dominantEnding();
            int end = newLines.size() - 1;
            if (!newLines.get(end).isEmpty()) {
                newEndings.set(end, ending); // the file had no final newline: the old last line gets one
                newLines.add("");
                newEndings.add("");
                end++;
            }
            newLines.set(end, key + "=" + EnvValues.encode(value, EnvValues.PLAIN));
            newEndings.set(end, ending);
            newLines.add("");
            newEndings.add("");
        }
        return checked(new EnvDocument(bom, newLines, newEndings), key, Optional.of(value));
    }

    /**
     * The document without any assignment of {@code key} (all of them, so that no earlier one takes effect). Other
     * lines, comments above the key included, stay.
     */
    public EnvDocument without(String key) {
        Objects.requireNonNull(key, "key");
        List<String> newLines = new ArrayList<>(lines);
        List<String> newEndings = new ArrayList<>(endings);
        for (int i = statements.size() - 1; i >= 0; i--) {
            DotenvParser.Statement s = statements.get(i);
            if (s.line().key().equals(key)) {
                for (int line = s.lastLine() - 1; line >= s.line().line() - 1; line--) {
                    newLines.remove(line);
                    newEndings.remove(line);
                }
            }
        }
        if (newLines.isEmpty() || !newEndings.get(newEndings.size() - 1).isEmpty()) {
            newLines.add("");
            newEndings.add("");
        }
        return checked(new EnvDocument(bom, newLines, newEndings), key, Optional.empty());
    }

    private Optional<DotenvParser.Statement> last(String key) {
        DotenvParser.Statement found = null;
        for (DotenvParser.Statement s : statements) {
            if (s.line().key().equals(key)) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The line ending most lines use; LF for a file without any. */
    private String dominantEnding() {
        Map<String, Integer> counts = new HashMap<>();
        endings.stream().filter(e -> !e.isEmpty()).forEach(e -> counts.merge(e, 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("\n");
    }

    /**
     * One line for an assignment that took the lines {@code first} to {@code last}: what stood before its value
     * (indentation, {@code export}, the key, {@code =} and the blanks after it), the new value, and what followed
     * its value on the last line (blanks and a comment).
     */
    private static String rewrite(String first, String last, boolean oneLine, String value) {
        int equals = first.indexOf('=');
        int valueStart = DotenvParser.skipBlanks(first, equals + 1);
        char quote = valueStart < first.length() ? first.charAt(valueStart) : 0;
        String tail;
        char style;
        if (quote == '"' || quote == '\'') {
            int close = closingQuote(oneLine ? first : last, oneLine ? valueStart + 1 : 0, quote);
            tail = (oneLine ? first : last).substring(close + 1);
            style = quote;
        } else {
            tail = commentTail(first, equals + 1);
            style = EnvValues.PLAIN;
        }
        return first.substring(0, valueStart) + EnvValues.encode(value, style) + tail;
    }

    /** The column of the quote that closes a value, scanning as the parser does (backslash escapes in "..."). */
    private static int closingQuote(String line, int from, char quote) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == quote) {
                return i;
            }
            if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                i++;
            }
        }
        throw new IllegalStateException("the parser accepted a quoted value without its closing quote");
    }

    /** The blanks and {@code # comment} after an unquoted value, or {@code ""}. */
    private static String commentTail(String line, int afterEquals) {
        for (int i = afterEquals + 1; i < line.length(); i++) {
            if (line.charAt(i) == '#' && DotenvParser.isBlank(line.charAt(i - 1))) {
                int start = i - 1;
                while (start > afterEquals && DotenvParser.isBlank(line.charAt(start - 1))) {
                    start--;
                }
                return line.substring(start);
            }
        }
        return "";
    }

    /**
     * Refuses an edit whose result does not read back as intended: the key with the new value (or gone), every
     * other key as before, and no line newly unreadable.
     */
    private EnvDocument checked(EnvDocument result, String key, Optional<String> value) {
        Map<String, String> expected = new LinkedHashMap<>(values());
        value.ifPresentOrElse(v -> expected.put(key, v), () -> expected.remove(key));
        int problemsBefore = DotenvParser.parse(body()).problems().size();
        if (!result.values().equals(expected) || DotenvParser.parse(result.body()).problems().size() > problemsBefore) {
            throw new IllegalArgumentException("the value of " + key + " cannot be written to .env so that it reads "
                    + "back exactly");
        }
        return result;
    }

    /** Never shows values: they may be secrets. */
    @Override
    public String toString() {
        return "EnvDocument[" + lines.size() + " lines, " + statements.size() + " assignments]";
    }
}
