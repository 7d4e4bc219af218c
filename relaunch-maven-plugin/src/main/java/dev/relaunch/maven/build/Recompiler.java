package dev.relaunch.maven.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * Rebuilds the project's classes in this Maven process by running the project's own {@code resources:resources} and
 * {@code compiler:compile} executions, as Maven's lifecycle configured them (the POM's compiler and resources
 * configuration, execution ids included). Runs on the thread that built it: the one the mojo runs on.
 */
public final class Recompiler {
    private static final Set<String> STEPS = Set.of(
            "org.apache.maven.plugins:maven-resources-plugin:resources",
            "org.apache.maven.plugins:maven-compiler-plugin:compile");

    private final MavenSession session;
    private final BuildPluginManager plugins;
    private final List<MojoExecution> executions;
    private final Path baseDir;

    private Recompiler(MavenSession session, BuildPluginManager plugins, List<MojoExecution> executions, Path baseDir) {
        this.session = session;
        this.plugins = plugins;
        this.executions = executions;
        this.baseDir = baseDir;
    }

    /** Finds the executions in the plan Maven makes for {@code compile} on the session's current project. */
    public static Recompiler forCurrentProject(MavenSession session, LifecycleExecutor lifecycle,
            BuildPluginManager plugins) throws MojoFailureException {
        List<MojoExecution> steps;
        try {
            steps = lifecycle.calculateExecutionPlan(session, "compile").getMojoExecutions().stream()
                    .filter(e -> STEPS.contains(e.getGroupId() + ":" + e.getArtifactId() + ":" + e.getGoal()))
                    .toList();
        } catch (Exception e) {
            throw new MojoFailureException("relaunch cannot plan the project's compile step: " + e.getMessage(), e);
        }
        if (steps.stream().noneMatch(e -> e.getGoal().equals("compile"))) {
            throw new MojoFailureException("relaunch found no compiler:compile execution in this project's build "
                    + "(packaging " + session.getCurrentProject().getPackaging() + "); relaunch:run needs a project "
                    + "that compiles Java sources");
        }
        return new Recompiler(session, plugins, steps, session.getCurrentProject().getBasedir().toPath());
    }

    /** Runs the steps in order; the first that fails ends the build. Maven's own log shows each step's output. */
    public BuildOutcome build(Log log) {
        for (MojoExecution step : executions) {
            try {
                plugins.executeMojo(session, step);
            } catch (Exception e) {
                log.debug("relaunch: " + step + " failed", e);
                return CompilerMessages.failed(e, baseDir);
            }
        }
        return BuildOutcome.success();
    }
}
