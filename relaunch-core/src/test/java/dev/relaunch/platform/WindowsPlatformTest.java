package dev.relaunch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.config.RestartStrategyName;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Windows decisions, checked on any operating system: nothing here runs Windows. */
class WindowsPlatformTest {
    private final Platform windows = new WindowsPlatform();

    @Test
    void childJvmsRunUnderJavawSoNoConsoleWindowOpens() {
        assertThat(windows.childJavaLauncher("C:\\Program Files\\Java\\jdk-17\\bin\\java.exe"))
                .isEqualTo("C:\\Program Files\\Java\\jdk-17\\bin\\javaw.exe");
        assertThat(windows.childJavaLauncher("C:\\jdk\\bin\\JAVA.EXE")).isEqualTo("C:\\jdk\\bin\\javaw.exe");
        assertThat(windows.childJavaLauncher("C:\\jdk\\bin\\javaw.exe")).isEqualTo("C:\\jdk\\bin\\javaw.exe");
        assertThat(windows.childJavaLauncher("C:\\tools\\notjava.exe")).isEqualTo("C:\\tools\\notjava.exe");
    }

    @Test
    void aJavaProcessIsOneRunByJavaOrJavaw() {
        assertThat(windows.isJavaLauncher("C:\\jdk\\bin\\java.exe")).isTrue();
        assertThat(windows.isJavaLauncher("C:\\jdk\\bin\\JAVAW.EXE")).isTrue();
        assertThat(windows.isJavaLauncher("C:\\tools\\notjava.exe")).isFalse();
        assertThat(windows.isJavaLauncher("C:\\jdk\\bin\\java")).isFalse();
    }

    @Test
    void commandsNeedNoPrefixAndReadNothing() {
        assertThat(windows.sessionPrefix()).isEmpty();
        assertThat(windows.lowPriorityPrefix()).isEmpty();
        assertThat(windows.nullDevice().getPath()).isEqualTo("NUL");
    }

    @Test
    void everyRestartIsStopThenStartAndSaysWhy() {
        assertThat(windows.portSharing()).isEqualTo(PortSharing.NONE);
        assertThat(windows.strategyFor(RestartStrategyName.BLUE_GREEN, true)).isEqualTo(RestartStrategyName.STOP_START);
        assertThat(windows.strategyFor(RestartStrategyName.STOP_START, true)).isEqualTo(RestartStrategyName.STOP_START);
        assertThat(windows.outageReason()).contains("this platform cannot hand over the port");
        assertThat(windows.connectionResetHint()).isEmpty();
    }

    @Test
    void aStopRequestIsRefusedSoTheCallerEndsTheProcessItselfAndNothingElseIsTouched() throws Exception {
        Process p = new ProcessBuilder(javaCommand(), "-version").redirectErrorStream(true).start();
        try {
            // no taskkill, no tree: the platform says it has no graceful request and leaves the process alone
            assertThat(windows.requestStop(p.toHandle())).isFalse();
            assertThat(windows.stopSignalDrains()).as("so a supervisor asks its children by word").isFalse();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("it ran to its own end").isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void nothingIsKnownAboutOtherProcessesBeyondTheJdk() {
        long self = ProcessHandle.current().pid();
        assertThat(windows.hasExited(self)).isFalse();
        assertThat(windows.unreapedChildren(self)).isEmpty();
        assertThat(windows.listeningSockets(80)).isEmpty();
        assertThat(windows.portHolder(80)).isEmpty();
        assertThat(windows.ownArguments()).isEmpty();
        assertThat(windows.workingDirectory(self)).isEmpty();
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElseThrow();
    }
}
