package dev.relaunch.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchContractTest {
    @Test
    void aContractReadsBackAsWritten() {
        LaunchContract c = LaunchContract.supervised(Path.of("/run/r.sock"), "abc", "op1", 42, 5050, true)
                .withListenerSocket(Path.of("/run/l.sock"));
        Map<String, String> env = new HashMap<>();
        c.writeTo(env);
        assertThat(LaunchContract.fromEnv(env)).isEqualTo(c);
        assertThat(LaunchContract.fromEnv(env).supervised()).isTrue();
    }

    @Test
    void aUserCommandLearnsWhichVariablesCameFromWhichEnvFile() {
        LaunchContract c = LaunchContract.supervised(Path.of("/run/r.sock"), "abc", null, 42, null, false)
                .withDotenv(Path.of("/app/.env"), java.util.Set.of("PORT", "GREETING"));
        Map<String, String> env = new HashMap<>();
        c.writeTo(env);
        assertThat(env).containsEntry("RELAUNCH_ENV_FILE", "/app/.env").containsEntry("RELAUNCH_DOTENV_KEYS",
                "GREETING,PORT");
        assertThat(LaunchContract.fromEnv(env)).isEqualTo(c);
    }

    @Test
    void writingRemovesTheParentsOwnContractButKeepsClassDataAndTransportSettings() {
        Map<String, String> env = new HashMap<>(Map.of("RELAUNCH_ROLE", "SUPERVISED", "RELAUNCH_CHILD_NONCE", "old",
                "RELAUNCH_CDS_DIR", "/cds", "PATH", "/bin", "RELAUNCH_CONTROL", "tcp", "RELAUNCH_STOP", "word"));
        LaunchContract.successor(Path.of("/s.sock"), "new", "op2", 7, 8080).writeTo(env);
        assertThat(env).containsEntry("RELAUNCH_CHILD_NONCE", "new").containsEntry("RELAUNCH_ROLE", "SUCCESSOR")
                .containsEntry("RELAUNCH_CDS_DIR", "/cds").containsEntry("PATH", "/bin");
        LaunchContract.none().writeTo(env);
        assertThat(env).containsOnlyKeys("RELAUNCH_CDS_DIR", "PATH", "RELAUNCH_CONTROL", "RELAUNCH_STOP");
    }

    @Test
    void aMalformedOrIncompleteContractMeansNobodyLaunchedThisProcess() {
        assertThat(LaunchContract.fromEnv(Map.of()).role()).isEqualTo(LaunchContract.Role.NONE);
        assertThat(LaunchContract.fromEnv(Map.of("RELAUNCH_ROLE", "ROOT")).role()).isEqualTo(LaunchContract.Role.NONE);
        assertThat(LaunchContract.fromEnv(Map.of("RELAUNCH_ROLE", "SUPERVISED")).role())
                .as("no control socket").isEqualTo(LaunchContract.Role.NONE);
        assertThat(LaunchContract.fromEnv(Map.of("RELAUNCH_ROLE", "SUPERVISED", "RELAUNCH_CONTROL_SOCKET", "/s",
                "RELAUNCH_LAUNCHER_PID", "x", "RELAUNCH_INHERITED_PORT", "99999"))).satisfies(c -> {
                    assertThat(c.launcherPid()).isZero();
                    assertThat(c.inheritedPort()).isNull();
                });
    }
}
