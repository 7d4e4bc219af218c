package dev.relaunch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./relaunch} and {@code relaunch.cmd} are twins: the same JVM options from one list, the same test for a
 * stale jar, the same build and class-data preparation. Read as text here, so a change to one that the other lacks
 * fails on any operating system.
 */
class LauncherScriptsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String OPTIONS = "relaunch-cli/src/main/resources/dev/relaunch/cli/"
            + LauncherOptions.RESOURCE;
    /** A JVM option written in a script: -X…, -XX:…, --add-exports=… (its name, up to a value). */
    private static final Pattern JVM_OPTION = Pattern.compile("(?<![\\w-])(-XX:[+-]?[A-Za-z]+|-X[a-z]+|--add-[a-z-]+)");

    private static String sh() throws IOException {
        return Files.readString(ROOT.resolve("relaunch"), StandardCharsets.UTF_8);
    }

    private static String cmd() throws IOException {
        return Files.readString(ROOT.resolve("relaunch.cmd"), StandardCharsets.UTF_8);
    }

    private static List<String> optionsList() throws IOException {
        return LauncherOptions.parse(Files.readString(ROOT.resolve(OPTIONS), StandardCharsets.UTF_8));
    }

    private static Set<String> optionNames(String script) {
        Set<String> names = new TreeSet<>();
        Matcher m = JVM_OPTION.matcher(script.replaceAll("(?m)^(#|rem ).*$", ""));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void bothScriptsReadTheOneListOfJvmOptionsAndWriteNoneOfItsOptionsThemselves() throws IOException {
        List<String> options = optionsList();
        assertThat(options).contains("-Xmx32m", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(sh()).contains("\"$ROOT/" + OPTIONS + "\"");
        assertThat(cmd()).contains("\"%ROOT%\\" + OPTIONS.replace('/', '\\') + "\"");
        Set<String> listed = optionNames(String.join(" ", options));
        assertThat(optionNames(sh())).doesNotContainAnyElementsOf(listed);
        assertThat(optionNames(cmd())).doesNotContainAnyElementsOf(listed);
        assertThat(optionNames(cmd())).as("the options the scripts add themselves (class-data archives)")
                .isEqualTo(optionNames(sh())).contains("-XX:ArchiveClassesAtExit", "-XX:SharedArchiveFile");
    }

    @Test
    void theSupervisorStartedByStartDetachGetsTheSameList() throws IOException {
        assertThat(LauncherOptions.supervisor()).isEqualTo(optionsList());
        assertThat(StartCommand.SUPERVISOR_JVM_OPTS).isEqualTo(optionsList());
    }

    @Test
    void theShellScriptReadsTheListAsJavaDoes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        Matcher line = Pattern.compile("(?m)^JVM_OPTS=\\$\\(.*\\)$").matcher(sh());
        assertThat(line.find()).as("./relaunch sets JVM_OPTS from the list").isTrue();
        Process p = new ProcessBuilder("/bin/sh", "-c", "ROOT='" + ROOT + "'; " + line.group()
                + "; printf '%s' \"$JVM_OPTS\"").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Arrays.asList(out.trim().split("\\s+"))).isEqualTo(optionsList());
    }

    @Test
    void bothScriptsRebuildAStaleJarFromTheSameSources() throws IOException {
        Matcher find = Pattern.compile("find ((?:\"\\$ROOT\"/\\S+ ?)+) -newer \"\\$JAR\"").matcher(sh());
        assertThat(find.find()).as("./relaunch's needs_build").isTrue();
        List<String> shSources = new ArrayList<>();
        for (String word : find.group(1).trim().split(" ")) {
            shSources.add(word.replace("\"$ROOT\"/", ""));
        }
        List<String> cmdSources = new ArrayList<>();
        Matcher join = Pattern.compile("Join-Path \\$env:ROOT '([^']+)'").matcher(cmd());
        while (join.find()) {
            cmdSources.add(join.group(1).replace('\\', '/'));
        }
        assertThat(cmdSources).containsExactlyInAnyOrderElementsOf(shSources)
                .contains("relaunch-*/src/main", "pom.xml", "relaunch-*/pom.xml");
        assertThat(cmd()).contains("-gt $jar").contains("if exist \"%JAR%\"");
        for (String script : List.of(sh(), cmd())) {
            assertThat(script).contains("mvn -B -q -DskipTests package");
        }
    }

    @Test
    void bothScriptsPrepareTheClassDataArchivesOncePerBuild() throws IOException {
        assertThat(sh()).contains("[ \"$JAR\" -nt \"$CLI_CDS\" ]");
        assertThat(cmd()).contains("(Get-Item -LiteralPath $env:JAR).LastWriteTimeUtc -gt "
                + "(Get-Item -LiteralPath $env:CLI_CDS).LastWriteTimeUtc");
        for (String script : List.of(sh(), cmd())) {
            assertThat(script).contains("relaunch-cli", "target", "cds", "cli.jsa")
                    .contains("-Xlog:cds=off -Xlog:cds+dynamic=off -jar")
                    .contains("prepare --train-cli")
                    .contains("RELAUNCH_CLI_CDS=")
                    .contains("RELAUNCH_CLI_OPTS");
        }
    }
}
