package dev.relaunch.maven;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops what {@code relaunch:start} started ({@code relaunch stop}): the supervisor and the app, gracefully, then by
 * force after {@code stopTimeout}. Nothing running is not an error.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, requiresProject = true)
public class StopMojo extends AbstractRelaunchMojo {
    /** Seconds to wait for a graceful stop before killing. */
    @Parameter(property = "relaunch.stopTimeout", defaultValue = "30")
    int stopTimeout;

    /** Skips {@code relaunch:stop} (and, with the same property, {@code relaunch:start}). */
    @Parameter(property = "relaunch.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("relaunch:stop skipped (relaunch.skip)");
            return;
        }
        AppInstance instance = instance();
        RelaunchCli.Result stopped = cli().run(project.getBasedir().toPath(), Map.of(), List.of("stop",
                "--env-file", instance.envFile().toString(), "--timeout", Integer.toString(stopTimeout)),
                Duration.ofSeconds(stopTimeout + 30L));
        getLog().info(stopped.output().strip());
        if (stopped.exitCode() != 0) {
            throw new MojoFailureException("relaunch:stop could not stop the app (exit code " + stopped.exitCode()
                    + "): " + stopped.output().strip());
        }
    }
}
