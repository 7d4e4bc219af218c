package dev.relaunch.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relaunch.config.RestartStrategyName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Linux decisions over a {@code /proc} tree of the test's own, so they are checked on any operating system. */
class LinuxPlatformTest {
    @TempDir
    Path proc;

    private LinuxPlatform linux() {
        return new LinuxPlatform(proc, Set.of(PosixPlatform.SETSID)::contains);
    }

    private void write(String relative, String content) throws IOException {
        Path p = proc.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void link(String relative, String target) throws IOException {
        Path p = proc.resolve(relative);
        Files.createDirectories(p.getParent());
        try {
            Files.createSymbolicLink(p, Path.of(target));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "this file system cannot hold the symbolic links of a /proc tree: " + e);
        }
    }

    @Test
    void aProcessCommandLineIsReadWholeHoweverLong() throws IOException {
        String classPath = "a.jar:".repeat(2_000) + "target/classes";
        write("42/cmdline", "java\0-cp\0" + classPath + "\0demo.Main\0");
        assertThat(linux().commandLine(42)).containsExactly("java", "-cp", classPath, "demo.Main");
        assertThat(linux().commandLine(43)).as("no such process").isEmpty();
    }

    @Test
    void aZombieOrADeadProcessHasExitedWhateverItsCommandNameHolds() throws IOException {
        Files.createDirectories(proc.resolve("self"));
        write("10/stat", "10 (java) S 1 10 10 0");
        write("11/stat", "11 (a) (b) Z) Z 1 11 11 0");
        write("12/stat", "12 (x) X 1");
        write("13/stat", "garbage");
        LinuxPlatform linux = linux();
        assertThat(linux.hasExited(10)).isFalse();
        assertThat(linux.hasExited(11)).isTrue();
        assertThat(linux.hasExited(12)).isTrue();
        assertThat(linux.hasExited(13)).as("unreadable: the JDK decides").isFalse();
        assertThat(linux.hasExited(99)).as("no entry while /proc is there").isTrue();
    }

    @Test
    void withoutAProcTreeNothingCountsAsExited() {
        assertThat(new LinuxPlatform(proc.resolve("missing"), p -> false).hasExited(10)).isFalse();
    }

    @Test
    void theUnreapedChildrenOfAParentAreItsZombies() throws IOException {
        write("10/stat", "10 (orphan) Z 1 10 10 0");
        write("11/stat", "11 (server) S 1 11 11 0");
        write("12/stat", "12 (other) Z 7 12 12 0");
        write("13/stat", "13 (sh -c (x)) Z 1 13 13 0");
        assertThat(linux().unreapedChildren(1)).containsExactlyInAnyOrder(10L, 13L);
        assertThat(linux().unreapedChildren(7)).containsExactly(12L);
    }

    @Test
    void theSocketsListeningOnAPortAreFoundWithTheProcessThatHoldsThem() throws IOException {
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        write("net/tcp", header
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1\n"
                + "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 5555 1\n"
                + "   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 6666 1\n");
        write("net/tcp6", header
                + "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000"
                + " 00:00000000 00000000  1000        0 4343 1\n");
        link("20/fd/3", "socket:[4242]");
        link("20/fd/4", "pipe:[777]");
        link("21/fd/7", "socket:[6666]");
        LinuxPlatform linux = linux();
        assertThat(linux.listeningSockets(8080)).containsExactlyInAnyOrder("4242", "4343");
        assertThat(linux.holdsAny(20, Set.of("4242"))).isTrue();
        assertThat(linux.holdsAny(21, Set.of("4242"))).isFalse();
        assertThat(linux.holdsAny(99, Set.of("4242"))).as("gone").isFalse();
        assertThat(linux.portHolder(8080)).contains(20L);
        assertThat(linux.portHolder(8082)).isEmpty();
    }

    @Test
    void thisJvmsArgumentsAreReadExactlyAfterTheExecutable() throws IOException {
        write("self/cmdline", "/usr/bin/java\0-Dx=a b\0-jar\0app.jar\0");
        assertThat(linux().ownArguments()).containsExactly("-Dx=a b", "-jar", "app.jar");
        assertThat(new LinuxPlatform(proc.resolve("missing"), p -> false).ownArguments()).isEmpty();
    }

    @Test
    void aProcessWorkingFolderIsWhereItsCwdLinkLeads() throws IOException {
        Path project = Files.createDirectories(proc.resolve("project"));
        link("30/cwd", project.toString());
        assertThat(linux().workingDirectory(30)).contains(project.toRealPath());
        assertThat(linux().workingDirectory(31)).isEmpty();
    }

    @Test
    void theMigrateHintAppearsOnlyWhileTheSysctlIsOff() throws IOException {
        assertThat(linux().connectionResetHint()).as("unknown").isEmpty();
        write("sys/net/ipv4/tcp_migrate_req", "0\n");
        assertThat(linux().connectionResetHint()).get().asString().contains("sysctl -w net.ipv4.tcp_migrate_req=1");
        write("sys/net/ipv4/tcp_migrate_req", "1\n");
        assertThat(linux().connectionResetHint()).isEmpty();
    }

    @Test
    void childrenGetTheirOwnSessionAndTheSocketIsHandedOver() {
        LinuxPlatform linux = linux();
        assertThat(linux.sessionPrefix()).containsExactly("/usr/bin/setsid");
        assertThat(new LinuxPlatform(proc, p -> false).sessionPrefix()).isEmpty();
        assertThat(linux.lowPriorityPrefix()).as("nice is not installed here").isEmpty();
        assertThat(linux.portSharing()).isEqualTo(PortSharing.HAND_OVER);
        assertThat(linux.strategyFor(RestartStrategyName.BLUE_GREEN, true)).isEqualTo(RestartStrategyName.BLUE_GREEN);
        assertThat(linux.strategyFor(RestartStrategyName.STOP_START, true)).isEqualTo(RestartStrategyName.STOP_START);
        assertThat(linux.strategyFor(RestartStrategyName.BLUE_GREEN, false)).as("an app that cannot share its port")
                .isEqualTo(RestartStrategyName.STOP_START);
        assertThat(linux.outageReason()).isEmpty();
        assertThat(linux.childJavaLauncher("/usr/lib/jvm/bin/java")).isEqualTo("/usr/lib/jvm/bin/java");
        assertThat(linux.isJavaLauncher("/usr/lib/jvm/bin/java")).isTrue();
        assertThat(linux.isJavaLauncher("/usr/bin/notjava")).isFalse();
    }

    @Test
    void aStopRequestIsSigtermWhichTheChildJvmTurnsIntoItsShutdownHooks() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep");
        Process p = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            assertThat(linux().requestStop(p.toHandle())).isTrue();
            assertThat(linux().stopSignalDrains()).isTrue();
            assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        } finally {
            p.destroyForcibly();
        }
    }
}
