package dev.relaunch.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.config.RestartStrategyName;
import dev.relaunch.control.ControlRequest;
import dev.relaunch.restart.Health;
import dev.relaunch.restart.ServerHost;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's host with a harmless real child ({@code sleep}): strategy choice, ready reports, port checks. */
class SupervisorHostTest {
    @TempDir
    Path dir;

    ChildSpawner spawner;
    ChildProcess child;

    private SupervisorHost host(String env, List<String> command) throws IOException {
        return host(env, command, null);
    }

    private SupervisorHost host(String env, List<String> command, String readyUrl) throws IOException {
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, env);
        AppCommand app = command.isEmpty() ? AppCommand.builtIn(envFile, dir.resolve("instance"))
                : AppCommand.user(envFile, command, readyUrl);
        Config config = ConfigLoader.loadForCommand(envFile, System.getenv()).require();
        spawner = new ChildSpawner(dir, dir.resolve("c.sock"), dir.resolve("out.log").toString(), List.of(),
                (c, code) -> { });
        return new SupervisorHost(app, envFile, config, spawner, new StandbySlot(app, spawner, () -> false),
                new SupervisorState());
    }

    @AfterEach
    void killChild() {
        if (child != null) {
            child.kill();
        }
    }

    @Test
    void anAppRestartsStopThenStartUntilAChildReportsReadyItself() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep");
        SupervisorHost host = host("RESTART_STRATEGY=blue-green\n", List.of("/bin/sleep", "30"));
        assertThat(host.limits().strategy()).isEqualTo(RestartStrategyName.STOP_START);
        child = host.spawnFirst();
        assertThat(host.reported(new ControlRequest.Ready("not-a-child", 1, 8080, null))).isFalse();
        assertThat(host.reported(new ControlRequest.Ready(child.nonce(), child.pid(), 8080, "/admin/api/v1/health")))
                .isTrue();
        assertThat(child.ready()).isCompletedWithValue(8080);
        assertThat(child.healthPath()).isEqualTo("/admin/api/v1/health");
        assertThat(host.limits().strategy()).as("it has the plugin: it can share its port")
                .isEqualTo(RestartStrategyName.BLUE_GREEN);
    }

    @Test
    void theBuiltInServerFollowsRestartStrategy() throws IOException {
        assertThat(host("RESTART_STRATEGY=stop-start\n", List.of()).limits().strategy())
                .isEqualTo(RestartStrategyName.STOP_START);
        assertThat(host("PORT=0\n", List.of()).limits().strategy()).isEqualTo(RestartStrategyName.BLUE_GREEN);
    }

    @Test
    void anAppWithoutReadyUrlOrReportIsTrustedOnceListeningWhileItsReadyUrlIsChecked() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep");
        SupervisorHost trusting = host("A=1\n", List.of("/bin/sleep", "30"));
        child = trusting.spawnFirst();
        assertThat(trusting.checkHealth(child, 1_000)).isEqualTo(Health.HEALTHY);

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing answers there once closed
        }
        SupervisorHost checking = host("A=1\n", List.of("/bin/sleep", "30"), "http://127.0.0.1:" + closed + "/health");
        ChildProcess other = checking.spawnFirst();
        try {
            Health health = checking.checkHealth(other, 500);
            assertThat(health.healthy()).as("its --ready-url does not answer").isFalse();
            assertThat(health.problem()).contains(Integer.toString(closed));
        } finally {
            other.kill();
        }
    }

    @Test
    void aPortHeldByAnotherProgramIsAConflictWithItsHolder() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux /proc only");
        try (ServerSocket held = new ServerSocket(0)) {
            SupervisorHost host = host("PORT=" + held.getLocalPort() + "\n", List.of("/bin/sleep", "30"));
            assertThat(host.awaitPortFree(200)).contains(
                    new ServerHost.PortConflict(held.getLocalPort(), ProcessHandle.current().pid()));
        }
        assertThat(host("PORT=0\n", List.of("/bin/sleep", "30")).awaitPortFree(200)).isEmpty();
    }

    @Test
    void theRollbackStartsTheLaunchThatServedLast() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep");
        SupervisorHost host = host("GREETING=old\n", List.of("/bin/sleep", "30"));
        assertThat(host.spawnLastGood("op")).as("nothing served yet").isNull();
        ChildProcess first = host.spawnFirst();
        host.serving(first);
        Files.writeString(dir.resolve(".env"), "GREETING=new\n");
        child = (ChildProcess) host.spawnLastGood("op");
        assertThat(child.launch().environment()).containsEntry("GREETING", "old");
        first.kill();
    }
}
