package dev.relaunch.maven;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;

/** What every goal needs: the project, its {@code .env}, and relaunch's CLI. */
abstract class AbstractRelaunchMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    RepositorySystemSession repositorySession;

    @Parameter(defaultValue = "${project.remotePluginRepositories}", readonly = true, required = true)
    List<RemoteRepository> pluginRepositories;

    @Component
    RepositorySystem repositorySystem;

    /**
     * The app's {@code .env}, read by the supervisor at every start and restart; its folder holds relaunch's runtime
     * files ({@code instance/}). The app runs in the project's base directory.
     */
    @Parameter(property = "relaunch.envFile", defaultValue = "${project.basedir}/.env")
    File envFile;

    AppInstance instance() {
        return new AppInstance(envFile.toPath(), Map.copyOf(System.getenv()));
    }

    RelaunchCli cli() throws MojoExecutionException {
        return RelaunchCli.resolve(repositorySystem, repositorySession, pluginRepositories, plugin.getVersion());
    }
}
