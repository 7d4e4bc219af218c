package dev.relaunch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI/supervisor JVM's own class-data archive, made as the launcher makes it after a build. */
class CliArchiveIT {

    @Test
    void prepareTrainsTheCliArchiveAndCommandsUsingItPrintCleanJson() throws IOException {
        try (RelaunchInstance r = new RelaunchInstance()) {
            Path archive = r.dir().resolve("cli.jsa");
            // the round trip's throw-away folder goes under the instance folder, so close() finds any process left
            RelaunchInstance.Result prepare = r.cli(List.of("-XX:ArchiveClassesAtExit=" + archive,
                    "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-Djava.io.tmpdir=" + r.dir()),
                    Duration.ofSeconds(180), "prepare", "--train-cli");

            assertThat(prepare.exit()).as("prepare: %s %s", prepare.out(), prepare.err()).isZero();
            assertThat(prepare.out()).doesNotContain("Could not");
            assertThat(archive).isRegularFile();

            Path loads = r.dir().resolve("status-class-load.log");
            RelaunchInstance.Result status = r.cli(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
                    "-Xlog:cds+dynamic=off", "-Xlog:class+load=info:file=" + loads), Duration.ofSeconds(60),
                    "status", "--json");
            assertThat(status.exit()).as("status: %s %s", status.out(), status.err()).isEqualTo(3);
            assertThat(status.json().path("running").asBoolean()).isFalse();
            // what the training round trip loaded (the control socket's client) comes from the archive's top layer,
            // which any JVM run with -XX:ArchiveClassesAtExit writes, trained or not
            List<String> fromArchive = Files.readAllLines(loads).stream()
                    .filter(l -> l.contains("source: shared objects file (top)")).toList();
            assertThat(fromArchive).as("classes status mapped from the CLI archive")
                    .anyMatch(l -> l.contains(" dev.relaunch.control.ControlClient "))
                    .anyMatch(l -> l.contains(" dev.relaunch.cli.StatusCommand "));
        }
    }
}
