package dev.relaunch.maven.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * What {@code relaunch:run} watches and rebuilds: the app's module, and the modules of the same reactor build that it
 * depends on (run from the root as {@code mvn relaunch:run -pl app -am}, their classes come from their
 * {@code target/classes}, which the app's class path names).
 */
public final class ModuleBuilds {
    /** One module: its source and resource folders, and how to rebuild it. */
    private record Module(MavenProject project, List<Path> folders, Recompiler recompiler) {
        boolean owns(Path file) {
            return folders.stream().anyMatch(file::startsWith);
        }
    }

    private final List<Module> upstream;
    private final Module app;

    private ModuleBuilds(List<Module> upstream, Module app) {
        this.upstream = upstream;
        this.app = app;
    }

    public static ModuleBuilds of(MavenSession session, MavenProject app, LifecycleExecutor lifecycle,
            BuildPluginManager plugins) throws MojoFailureException {
        Path base = app.getBasedir().toPath();
        Set<String> dependencies = app.getArtifacts().stream()
                .map(a -> a.getGroupId() + ":" + a.getArtifactId()).collect(Collectors.toSet());
        List<Module> upstream = new ArrayList<>();
        for (MavenProject p : session.getProjects()) {
            if (p != app && !"pom".equals(p.getPackaging())
                    && dependencies.contains(p.getGroupId() + ":" + p.getArtifactId())) {
                upstream.add(module(session, p, lifecycle, plugins, base));
            }
        }
        return new ModuleBuilds(upstream, module(session, app, lifecycle, plugins, base));
    }

    private static Module module(MavenSession session, MavenProject p, LifecycleExecutor lifecycle,
            BuildPluginManager plugins, Path displayBase) throws MojoFailureException {
        return new Module(p, folders(p), Recompiler.forProject(session, p, lifecycle, plugins, displayBase));
    }

    /** A project's source and resource folders; generated ones under {@code target/} would rebuild forever. */
    private static List<Path> folders(MavenProject p) {
        Path buildDir = Path.of(p.getBuild().getDirectory()).toAbsolutePath().normalize();
        return Stream.concat(p.getCompileSourceRoots().stream(), p.getResources().stream().map(r -> r.getDirectory()))
                .map(d -> Path.of(d).toAbsolutePath().normalize())
                .filter(d -> !d.startsWith(buildDir))
                .distinct()
                .toList();
    }

    public List<Path> watchedFolders() {
        return Stream.concat(upstream.stream(), Stream.of(app)).flatMap(m -> m.folders().stream()).distinct()
                .toList();
    }

    /** The reactor modules the app depends on, by artifact id; empty outside a multi-module build. */
    public List<String> upstreamModules() {
        return upstream.stream().map(m -> m.project().getArtifactId()).toList();
    }

    /**
     * Rebuilds the upstream modules a changed file belongs to, in reactor order, then the app (its compiler notices
     * a changed dependency); the first failure ends the build.
     */
    public BuildOutcome rebuild(Set<Path> changed, Log log) {
        for (Module m : upstream) {
            if (changed.stream().anyMatch(m::owns)) {
                BuildOutcome outcome = m.recompiler().build(log);
                if (!outcome.succeeded()) {
                    return outcome;
                }
            }
        }
        return app.recompiler().build(log);
    }
}
