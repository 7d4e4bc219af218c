package dev.relaunch.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LivenessTest {
    @Test
    void thisProcessRuns() {
        assertThat(Liveness.isRunning(ProcessHandle.current())).isTrue();
        assertThat(Liveness.isRunning(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aRunningProcessOutlastsTheWaitAndAChildOfThisJvmEndsThroughTheJdk() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep");
        Process p = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            assertThat(Liveness.isRunning(p.toHandle())).isTrue();
            assertThat(Liveness.awaitExit(p.toHandle(), Duration.ofMillis(100))).as("still sleeping").isFalse();
            CompletableFuture<Void> exited = Liveness.onExit(p.toHandle());
            assertThat(exited).isNotDone();
            p.destroy();
            exited.get(20, TimeUnit.SECONDS);
            assertThat(Liveness.isRunning(p.toHandle())).isFalse();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreapedChildOfAnotherProcessCountsAsExited() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc only");
        // sh starts a short sleep in the background and then blocks in exec'd sleep without ever reaping it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try {
            long child = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()))
                    .readLine().trim());
            ProcessHandle handle = ProcessHandle.of(child).orElseThrow();
            assertThat(Liveness.awaitExit(handle, Duration.ofSeconds(20))).isTrue();
            assertThat(handle.isAlive()).as("the JDK still sees the zombie").isTrue();
            assertThat(Liveness.isRunning(child)).isFalse();
            assertThat(Liveness.onExit(handle).get(20, TimeUnit.SECONDS)).isNull();
        } finally {
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
