package dev.relaunch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Edits keys of generated {@code .env} files (comments, every quoting style, escapes, {@code export}, CRLF, CR, a
 * byte order mark, no final newline, multi-line values, duplicates, unreadable lines) with generated values (quotes,
 * {@code #}, blanks, newlines, {@code $}, backslashes, non-ASCII) and checks, for each: the edited key reads back as
 * the new value, every other key as before, and every line outside the edited assignment is byte-identical. A
 * failure names its seed: {@code new Random(seed)} replays it.
 */
class EnvDocumentPropertyTest {
    private static final int CASES = 3000;
    private static final String[] VALUE_PIECES = {
        "a", "Z", "0", "9", "_", "-", ".", "/", ":", "=", " ", "  ", "\t", "#", " #", "# x", "'", "\"", "\\",
        "\\n", "\\\"", "$", "${HOME}", "$X", "`", "\n", "\r\n", "é", "日本", "😀", ",", ";", "@", "%", "!", "*",
    };

    @Test
    void settingOneKeyChangesOnlyItsLineAndReadsBackExactly() {
        for (long seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            String text = generateFile(random);
            EnvDocument doc = EnvDocument.parse(text);
            List<String> keys = new ArrayList<>(doc.values().keySet());
            boolean existing = !keys.isEmpty() && random.nextInt(4) > 0;
            String key = existing ? keys.get(random.nextInt(keys.size())) : "NEW_" + random.nextInt(1000);
            String value = generateValue(random);
            String context = "seed " + seed + ", key " + key + ", file:\n" + text;

            String edited = doc.with(key, value).text();

            Map<String, String> expected = new LinkedHashMap<>(DotenvParser.parse(text).lines().stream()
                    .collect(LinkedHashMap::new, (m, l) -> m.put(l.key(), l.value()), Map::putAll));
            expected.put(key, value);
            assertThat(valuesOf(edited)).as(context).isEqualTo(expected);
            assertThat(edited.startsWith("\uFEFF")).as(context).isEqualTo(text.startsWith("\uFEFF"));
            assertOnlyStatementChanged(text, edited, key, doc.contains(key), context);
        }
    }

    @Test
    void deletingOneKeyRemovesOnlyItsLines() {
        for (long seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            String text = generateFile(random);
            EnvDocument doc = EnvDocument.parse(text);
            List<String> keys = new ArrayList<>(doc.values().keySet());
            if (keys.isEmpty()) {
                continue;
            }
            String key = keys.get(random.nextInt(keys.size()));
            String context = "seed " + seed + ", key " + key + ", file:\n" + text;

            String edited = doc.without(key).text();

            Map<String, String> expected = new LinkedHashMap<>(doc.values());
            expected.remove(key);
            assertThat(valuesOf(edited)).as(context).isEqualTo(expected);
            List<String> kept = linesWithEndings(text);
            List<DotenvParser.Statement> spans = DotenvParser.statements(text.replaceFirst("^\uFEFF", ""));
            for (int i = spans.size() - 1; i >= 0; i--) {
                DotenvParser.Statement s = spans.get(i);
                if (s.line().key().equals(key)) {
                    for (int line = s.lastLine() - 1; line >= s.line().line() - 1; line--) {
                        kept.remove(line);
                    }
                }
            }
            assertThat(String.join("", kept)).as(context).isEqualTo(edited.replaceFirst("^\uFEFF", ""));
        }
    }

    @Test
    void everyGeneratedValueReadsBackInEveryStartingStyle() {
        Random random = new Random(42);
        for (int i = 0; i < CASES; i++) {
            String value = generateValue(random);
            for (String line : List.of("K=x", "K='x'", "K=\"x\"", "export K = x # note", "  K=\"x\"  # note")) {
                String edited = EnvDocument.parse(line + "\n").with("K", value).text();
                assertThat(valuesOf(edited)).as("value #%d from %s", i, line).containsEntry("K", value);
                if (line.endsWith("# note")) {
                    assertThat(edited).as("the comment stays").endsWith("# note\n");
                }
            }
        }
    }

    /** Outside the assignment that was rewritten (or the line added at the end), both texts hold the same lines. */
    private static void assertOnlyStatementChanged(String before, String after, String key, boolean existed,
            String context) {
        List<String> old = linesWithEndings(before);
        List<String> now = linesWithEndings(after);
        if (!existed) {
            // added at the end: every old line stays, the last one gains a line ending if it had none
            for (int i = 0; i < old.size() - 1; i++) {
                assertThat(now.get(i)).as(context).isEqualTo(old.get(i));
            }
            String last = old.get(old.size() - 1);
            assertThat(now.get(old.size() - 1)).as(context).startsWith(last);
            assertThat(now.get(now.size() - 1)).as(context).isEmpty();
            return;
        }
        List<DotenvParser.Statement> spans = DotenvParser.statements(before.replaceFirst("^\uFEFF", ""));
        DotenvParser.Statement edited = spans.stream().filter(s -> s.line().key().equals(key))
                .reduce((a, b) -> b).orElseThrow();
        int first = edited.line().line() - 1;
        int last = edited.lastLine() - 1;
        assertThat(now.subList(0, first)).as(context).isEqualTo(old.subList(0, first));
        assertThat(now.subList(first + 1, now.size())).as(context).isEqualTo(old.subList(last + 1, old.size()));
        String ending = old.get(last).endsWith("\r\n") ? "\r\n" : old.get(last).endsWith("\n") ? "\n"
                : old.get(last).endsWith("\r") ? "\r" : "";
        assertThat(now.get(first)).as(context).endsWith(ending);
    }

    /** The lines of a text (after a byte order mark), each with its own ending; the last one may be empty. */
    private static List<String> linesWithEndings(String text) {
        String t = text.replaceFirst("^\uFEFF", "");
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                out.add(t.substring(start, end));
                i = end - 1;
                start = end;
            }
        }
        out.add(t.substring(start));
        return out;
    }

    private static Map<String, String> valuesOf(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        DotenvParser.parse(text).lines().forEach(l -> values.put(l.key(), l.value()));
        return values;
    }

    private static String generateFile(Random random) {
        String eol = switch (random.nextInt(6)) {
            case 0 -> "\r\n";
            case 1 -> "\r";
            default -> "\n";
        };
        StringBuilder out = new StringBuilder();
        if (random.nextInt(8) == 0) {
            out.append('\uFEFF');
        }
        int statements = random.nextInt(12);
        for (int i = 0; i < statements; i++) {
            String key = "K" + random.nextInt(8); // few names, so duplicates happen
            String lineEnd = random.nextInt(20) == 0 ? (eol.equals("\n") ? "\r\n" : "\n") : eol; // mixed endings
            out.append(switch (random.nextInt(12)) {
                case 0 -> "# a comment with 'quotes' and = signs";
                case 1 -> "";
                case 2 -> key + "=plain_value-1";
                case 3 -> "export " + key + "=exported";
                case 4 -> key + "='single # not a comment'";
                case 5 -> key + "=\"double \\\"escaped\\\" \\n \\\\ $HOME\"";
                case 6 -> key + "=\"first line" + eol + "second line\"";
                case 7 -> key + "=value # inline comment";
                case 8 -> "  " + key + " = spaced  ";
                case 9 -> key + "=";
                case 10 -> "NOT A VALID LINE";
                default -> key + "='multi" + eol + "line' # after";
            }).append(lineEnd);
        }
        if (random.nextBoolean() && out.length() > 0) {
            out.setLength(out.length() - 1); // no final newline (or a CRLF cut to CR)
        }
        return out.toString();
    }

    private static String generateValue(Random random) {
        StringBuilder value = new StringBuilder();
        int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            value.append(VALUE_PIECES[random.nextInt(VALUE_PIECES.length)]);
        }
        return value.toString();
    }
}
