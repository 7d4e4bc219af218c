package dev.relaunch.cli;

import dev.relaunch.cds.CdsArchive;
import dev.relaunch.cds.CdsTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prepare", hidden = true, description = "Create the class-data archive that makes server processes "
        + "start faster (the launcher runs this after a build). Exit code 0 when the archive exists. With "
        + "--train-cli, also run a supervised server once, so that a JVM started with -XX:ArchiveClassesAtExit "
        + "archives what the CLI and the supervisor load.")
final class PrepareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train-cli", description = "also start, query and stop a supervised server once")
    boolean trainCli;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("relaunch-prepare-");
        try {
            Files.writeString(tmp.resolve(".env"), "HOST=127.0.0.1\nPORT=0\nAPP_ENV=development\n");
            CdsArchive cds = new CdsArchive(tmp.resolve("instance"));
            boolean ok = cds.existing().isPresent() || trainServer(cds, tmp, out);
            if (trainCli && !CliTraining.run(tmp, Duration.ofSeconds(60))) {
                out.println("Could not run the supervised server for the CLI's class-data archive");
                out.flush();
            }
            return ok ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean trainServer(CdsArchive cds, Path tmp, PrintWriter out) {
        try (CdsTrainer trainer = new CdsTrainer()) {
            boolean ok = trainer.trainAndWait(cds, tmp.resolve(".env"), tmp, 120);
            out.println(ok ? "Class-data archive ready: " + cds.archive()
                    : "Could not create the class-data archive; servers start without it");
            out.flush();
            return ok;
        }
    }
}
