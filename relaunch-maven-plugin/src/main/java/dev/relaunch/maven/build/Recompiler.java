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
import org.apache.maven.project.MavenProject;

/**
 * Rebuilds a project's classes in this Maven process by running the project's own {@code resources:resources} and
 * {@code compiler:compile} executions, as Maven's lifecycle configured them (the POM's compiler and resources
 * configuration, execution ids included). Runs on the mojo's thread: it makes its project the session's current one
 * while it plans and builds.
 */
public final class Recompiler {
    private static final Set<String> STEPS = Set.of(
            "org.apache.maven.plugins:maven-resources-plugin:resources",
            "org.apache.maven.plugins:maven-compiler-plugin:compile");

    private final MavenSession session;
    private final MavenProject project;
    private final BuildPluginManager plugins;
    private final List<MojoExecution> executions;
    private final Path displayBase;

    private Recompiler(MavenSession session, MavenProject project, BuildPluginManager plugins,
            List<MojoExecution> executions, Path displayBase) {
        this.session = session;
        this.project = project;
        this.plugins = plugins;
        this.executions = executions;
        this.displayBase = displayBase;
    }

    /**
     * Finds the executions in the plan Maven makes for {@code compile} on {@code project}.
     *
     * @param displayBase compiler errors name their files relative to it
     */
    public static Recompiler forProject(MavenSession session, MavenProject project, LifecycleExecutor lifecycle,
            BuildPluginManager plugins, Path displayBase) throws MojoFailureException {
        MavenProject current = session.getCurrentProject();
        List<MojoExecution> steps;
        session.setCurrentProject(project);
        try {
            steps = lifecycle.calculateExecutionPlan(session, "compile").getMojoExecutions().stream()
                    .filter(e -> STEPS.contains(e.getGroupId() + ":" + e.getArtifactId() + ":" + e.getGoal()))
                    .toList();
        } catch (Exception e) {
            throw new MojoFailureException("relaunch cannot plan the compile step of " + project.getArtifactId()
                    + ": " + e.getMessage(), e);
        } finally {
            session.setCurrentProject(current);
        }
        if (steps.stream().noneMatch(e -> e.getGoal().equals("compile"))) {
            throw new MojoFailureException("relaunch found no compiler:compile execution in the build of "
                    + project.getArtifactId() + " (packaging " + project.getPackaging() + "); relaunch:run needs "
                    + "a project that compiles Java sources");
        }
        return new Recompiler(session, project, plugins, steps, displayBase);
    }

    /** Runs the steps in order; the first that fails ends the build. Maven's own log shows each step's output. */
    public BuildOutcome build(Log log) {
        MavenProject current = session.getCurrentProject();
        session.setCurrentProject(project);
        try {
            for (MojoExecution step : executions) {
                try {
                    plugins.executeMojo(session, step);
                } catch (Exception e) {
                    log.debug("relaunch: " + step + " failed", e);
                    return CompilerMessages.failed(e, displayBase);
                }
            }
            return BuildOutcome.success();
        } finally {
            session.setCurrentProject(current);
        }
    }
}
