package dev.relaunch.maven;

import java.util.Optional;
import java.util.Properties;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Finds the class whose {@code main} the app runs, in the order a user expects: this plugin's own setting, then what a
 * Spring Boot project already says.
 */
final class MainClassFinder {
    static final String SPRING_BOOT_PLUGIN = "org.springframework.boot:spring-boot-maven-plugin";

    private MainClassFinder() {}

    /**
     * @param configured this plugin's {@code mainClass} ({@code -Drelaunch.mainClass}); may be null
     * @param properties the project's properties (Spring Boot's {@code start-class})
     * @param springBoot the spring-boot-maven-plugin of the build, or null
     * @throws MojoFailureException naming every place looked at, when none names a class
     */
    static String find(String configured, Properties properties, Plugin springBoot) throws MojoFailureException {
        return nonBlank(configured)
                .or(() -> nonBlank(properties.getProperty("start-class")))
                .or(() -> springBootMainClass(springBoot))
                .orElseThrow(() -> new MojoFailureException("relaunch cannot tell which class to run: no main class "
                        + "found. Name it in one of these places: the plugin's <mainClass> configuration, "
                        + "-Drelaunch.mainClass=com.example.App on the command line, the project property "
                        + "<start-class> (Spring Boot), or the spring-boot-maven-plugin's <mainClass>."));
    }

    private static Optional<String> springBootMainClass(Plugin plugin) {
        if (plugin == null) {
            return Optional.empty();
        }
        Optional<String> top = child(plugin.getConfiguration());
        if (top.isPresent()) {
            return top;
        }
        for (PluginExecution e : plugin.getExecutions()) {
            Optional<String> c = child(e.getConfiguration());
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> child(Object configuration) {
        return configuration instanceof Xpp3Dom dom && dom.getChild("mainClass") != null
                ? nonBlank(dom.getChild("mainClass").getValue()) : Optional.empty();
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }
}
