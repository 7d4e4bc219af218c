package dev.relaunch.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoExecutionException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * relaunch's CLI ({@code dev.relaunch:relaunch}, the same version as this plugin) as a command line:
 * {@code java -cp <the CLI and its dependencies> dev.relaunch.cli.Main ARGS}. The class path is resolved apart from
 * the plugin's own (Maven's core hides some libraries, such as SLF4J, from a plugin's class realm).
 */
final class RelaunchCli {
    static final String MAIN = "dev.relaunch.cli.Main";
    /** As the {@code ./relaunch} launcher starts it: small, quick to start, and able to hand over its socket. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xss512k", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");

    private final String classPath;

    RelaunchCli(String classPath) {
        this.classPath = classPath;
    }

    static RelaunchCli resolve(RepositorySystem system, RepositorySystemSession session,
            List<RemoteRepository> repositories, String version) throws MojoExecutionException {
        String coordinates = "dev.relaunch:relaunch:jar:" + version;
        CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact(coordinates), "runtime"),
                repositories);
        try {
            List<ArtifactResult> results = system.resolveDependencies(session, new DependencyRequest(collect, null))
                    .getArtifactResults();
            return new RelaunchCli(results.stream().map(r -> r.getArtifact().getFile().getAbsolutePath())
                    .collect(Collectors.joining(File.pathSeparator)));
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("relaunch cannot resolve its CLI " + coordinates + ": " + e.getMessage()
                    + " (in a clone of relaunch, build it first: mvn -B install -DskipTests)", e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-cp", classPath, MAIN));
        cmd.addAll(args);
        return cmd;
    }

    /** The exit code and output (stdout and stderr) of a CLI command. */
    record Result(int exitCode, String output) {}

    /**
     * Runs a CLI command to its end (killed after {@code timeout}) in {@code workDir}.
     *
     * @param environment added to this process's environment
     */
    Result run(Path workDir, Map<String, String> environment, List<String> args, Duration timeout)
            throws MojoExecutionException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new MojoExecutionException("relaunch " + args.get(0) + " did not end "
                        + "within " + timeout.toSeconds() + " s; output so far:\n" + output.getNow(""));
            }
            return new Result(p.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new MojoExecutionException("relaunch cannot run its CLI: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted", e);
        }
    }

    private static String readAll(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
