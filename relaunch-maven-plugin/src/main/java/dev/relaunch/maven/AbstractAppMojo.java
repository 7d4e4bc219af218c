package dev.relaunch.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that start the project's app: which class, with which options, on which class path. */
abstract class AbstractAppMojo extends AbstractRelaunchMojo {
    /**
     * The class whose {@code main} runs. When not set: the project property {@code start-class} (Spring Boot), then
     * the spring-boot-maven-plugin's {@code mainClass}.
     */
    @Parameter(property = "relaunch.mainClass")
    String mainClass;

    /** JVM options for the app, separated by blanks, e.g. {@code -Xmx256m -Dfoo=bar}. */
    @Parameter(property = "relaunch.jvmArguments")
    String jvmArguments;

    /** Arguments for the app's {@code main}, separated by blanks. */
    @Parameter(property = "relaunch.arguments")
    String arguments;

    /**
     * {@code java [jvmArguments] -cp <classes, resources and runtime dependencies> <mainClass> [arguments]}, the
     * command the supervisor runs (after {@code --}) at every start and restart.
     */
    AppLaunch appLaunch() throws MojoExecutionException, MojoFailureException {
        String main = MainClassFinder.find(mainClass, project.getProperties(),
                project.getPlugin(MainClassFinder.SPRING_BOOT_PLUGIN));
        List<String> cmd = new ArrayList<>();
        cmd.add(RelaunchCli.java());
        cmd.addAll(words(jvmArguments));
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, runtimeClassPath()), main));
        cmd.addAll(words(arguments));
        return new AppLaunch(main, cmd);
    }

    private List<String> runtimeClassPath() throws MojoExecutionException {
        try {
            // the output folder first: resources are copied into it, so they come with the classes
            return project.getRuntimeClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the project's runtime dependencies are not resolved: " + e.getMessage(),
                    e);
        }
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
