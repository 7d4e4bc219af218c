package dev.relaunch.maven;

import dev.relaunch.maven.build.BuildOutcome;
import dev.relaunch.maven.build.BuildReporter;
import dev.relaunch.maven.build.ModuleBuilds;
import dev.relaunch.maven.build.SupervisorLink;
import dev.relaunch.maven.watch.SourceWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Runs the app under relaunch's supervisor with watching on, in the foreground, and rebuilds it when a file under its
 * source or resource folders changes: {@code relaunch start --watch -- java -cp <class path> <mainClass>}. The app's
 * log streams to the console; Ctrl-C stops the supervisor and the app.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, requiresProject = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class RunMojo extends AbstractAppMojo {
    /** How long no further change must arrive before a rebuild starts, in milliseconds. */
    @Parameter(property = "relaunch.quietPeriod", defaultValue = "200")
    long quietPeriod;

    @Component
    LifecycleExecutor lifecycle;

    @Component
    BuildPluginManager buildPlugins;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (session.getProjects().size() > 1 && project.getBuildPlugins().stream()
                .noneMatch(p -> p.getKey().equals(plugin.getPluginLookupKey()))) {
            getLog().info("relaunch:run skipped for " + project.getArtifactId() + ": in a multi-module build it runs "
                    + "the module that lists relaunch-maven-plugin in its <build><plugins>, and rebuilds the modules "
                    + "of the build that it depends on");
            return;
        }
        AppLaunch app = appLaunch();
        AppInstance instance = instance();
        RelaunchCli cli = cli();
        Path baseDir = project.getBasedir().toPath();
        ModuleBuilds modules = ModuleBuilds.of(session, project, lifecycle, buildPlugins);
        SupervisorLink link = new SupervisorLink(instance.socket(), getLog());
        BuildReporter reporter = new BuildReporter(link);

        // the supervisor watches the class path's folders (and .env) and restarts the app after a successful build
        List<String> args = new ArrayList<>(List.of("start", "--watch", "--env-file", instance.envFile().toString(),
                "--"));
        args.addAll(app.command());
        ProcessBuilder pb = new ProcessBuilder(cli.command(args)).directory(baseDir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        instance.defaultToDevelopment(pb.environment());
        getLog().debug("relaunch: " + pb.command());

        try (Supervised supervisor = Supervised.start(pb);
                SourceWatcher watcher = new SourceWatcher(modules.watchedFolders(), Duration.ofMillis(quietPeriod))) {
            getLog().info("relaunch: running " + app.mainClass() + " under the supervisor (PID " + supervisor.pid()
                    + "); watching " + modules.watchedFolders() + "; Ctrl-C stops it");
            if (!modules.upstreamModules().isEmpty()) {
                getLog().info("relaunch: a change in " + String.join(", ", modules.upstreamModules())
                        + " rebuilds that module, then " + project.getArtifactId());
            }
            while (supervisor.isAlive()) {
                Set<Path> changed = watcher.awaitChanges(Duration.ofMillis(500));
                if (!changed.isEmpty() && supervisor.isAlive()) {
                    rebuild(changed, modules, reporter);
                }
            }
            if (!supervisor.stoppedOnRequest() && supervisor.exitCode() != 0) {
                throw new MojoFailureException("relaunch's supervisor exited with code " + supervisor.exitCode()
                        + "; its output is above");
            }
        } catch (IOException e) {
            throw new MojoExecutionException("relaunch cannot run the app: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rebuild(Set<Path> changed, ModuleBuilds modules, BuildReporter reporter) {
        getLog().info("relaunch: " + describe(changed) + " changed; rebuilding");
        reporter.started();
        BuildOutcome outcome = modules.rebuild(changed, getLog());
        reporter.finished(outcome);
        if (!outcome.succeeded()) {
            getLog().error("relaunch: the build failed, the running version keeps serving: " + outcome.message());
            return;
        }
        getLog().info("relaunch: build succeeded; the supervisor restarts the app");
    }

    private static String describe(Set<Path> changed) {
        // a saved file rather than the folder or temp file that came with it
        Path first = changed.stream().filter(java.nio.file.Files::isRegularFile).findFirst()
                .orElse(changed.iterator().next()).getFileName();
        return changed.size() == 1 ? String.valueOf(first) : first + " and " + (changed.size() - 1) + " more";
    }
}
