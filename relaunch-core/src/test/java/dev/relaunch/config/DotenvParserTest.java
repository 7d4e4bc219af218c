package dev.relaunch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DotenvParserTest {

    private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** Parses one line that must be a clean assignment and returns its value. */
    private static String valueOf(String content) {
        ParseResult result = DotenvParser.parse(content);
        assertThat(result.problems()).as("problems in %s", content).isEmpty();
        assertThat(result.lines()).as("entries in %s", content).hasSize(1);
        return result.lines().get(0).value();
    }

    private static ParseProblem onlyProblem(String content) {
        ParseResult result = DotenvParser.parse(content);
        assertThat(result.problems()).as("problems in %s", content).hasSize(1);
        return result.problems().get(0);
    }

    @Test
    void simpleAssignmentGivesKeyValueAndLine() {
        ParseResult result = DotenvParser.parse("FOO=bar\n");

        assertThat(result.lines()).containsExactly(new EnvLine("FOO", "bar", 1));
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void emptyContentGivesNothing() {
        ParseResult result = DotenvParser.parse("");

        assertThat(result.lines()).isEmpty();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void commentsAndBlankLinesAreSkippedButCountedForLineNumbers() {
        ParseResult result = DotenvParser.parse("# header\n\n   \n\t# indented comment\nA=1\n\nB=2");

        assertThat(result.lines()).containsExactly(new EnvLine("A", "1", 5), new EnvLine("B", "2", 7));
        assertThat(result.problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"export FOO=bar", "export   FOO=bar", "export\tFOO=bar", "  export FOO = bar"})
    void exportPrefixIsIgnored(String line) {
        ParseResult result = DotenvParser.parse(line);

        assertThat(result.lines()).containsExactly(new EnvLine("FOO", "bar", 1));
    }

    @Test
    void keyNamedExportIsStillAKey() {
        assertThat(DotenvParser.parse("export=1\nexport = 2\nexporter=3").lines())
                .extracting(EnvLine::key).containsExactly("export", "export", "exporter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO=bar", "FOO = bar", "  FOO=bar", "FOO\t=\tbar", "FOO=   bar   ", "\tFOO  =bar\t"})
    void whitespaceAroundKeyEqualsAndUnquotedValueIsIgnored(String line) {
        ParseResult result = DotenvParser.parse(line);

        assertThat(result.lines()).containsExactly(new EnvLine("FOO", "bar", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO=", "FOO =", "FOO=   ", "FOO=\"\"", "FOO=''", "FOO= # nothing here", "FOO=\t#x"})
    void emptyValuesAreAllowed(String line) {
        assertThat(valueOf(line)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "KEY=val # comment              | val",
        "KEY=val\t# comment             | val",
        "KEY=val #comment # more        | val",
        "KEY=two words   # comment      | two words",
        "URL=http://x/#frag             | http://x/#frag",
        "COLOR=#fff                     | #fff",
        "KEY=a#b #c                     | a#b",
    })
    void inlineCommentAfterUnquotedValueIsStripped(String line, String expected) {
        assertThat(valueOf(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "KEY=a=b=c                      | a=b=c",
        "KEY==                          | =",
        "URL=postgres://u:p@h/db?x=1&y=2 | postgres://u:p@h/db?x=1&y=2",
        "KEY=\"a=b\"                    | a=b",
    })
    void equalsSignsInsideValuesAreKept(String line, String expected) {
        assertThat(valueOf(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "KEY='literal \\n \\t \\\\ $HOME' | literal \\n \\t \\\\ $HOME",
        "KEY='  padded  '                 | `  padded  `",
        "KEY='has # hash'                 | has # hash",
        "KEY='say \"hi\"'                 | say \"hi\"",
        "KEY='x' # comment                | x",
    })
    void singleQuotedValuesAreLiteral(String line, String expected) {
        assertThat(valueOf(line)).isEqualTo(expected);
    }

    @Test
    void doubleQuotedValuesUnderstandEscapes() {
        assertThat(valueOf("KEY=\"a\\nb\\tc\\rd\\\"e\\\\f\\$g\""))
                .isEqualTo("a\nb\tc\rd\"e\\f$g");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\x", "\\'", "\\u00e9", "\\0", "\\ "})
    void unknownEscapesInDoubleQuotesAreKeptAsWritten(String escape) {
        assertThat(valueOf("KEY=\"a" + escape + "b\"")).isEqualTo("a" + escape + "b");
    }

    @Test
    void doubleQuotedValueKeepsInnerWhitespaceAndHash() {
        assertThat(valueOf("KEY=\"  a # not a comment  \"   # comment"))
                .isEqualTo("  a # not a comment  ");
    }

    @Test
    void commentDirectlyAfterClosingQuoteIsAllowed() {
        assertThat(valueOf("KEY=\"v\"# comment")).isEqualTo("v");
    }

    @Test
    void variableReferencesAreNotInterpolated() {
        ParseResult result = DotenvParser.parse("A=1\nB=${A}\nC=\"$A and ${A}\"\nD='${A}'");

        assertThat(result.lines()).extracting(EnvLine::value)
                .containsExactly("1", "${A}", "$A and ${A}", "${A}");
    }

    @Test
    void doubleQuotedValueMaySpanLinesAndStartsOnItsFirstLine() {
        ParseResult result = DotenvParser.parse("A=1\nCERT=\"line one\nline two\n\nline four\"\nB=2");

        assertThat(result.problems()).isEmpty();
        assertThat(result.lines()).containsExactly(
                new EnvLine("A", "1", 1),
                new EnvLine("CERT", "line one\nline two\n\nline four", 2),
                new EnvLine("B", "2", 6));
    }

    @Test
    void singleQuotedValueMaySpanLines() {
        ParseResult result = DotenvParser.parse("KEY='-----BEGIN-----\nabc\\n\n-----END-----' # pem\nNEXT=x");

        assertThat(result.problems()).isEmpty();
        assertThat(result.lines()).containsExactly(
                new EnvLine("KEY", "-----BEGIN-----\nabc\\n\n-----END-----", 1),
                new EnvLine("NEXT", "x", 4));
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        ParseResult result = DotenvParser.parse("A=1\r\n# c\r\nB=\"x\r\ny\"\r\nC=3 \r\n");

        assertThat(result.problems()).isEmpty();
        assertThat(result.lines()).containsExactly(
                new EnvLine("A", "1", 1), new EnvLine("B", "x\ny", 3), new EnvLine("C", "3", 5));
    }

    @Test
    void byteOrderMarkAtStartIsIgnored() {
        assertThat(DotenvParser.parse("\uFEFFFOO=bar").lines())
                .containsExactly(new EnvLine("FOO", "bar", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A", "_", "_A1", "app.name", "my-key", "K_2.x-y", "lower_case"})
    void keysMatchingTheKeyRuleAreAccepted(String key) {
        assertThat(DotenvParser.parse(key + "=v").lines()).extracting(EnvLine::key).containsExactly(key);
    }

    @Test
    void laterAssignmentsAreAllKeptInOrder() {
        assertThat(DotenvParser.parse("A=1\nB=2\nA=3").lines())
                .containsExactly(new EnvLine("A", "1", 1), new EnvLine("B", "2", 2), new EnvLine("A", "3", 3));
    }

    @Test
    void lineWithoutEqualsSaysHowToFixItWithoutEchoingALoneWord() {
        ParseProblem problem = onlyProblem("A=1\n\nsk_live_4eC39HqLyjWDarjtT1zdp7dc\nB=2");

        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.message()).contains("KEY=value").doesNotContain("sk_live");
        assertThat(problem.describe(".env")).startsWith(".env:3: the line is a single word without '='");
    }

    @Test
    void lineWithoutEqualsNamesTheKeyWhenMoreFollows() {
        assertThat(onlyProblem("FOO bar").message()).startsWith("missing '=' after key \"FOO\"")
                .contains("FOO=value");
    }

    @Test
    void yamlStyleColonGetsAHint() {
        assertThat(onlyProblem("FOO: bar").message()).contains("':'", "\"FOO\"", "FOO=value");
    }

    @Test
    void problemsNeverEchoTheValueBecauseItMayBeASecret() {
        ParseResult result = DotenvParser.parse(
                "DB_PASSWORD hunter2\n!!hunter2\nPW=\"hunter2\" hunter2\nX='hunter2");

        assertThat(result.problems()).hasSize(4)
                .allSatisfy(p -> assertThat(p.message()).doesNotContain("hunter2"));
    }

    @ParameterizedTest(name = "line {1}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`1FOO=x`              | invalid key \"1FOO\"",
        "`MY KEY=x`            | invalid key \"MY KEY\"",
        "`FOO$=x`              | invalid key \"FOO$\"",
        "`\"FOO\"=x`           | invalid key \"\"FOO\"\"",
        "`=x`                  | missing key before '='",
        "`   = x`              | missing key before '='",
        "`just some words`     | missing '=' after key \"just\"",
        "`!!!`                 | expected KEY=value",
        "`KEY=\"open`          | unterminated double-quoted value for \"KEY\"",
        "`KEY='open`           | unterminated single-quoted value for \"KEY\"",
        "`KEY=\"a\" b`         | unexpected text after the closing \" of \"KEY\"",
        "`KEY='a'b`            | unexpected text after the closing ' of \"KEY\"",
    })
    void malformedLineIsReportedWithItsLineNumberAndParsingContinues(String bad, String message) {
        ParseResult result = DotenvParser.parse("FIRST=1\n# comment\n" + bad + "\nLAST=2\n");

        assertThat(result.problems()).hasSize(1);
        assertThat(result.problems().get(0).line()).isEqualTo(3);
        assertThat(result.problems().get(0).message()).startsWith(message);
        assertThat(result.lines()).containsExactly(new EnvLine("FIRST", "1", 1), new EnvLine("LAST", "2", 4));
    }

    @Test
    void invalidKeyMessageExplainsTheRule() {
        assertThat(onlyProblem("1FOO=x").message()).contains("starts with a letter or '_'");
    }

    @Test
    void longInvalidKeyIsShortenedInTheMessage() {
        String key = "9" + "A".repeat(200);

        assertThat(onlyProblem(key + "=x").message()).hasSizeLessThan(200).contains("...");
    }

    @Test
    void unclosedQuoteOnlyDropsItsOwnLine() {
        ParseResult result = DotenvParser.parse("A=\"forgot to close\nB=\"fine\"\nC=3");

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("not closed on this line", "line 2");
        });
        assertThat(result.lines()).containsExactly(new EnvLine("B", "fine", 2), new EnvLine("C", "3", 3));
    }

    @Test
    void unterminatedQuoteAtEndOfFileKeepsLaterLines() {
        ParseResult result = DotenvParser.parse("A='never closed\nB=2\nC=3");

        assertThat(result.problems()).extracting(ParseProblem::line).containsExactly(1);
        assertThat(result.lines()).extracting(EnvLine::key).containsExactly("B", "C");
    }

    @Test
    void severalProblemsAreAllReportedInOrder() {
        ParseResult result = DotenvParser.parse("OK=1\nBAD\n2X=1\nOK2=2\nQ=\"x\" y\n=z");

        assertThat(result.problems()).extracting(ParseProblem::line).containsExactly(2, 3, 5, 6);
        assertThat(result.lines()).extracting(EnvLine::key).containsExactly("OK", "OK2");
    }

    @Test
    void resultListsAreImmutable() {
        ParseResult result = DotenvParser.parse("A=1\nB");

        assertThatCode(() -> result.lines().add(new EnvLine("X", "", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatCode(() -> result.problems().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void entryToStringDoesNotShowTheValue() {
        assertThat(new EnvLine("API_KEY", "s3cr3t", 1).toString()).contains("API_KEY").doesNotContain("s3cr3t");
    }

    @Test
    void randomInputNeverThrowsAndResultsStayConsistent() {
        Random random = new Random(20240611L);
        String alphabet = "AZaz_09.-=#'\"\\$ \t\n\r\uFEFF{}:éx€\u0000";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(80);
            for (int i = 0; i < length; i++) {
                input.append(random.nextInt(10) == 0
                        ? (char) random.nextInt(0x10000)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String content = input.toString();
            int physicalLines = content.replace("\r\n", "\n").split("[\n\r]", -1).length;

            ParseResult result = DotenvParser.parse(content);

            assertThat(result.lines()).as("input %s", escape(content)).allSatisfy(line -> {
                assertThat(line.key()).matches(VALID_KEY);
                assertThat(line.line()).isBetween(1, physicalLines);
            });
            assertThat(result.problems()).as("input %s", escape(content))
                    .allSatisfy(p -> assertThat(p.line()).isBetween(1, physicalLines));
        }
    }

    @Test
    void anyValueWrittenWithEscapesInDoubleQuotesReadsBackUnchanged() {
        Random random = new Random(7L);
        String alphabet = "ab \t\n\"\\$#'=€{}";
        for (int round = 0; round < 5_000; round++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String original = value.toString();
            String written = "K=\"" + original.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("$", "\\$").replace("\n", "\\n").replace("\t", "\\t") + "\" # c";

            assertThat(DotenvParser.parse("A=1\n" + written + "\nB=2").lines())
                    .as("written %s", escape(written))
                    .containsExactly(new EnvLine("A", "1", 1), new EnvLine("K", original, 2), new EnvLine("B", "2", 3));
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    @Test
    void realWorldFileParsesAsExpected() {
        String content = String.join("\n", List.of(
                "# Database",
                "export DATABASE_URL=postgres://app:pa#ss@localhost:5432/app # local db",
                "REDIS_URL='redis://:secret@127.0.0.1:6379/0'",
                "",
                "APP_NAME=\"My App\"",
                "GREETING=\"Hello,\\nWorld\"",
                "EMPTY=",
                "PRIVATE_KEY=\"-----BEGIN PRIVATE KEY-----",
                "MIIB",
                "-----END PRIVATE KEY-----\"",
                "PORT = 5050  "));

        ParseResult result = DotenvParser.parse(content);

        assertThat(result.problems()).isEmpty();
        assertThat(result.lines()).containsExactly(
                new EnvLine("DATABASE_URL", "postgres://app:pa#ss@localhost:5432/app", 2),
                new EnvLine("REDIS_URL", "redis://:secret@127.0.0.1:6379/0", 3),
                new EnvLine("APP_NAME", "My App", 5),
                new EnvLine("GREETING", "Hello,\nWorld", 6),
                new EnvLine("EMPTY", "", 7),
                new EnvLine("PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", 8),
                new EnvLine("PORT", "5050", 11));
    }
}
