package dev.relaunch.maven;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Starts the app under relaunch's supervisor in the background ({@code relaunch start --detach}) and returns once it
 * answers its health check, for integration tests; {@code relaunch:stop} stops it. If the build fails between the two
 * (a goal after this one throws, so {@code post-integration-test} never runs), Maven's exit stops the app all the same.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST,
        requiresDependencyResolution = ResolutionScope.RUNTIME, requiresProject = true)
public class StartMojo extends AbstractAppMojo {
    /** Phases at or after {@code post-integration-test}: a build that reaches them runs {@code relaunch:stop}. */
    private static final Set<String> STOPPING_PHASES = Set.of("post-integration-test", "verify", "install", "deploy");

    /**
     * The URL that must answer before the integration tests run; {@code ${PORT}} is the app's port (from the
     * environment or {@code .env}). Default: any HTTP answer below 500 on {@code http://127.0.0.1:${PORT}/}; a URL
     * set here must answer 2xx.
     */
    @Parameter(property = "relaunch.healthUrl")
    String healthUrl;

    /** How long the app may take to answer, in seconds. */
    @Parameter(property = "relaunch.startTimeout", defaultValue = "60")
    int startTimeout;

    /** Skips {@code relaunch:start} (and, with the same property, {@code relaunch:stop}). */
    @Parameter(property = "relaunch.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("relaunch:start skipped (relaunch.skip)");
            return;
        }
        AppLaunch app = appLaunch();
        AppInstance instance = instance();
        RelaunchCli cli = cli();
        Path baseDir = project.getBasedir().toPath();
        List<String> args = new ArrayList<>(List.of("start", "--detach", "--env-file", instance.envFile().toString(),
                "--"));
        args.addAll(app.command());
        RelaunchCli.Result started = cli.run(baseDir, Map.of(), args, Duration.ofSeconds(startTimeout + 30L));
        if (started.exitCode() != 0) {
            stopAfterFailure(cli, instance);
            // the CLI's own message already quotes the app's last lines when it has them
            String output = started.output().strip();
            throw new MojoFailureException("relaunch:start could not start " + app.mainClass() + " (exit code "
                    + started.exitCode() + "):\n" + output + (output.isEmpty() ? LogTail.of(instance.logsDir()) : ""));
        }
        getLog().info(started.output().strip());
        if (session.getGoals().stream().anyMatch(STOPPING_PHASES::contains)) {
            stopWhenMavenEnds(cli, instance);
        }
        String url = healthUrl(instance);
        if (!answers(url, healthUrl == null, Instant.now().plusSeconds(startTimeout))) {
            stopAfterFailure(cli, instance);
            throw new MojoFailureException("relaunch:start: " + app.mainClass() + " did not answer " + url + " within "
                    + startTimeout + " s (relaunch.startTimeout); it was stopped." + LogTail.of(instance.logsDir()));
        }
        getLog().info("relaunch: " + app.mainClass() + " answers " + url);
    }

    private String healthUrl(AppInstance instance) throws MojoFailureException {
        String template = healthUrl == null ? "http://127.0.0.1:${PORT}/" : healthUrl;
        if (!template.contains("${PORT}")) {
            return template;
        }
        int port = instance.config().map(c -> c.port()).orElse(0);
        if (port == 0) {
            throw new MojoFailureException("relaunch:start needs the app's port to check it: set PORT in "
                    + instance.envFile() + " (or the environment), or set <healthUrl> (-Drelaunch.healthUrl)");
        }
        return template.replace("${PORT}", Integer.toString(port));
    }

    /** Polls {@code url} until it answers (2xx, or any status below 500 when {@code lenient}) or the deadline. */
    private boolean answers(String url, boolean lenient, Instant deadline) throws MojoFailureException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("relaunch:start: the health URL " + url + " is not a URL: " + e.getMessage());
        }
        while (Instant.now().isBefore(deadline)) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2 || (lenient && status < 500)) {
                    return true;
                }
                getLog().debug("relaunch: " + url + " answered " + status);
            } catch (IOException e) {
                getLog().debug("relaunch: " + url + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return false;
    }

    private void stopAfterFailure(RelaunchCli cli, AppInstance instance) {
        try {
            cli.run(instance.baseDir(), Map.of(), List.of("stop", "--env-file", instance.envFile().toString()),
                    Duration.ofSeconds(60));
        } catch (MojoExecutionException e) {
            getLog().warn("relaunch: could not stop the app after the failed start: " + e.getMessage());
        }
    }

    /**
     * When a later goal fails, Maven skips {@code post-integration-test} and {@code relaunch:stop} with it: this hook
     * runs {@code relaunch stop} when Maven exits, unless {@code relaunch:stop} already did (then the control socket is
     * gone). It uses only JDK classes and prepared strings: by then Maven has closed this plugin's class realm.
     */
    private void stopWhenMavenEnds(RelaunchCli cli, AppInstance instance) {
        List<String> stop = cli.command(List.of("stop", "--env-file", instance.envFile().toString()));
        Runtime.getRuntime().addShutdownHook(new StopAtExit(instance.socket(), stop, instance.baseDir()));
    }

    private static final class StopAtExit extends Thread {
        private final Path socket;
        private final List<String> stop;
        private final Path workDir;

        StopAtExit(Path socket, List<String> stop, Path workDir) {
            super("relaunch-stop-at-exit");
            this.socket = socket;
            this.stop = List.copyOf(stop);
            this.workDir = workDir;
        }

        @Override
        public void run() {
            if (!Files.exists(socket)) {
                return;
            }
            System.err.println("[relaunch] Maven ends before relaunch:stop ran: stopping the app");
            try {
                Process p = new ProcessBuilder(stop).directory(workDir.toFile()).inheritIO().start();
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                System.err.println("[relaunch] could not run relaunch stop: ".concat(String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
