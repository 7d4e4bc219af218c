package dev.relaunch.maven.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class CompilerMessagesTest {
    private static final Path BASE = Path.of("/work/app");

    @Test
    void firstCompilerErrorBecomesTheMessageAsFileAndLineRelativeToTheProject() {
        MojoFailureException compile = new MojoFailureException(new Object(), "Compilation failure",
                "Compilation failure\n/work/app/src/main/java/a/Greeting.java:[5,26] ';' expected\n"
                        + "/work/app/src/main/java/a/App.java:[12,9] cannot find symbol\n  symbol: class Foo");
        BuildOutcome outcome = CompilerMessages.failed(new MojoExecutionException("Execution default-compile failed",
                compile), BASE);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).isEqualTo("src/main/java/a/Greeting.java:5: ';' expected");
        assertThat(outcome.errorLines()).containsExactly("src/main/java/a/Greeting.java:5: ';' expected",
                "src/main/java/a/App.java:12: cannot find symbol");
    }

    @Test
    void aSourceFolderOutsideTheModuleIsShownRelativeToIt() {
        BuildOutcome outcome = CompilerMessages.failed(new MojoFailureException(new Object(), "Compilation failure",
                "/work/src/main/java/a/Shared.java:[3,14] '.' expected"), Path.of("/work/tomcat"));

        assertThat(outcome.message()).isEqualTo("../src/main/java/a/Shared.java:3: '.' expected");
    }

    @Test
    void aFailureWithoutCompilerLinesKeepsItsOwnFirstLine() {
        BuildOutcome outcome = CompilerMessages.failed(new MojoExecutionException("Failed to copy resources\nmore"),
                BASE);

        assertThat(outcome.message()).isEqualTo("Failed to copy resources");
        assertThat(outcome.errorLines()).isEmpty();
    }
}
