package bench;

import dev.relaunch.cli.Main;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static bench.Procs.javaBin;

/** The relaunch CLI run as {@code ./relaunch} runs it: its JVM flags, class path and class-data archive. */
final class Cli {
    static final String CLI_MAIN = Main.class.getName();
    static final String LAUNCHER_OPTIONS = "relaunch-cli/src/main/resources/dev/relaunch/cli/supervisor-jvm.options";
    /** The flags when the launchers' list cannot be read (a copy of it). */
    static final List<String> FALLBACK_CLI_FLAGS = List.of("-Xms8m", "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:MaxMetaspaceSize=48m",
            "-XX:ReservedCodeCacheSize=16m", "-Xshare:auto", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

    private Cli() {}

    record CliResult(int exit, String out, String err) {}

    static CliResult cli(Opts o, Path dir, long timeoutMs, String... args) throws IOException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "cli-", ".out");
        Path err = Files.createTempFile(dir, "cli-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cliCommand(o, args)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        cleanEnv(pb.environment());
        if (hasCliArchive(o)) {
            pb.environment().put("RELAUNCH_CLI_CDS", cliArchive(o).toString()); // as the launcher: for --detach
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("relaunch " + String.join(" ", args) + " did not finish in " + timeoutMs
                        + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        CliResult r = new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /**
     * The CLI as ./relaunch runs it: the JVM flags of the launcher script, the jar, plus the test kit beside it (the
     * slow endpoint {@code /api/v1/test/sleep}; servers inherit the class path).
     */
    static List<String> cliCommand(Opts o, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(cliFlags(o));
        cmd.add("-cp");
        cmd.add(o.jar + File.pathSeparator + o.jar.resolveSibling("relaunch-testkit.jar"));
        cmd.add(CLI_MAIN);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The JVM flags of the CLI/supervisor, from the list the launchers read, so they stay the same. */
    static List<String> cliFlags(Opts o) {
        List<String> flags = new ArrayList<>();
        try {
            Files.readAllLines(o.root.resolve(LAUNCHER_OPTIONS)).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(flags::add);
        } catch (IOException e) {
            // fall back below
        }
        if (flags.isEmpty()) {
            flags.addAll(FALLBACK_CLI_FLAGS);
        }
        if (hasCliArchive(o)) {
            flags.addAll(List.of("-XX:SharedArchiveFile=" + cliArchive(o), "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        String extra = System.getenv("RELAUNCH_CLI_OPTS");
        if (extra != null && !extra.isBlank()) {
            flags.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return flags;
    }

    /**
     * Where the servers' class-data archive for the copied jar lives: beside it, as {@code ./relaunch} makes it after a
     * build (the bench's class path has two entries, so the product would otherwise keep one per instance folder).
     */
    static Path serverArchiveDir(Opts o) {
        return o.jar.toAbsolutePath().resolveSibling("cds");
    }

    /** Where the CLI/supervisor JVM's class-data archive for the jar lives (as {@code ./relaunch} keeps it). */
    static Path cliArchive(Opts o) {
        return o.jar.toAbsolutePath().resolveSibling("cds").resolve("cli.jsa");
    }

    static boolean hasCliArchive(Opts o) {
        try {
            return Files.isRegularFile(cliArchive(o)) && Files.size(cliArchive(o)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    static void cleanEnv(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("RELAUNCH_") && !k.equals("RELAUNCH_CLI_OPTS")
                && !k.equals("RELAUNCH_CDS_DIR"));
    }
}
