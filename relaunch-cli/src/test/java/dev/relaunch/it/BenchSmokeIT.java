package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks that the benchmark (bench/run.sh, issue 6) runs: a tiny run (2 restarts per strategy, 1 cold start, a short
 * supervisor soak, host network namespace) must finish by itself, write its JSON with the expected fields, and leave
 * no process behind. It measures nothing: the numbers of a run this small on a busy machine mean little.
 */
class BenchSmokeIT {
    private static final Path ROOT = Path.of(System.getProperty("relaunch.root", "..")).toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("relaunch.jar", "target/relaunch.jar"))
            .toAbsolutePath();

    private Path work;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("relaunch-bench-smoke-");
    }

    @AfterEach
    void tearDown() throws IOException {
        List<ProcessHandle> strays = strays();
        strays.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        if (!Boolean.getBoolean("relaunch.keep")) {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(strays).as("processes left running by the benchmark").isEmpty();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void smallRunWritesTheResultsAndStopsEverything() throws Exception {
        Path results = work.resolve("results.json");
        Path log = work.resolve("bench.log");
        List<String> cmd = new ArrayList<>(List.of("sh", ROOT.resolve("bench/run.sh").toString(), "--smoke",
                "--no-build", "--jar", JAR.toString(), "--work", work.resolve("work").toString(),
                "--results", results.toString()));
        Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        boolean finished = p.waitFor(9, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        String output = Files.readString(log);
        assertThat(finished).as("the benchmark did not stop by itself; output:\n%s", output).isTrue();
        assertThat(p.exitValue()).as("exit code; output:\n%s", output).isZero();
        assertThat(output).contains("RESTART UNDER LOAD", "START-UP", "TARGETS");

        JsonNode r = new ObjectMapper().readTree(results.toFile());
        assertThat(r.path("complete").asBoolean()).as(output).isTrue();
        JsonNode m = r.path("machine");
        assertThat(m.path("cores").asInt()).isPositive();
        assertThat(m.path("java_version").asText()).isNotBlank();
        assertThat(m.path("kernel").asText()).isNotBlank();
        assertThat(m.has("tcp_migrate_req_host")).isTrue();

        JsonNode phases = r.path("phases");
        String bg = "bg_migrate" + m.path("tcp_migrate_req_host").asText();
        String ss = "ss_migrate" + m.path("tcp_migrate_req_host").asText();
        for (String key : List.of(bg, ss)) {
            JsonNode ph = phases.path(key);
            assertThat(ph.path("ok").asBoolean()).as("%s: %s", key, ph.path("error").asText()).isTrue();
            assertThat(ph.path("restarts_done").asInt()).as(key).isEqualTo(2);
            assertThat(ph.path("restarts_ok").asInt()).as(key).isEqualTo(2);
            assertThat(ph.path("latency").path("health_new_pid_ms").path("median").asDouble()).as(key).isPositive();
            assertThat(ph.path("latency").path("restarted_ms").path("p95").isNumber()).as(key).isTrue();
            assertThat(ph.path("latency").path("spawn_to_ready_ms").path("n").asInt()).as(key).isEqualTo(2);
            JsonNode load = ph.path("load");
            assertThat(load.path("requests").asLong()).as(key).isPositive();
            assertThat(load.path("lost_during_restarts").isNumber()).as(key).isTrue();
            for (String c : List.of("refused", "reset", "timeout", "5xx", "other")) {
                assertThat(load.path("lost_by_class").path(c).isNumber()).as(key + " " + c).isTrue();
            }
            assertThat(ph.path("restarts")).hasSize(2);
            JsonNode first = ph.path("restarts").get(0);
            assertThat(first.path("status").asText()).isEqualTo("restarted");
            assertThat(first.path("pid_after").asLong()).isNotEqualTo(first.path("pid_before").asLong());
            assertThat(first.path("phase_at_ms").has("ready")).isTrue();
        }
        assertThat(phases.path(bg).path("strategy").asText()).isEqualTo("blue-green");
        assertThat(phases.path(ss).path("strategy").asText()).isEqualTo("stop-start");

        JsonNode st = phases.path("startup");
        for (String s : List.of("hello", "start", "serve")) {
            assertThat(st.path("series").path(s).path("ms").path("median").asDouble()).as(s).isPositive();
        }
        assertThat(st.path("idle_rss").path("server_child_rss_mib").path("median").asDouble()).isPositive();
        assertThat(st.path("idle_rss").path("supervisor_rss_mib").path("median").asDouble()).isPositive();

        JsonNode soak = phases.path("soak");
        assertThat(soak.path("restarts_ok").asInt()).isPositive();
        assertThat(soak.path("supervisor").path("rss_growth_mib").isNumber()).isTrue();

        assertThat(r.path("targets")).hasSizeGreaterThanOrEqualTo(7);
        r.path("targets").forEach(t -> assertThat(t.has("pass") && t.has("value") && t.has("target")).isTrue());
    }

    /** Processes whose command line names this test's scratch folder: only the benchmark's. */
    private List<ProcessHandle> strays() {
        String marker = work.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(ProcessHandle::isAlive).toList();
    }
}
