package dev.relaunch.maven.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code mvn} on the PATH, run in a sample project against the isolated local repository the build filled
 * (every other repository mirrored to the user's own, as a file:// repository: no network). Its output goes to a file;
 * closing it kills whatever of it is left, descendants first.
 */
final class MavenProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final List<ProcessHandle> seen = new ArrayList<>();

    private MavenProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static MavenProcess start(Path project, String... args) throws IOException {
        Path settings = project.resolve("it-settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>user-local-repository</id><mirrorOf>*</mirrorOf>"
                + "<url>" + Path.of(System.getProperty("relaunch.user.repo")).toUri() + "</url></mirror></mirrors>"
                + "</settings>\n");
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("relaunch.it.repo")));
        cmd.addAll(List.of(args));
        Path log = project.resolve("mvn.log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        return new MavenProcess(p, log);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Maven and every process it started, as far as they can be seen now (the app is the supervisor's child). */
    List<ProcessHandle> tree() {
        List<ProcessHandle> all = new ArrayList<>(List.of(process.toHandle()));
        all.addAll(process.descendants().toList());
        all.stream().filter(h -> !seen.contains(h)).forEach(seen::add);
        return all;
    }

    /** What a terminal's Ctrl-C sends, to Maven alone. */
    void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        tree();
        for (ProcessHandle h : seen) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : seen) {
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
        }
    }
}
