package dev.relaunch.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaSyntaxTest {
    @Test
    void theLauncherIsJavaAsTypedOrAPathToIt() {
        assertThat(JavaSyntax.isJava("java")).isTrue();
        assertThat(JavaSyntax.isJava("/usr/lib/jvm/java-17/bin/java")).isTrue();
        assertThat(JavaSyntax.isJava("javac")).isFalse();
        assertThat(JavaSyntax.isJava("./run-java.sh")).isFalse();
    }

    @Test
    void theClassPathOptionsAndTheOptionsWithAValueAreKnownApart() {
        assertThat(JavaSyntax.isClassPathOption("-cp")).isTrue();
        assertThat(JavaSyntax.isClassPathOption("--class-path")).isTrue();
        assertThat(JavaSyntax.takesValue("-cp")).as("the class path is read apart").isFalse();
        assertThat(JavaSyntax.takesValue("--add-opens")).isTrue();
        assertThat(JavaSyntax.takesValue("-p")).isTrue();
        assertThat(JavaSyntax.takesValue("-Xmx256m")).isFalse();
    }
}
