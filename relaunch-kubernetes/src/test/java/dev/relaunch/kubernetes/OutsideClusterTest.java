package dev.relaunch.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutsideClusterTest {
    @TempDir
    Path dir;

    @Test
    void outsideAClusterNoKubernetesClientClassIsLoaded() throws Exception {
        Files.writeString(dir.resolve(".env"), "APP_ENV=development\n");
        List<String> loaded = classesLoaded(dir.resolve(".env"));
        assertThat(loaded).as("the provider ran").anyMatch(c -> c.contains("dev.relaunch.kubernetes.KubernetesProvider"));
        assertThat(loaded).filteredOn(c -> c.contains("io.fabric8") || c.contains("dev.relaunch.kubernetes.Kubernetes"
                + "Orchestrator")).isEmpty();
    }

    @Test
    void clusterModeFollowsTheSettingAndThePodMarkers() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "t");
        Path none = dir.resolve("missing");
        assertThat(ClusterMode.AUTO.applies(java.util.Optional.of("10.0.0.1"), token)).isTrue();
        assertThat(ClusterMode.AUTO.applies(java.util.Optional.of("10.0.0.1"), none)).isFalse();
        assertThat(ClusterMode.AUTO.applies(java.util.Optional.empty(), token)).isFalse();
        assertThat(ClusterMode.OFF.applies(java.util.Optional.of("10.0.0.1"), token)).isFalse();
        assertThat(ClusterMode.ON.applies(java.util.Optional.empty(), none)).isTrue();
        assertThat(ClusterMode.parse(java.util.Optional.of(" Off "))).isEqualTo(ClusterMode.OFF);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterMode.parse(java.util.Optional.of("yes")))
                .hasMessage("RELAUNCH_KUBERNETES=yes is not one of auto, on, off");
    }

    /** Runs {@link OutsideCluster} in a JVM of its own, without the pod's variables, and lists what it loaded. */
    private List<String> classesLoaded(Path envFile) throws Exception {
        Path log = dir.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                OutsideCluster.class.getName(), envFile.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().remove("KUBERNETES_SERVICE_HOST");
        pb.environment().remove("RELAUNCH_KUBERNETES");
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the app started and stopped").isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        } finally {
            p.destroyForcibly();
        }
        return Files.readAllLines(log);
    }
}
