package dev.relaunch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Parses the text of a {@code .env} file, accepting the syntax that python-dotenv and Node's dotenv
 * accept in practice.
 *
 * <ul>
 *   <li>Blank lines and lines starting with {@code #} are ignored; an {@code export } prefix is
 *       allowed.
 *   <li>{@code KEY=value}, with optional blanks around the key and the {@code =}. Keys match
 *       {@code [A-Za-z_][A-Za-z0-9_.-]*}. {@code KEY=} gives an empty value.
 *   <li>Unquoted values end at a {@code #} that follows a blank (an inline comment) or at the end of
 *       the line, and are trimmed; a {@code #} inside a word stays ({@code URL=http://x/#frag}).
 *       Blanks after the {@code =} count, so {@code KEY= # note} is empty while {@code KEY=#x} is
 *       {@code #x}.
 *   <li>Single-quoted values are literal. Double-quoted values understand {@code \n \t \r \" \\ \$};
 *       any other backslash sequence is kept as written. Both may span lines, and may be followed
 *       only by blanks or a comment.
 *   <li>A UTF-8 byte order mark at the start is ignored; CRLF and CR line endings are accepted, and
 *       line breaks inside multi-line values become {@code \n}.
 * </ul>
 *
 * <p>There is no variable interpolation: {@code ${OTHER}} and {@code $OTHER} stay in the value as
 * written, because substitution rules differ between tools and a literal value is what the Settings
 * tab shows and writes back.
 *
 * <p>Parsing never throws. A line that cannot be read becomes a {@link ParseProblem} and parsing
 * resumes on the next physical line, so one mistake never hides the rest of the file. When a quoted
 * value goes wrong, only its first line is dropped: usually the quote was simply not closed there,
 * and the following lines are ordinary assignments.
 *
 * <p>Thread-safe: each call works on its own state.
 */
public final class DotenvParser {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final String KEY_RULE =
            "a key starts with a letter or '_' and contains only letters, digits, '_', '.' or '-'";
    private static final int MAX_ECHOED_KEY = 40;

    private final String[] lines;
    private final List<EnvLine> entries = new ArrayList<>();
    private final List<Integer> lastLines = new ArrayList<>();
    private final List<ParseProblem> problems = new ArrayList<>();

    private DotenvParser(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        this.lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    }

    /**
     * Parses {@code .env} content.
     *
     * @param content the whole file as text; must not be {@code null}
     * @return the assignments in file order and the problems found, each with its 1-based line
     */
    public static ParseResult parse(String content) {
        DotenvParser parser = run(content);
        return new ParseResult(parser.entries, parser.problems);
    }

    /**
     * One assignment and the physical lines it takes, for an editor that rewrites it in place.
     *
     * @param lastLine 1-based line where the assignment ends (its closing quote); equal to {@code line.line()} for
     *                 a one-line assignment
     */
    record Statement(EnvLine line, int lastLine) {}

    /**
     * The assignments of {@code content} with the lines each one spans. Lines are counted as {@link #parse} counts
     * them: after a leading byte order mark, split at CRLF, CR or LF.
     */
    static List<Statement> statements(String content) {
        DotenvParser parser = run(content);
        List<Statement> out = new ArrayList<>(parser.entries.size());
        for (int i = 0; i < parser.entries.size(); i++) {
            out.add(new Statement(parser.entries.get(i), parser.lastLines.get(i)));
        }
        return out;
    }

    private static DotenvParser run(String content) {
        Objects.requireNonNull(content, "content");
        DotenvParser parser = new DotenvParser(content);
        int next = 0;
        while (next < parser.lines.length) {
            next = parser.parseStatement(next);
        }
        return parser;
    }

    /** Parses the statement starting at {@code index} and returns the index of the next line. */
    private int parseStatement(int index) {
        String line = lines[index];
        int lineNumber = index + 1;
        int start = skipBlanks(line, 0);
        if (start == line.length() || line.charAt(start) == '#') {
            return index + 1;
        }
        start = skipExport(line, start);

        int equals = line.indexOf('=', start);
        if (equals < 0) {
            problems.add(new ParseProblem(lineNumber, missingEquals(line.substring(start))));
            return index + 1;
        }
        String key = line.substring(start, equals).stripTrailing();
        if (key.isEmpty()) {
            problems.add(new ParseProblem(lineNumber,
                    "missing key before '='; write KEY=value"));
            return index + 1;
        }
        if (!KEY.matcher(key).matches()) {
            problems.add(new ParseProblem(lineNumber,
                    "invalid key " + quoteKey(key) + ": " + KEY_RULE));
            return index + 1;
        }

        int valueStart = skipBlanks(line, equals + 1);
        if (valueStart < line.length()) {
            char first = line.charAt(valueStart);
            if (first == '"' || first == '\'') {
                return parseQuoted(index, valueStart, key, first);
            }
        }
        boolean blankBeforeValue = valueStart > equals + 1;
        entries.add(new EnvLine(key, unquotedValue(line.substring(valueStart), blankBeforeValue),
                lineNumber));
        lastLines.add(lineNumber);
        return index + 1;
    }

    private static int skipExport(String line, int start) {
        int afterWord = start + "export".length();
        if (!line.startsWith("export", start) || afterWord >= line.length()
                || !isBlank(line.charAt(afterWord))) {
            return start;
        }
        int keyStart = skipBlanks(line, afterWord);
        // "export = 1" assigns to a key named export rather than exporting nothing.
        boolean somethingToExport = keyStart < line.length() && line.charAt(keyStart) != '=';
        return somethingToExport ? keyStart : start;
    }

    private static String unquotedValue(String raw, boolean blankBefore) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (i == 0 ? blankBefore : isBlank(raw.charAt(i - 1)))) {
                return raw.substring(0, i).stripTrailing();
            }
        }
        return raw.stripTrailing();
    }

    private int parseQuoted(int index, int quoteColumn, String key, char quote) {
        StringBuilder value = new StringBuilder();
        int lineIndex = index;
        int column = quoteColumn + 1;
        while (lineIndex < lines.length) {
            String line = lines[lineIndex];
            while (column < line.length()) {
                char c = line.charAt(column);
                if (c == quote) {
                    return closeQuoted(index, lineIndex, column + 1, key, quote, value.toString());
                }
                if (c == '\\' && quote == '"' && column + 1 < line.length()) {
                    appendEscape(value, line.charAt(column + 1));
                    column += 2;
                } else {
                    value.append(c);
                    column++;
                }
            }
            lineIndex++;
            column = 0;
            if (lineIndex < lines.length) {
                value.append('\n');
            }
        }
        problems.add(new ParseProblem(index + 1, "unterminated " + quoteName(quote)
                + " value for " + quoteKey(key) + "; add the closing " + quote
                + " (a value may span lines, but its quote must be closed)"));
        return index + 1;
    }

    private int closeQuoted(int index, int closingIndex, int afterQuote, String key, char quote,
            String value) {
        String line = lines[closingIndex];
        int rest = skipBlanks(line, afterQuote);
        if (rest == line.length() || line.charAt(rest) == '#') {
            entries.add(new EnvLine(key, value, index + 1));
            lastLines.add(closingIndex + 1);
            return closingIndex + 1;
        }
        String message = closingIndex == index
                ? "unexpected text after the closing " + quote + " of " + quoteKey(key)
                        + "; only blanks or a # comment may follow a quoted value, so put the"
                        + " whole value inside the quotes"
                : "the " + quoteName(quote) + " value of " + quoteKey(key) + " is not closed on"
                        + " this line, and the next " + quote + " (line " + (closingIndex + 1)
                        + ") is followed by more text; add the closing " + quote;
        problems.add(new ParseProblem(index + 1, message));
        return index + 1;
    }

    private static void appendEscape(StringBuilder value, char escaped) {
        switch (escaped) {
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case 'r' -> value.append('\r');
            case '"', '\\', '$' -> value.append(escaped);
            default -> value.append('\\').append(escaped);
        }
    }

    /** Names the key when the line starts with one, but never echoes the rest: it may be a secret. */
    private static String missingEquals(String statement) {
        int end = 0;
        while (end < statement.length() && isKeyChar(statement.charAt(end))) {
            end++;
        }
        String word = statement.substring(0, end);
        if (!KEY.matcher(word).matches()) {
            return "expected KEY=value but the line has no '='";
        }
        int next = skipBlanks(statement, end);
        if (next < statement.length() && statement.charAt(next) == ':') {
            return "found ':' after key " + quoteKey(word) + " but .env files use '='; write "
                    + word + "=value";
        }
        if (skipBlanks(statement, end) >= statement.length()) {
            // a lone word may be a pasted secret (an API key looks like a key name), so it is not echoed
            return "the line is a single word without '='; write KEY=value, or KEY= for an empty value";
        }
        return "missing '=' after key " + quoteKey(word) + "; write " + word + "=value, or "
                + word + "= for an empty value";
    }

    private static String quoteKey(String key) {
        String shown = key.length() > MAX_ECHOED_KEY
                ? key.substring(0, MAX_ECHOED_KEY) + "..." : key;
        return "\"" + shown + "\"";
    }

    private static String quoteName(char quote) {
        return quote == '"' ? "double-quoted" : "single-quoted";
    }

    static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isKeyChar(char c) {
        return c == '_' || c == '.' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9');
    }
}
