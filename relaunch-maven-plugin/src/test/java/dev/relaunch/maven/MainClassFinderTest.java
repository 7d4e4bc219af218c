package dev.relaunch.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

class MainClassFinderTest {
    @Test
    void theConfiguredClassWinsOverSpringBootsSettings() throws Exception {
        assertThat(MainClassFinder.find("com.example.Mine", props("com.example.Start"), springBoot("com.example.Boot")))
                .isEqualTo("com.example.Mine");
    }

    @Test
    void startClassPropertyComesBeforeTheSpringBootPluginsMainClass() throws Exception {
        assertThat(MainClassFinder.find(" ", props("com.example.Start"), springBoot("com.example.Boot")))
                .isEqualTo("com.example.Start");
        assertThat(MainClassFinder.find(null, new Properties(), springBoot("com.example.Boot")))
                .isEqualTo("com.example.Boot");
    }

    @Test
    void theSpringBootPluginsMainClassIsFoundInAnExecutionToo() throws Exception {
        Plugin plugin = new Plugin();
        PluginExecution execution = new PluginExecution();
        execution.setConfiguration(config("com.example.Repackaged"));
        plugin.addExecution(execution);
        assertThat(MainClassFinder.find(null, new Properties(), plugin)).isEqualTo("com.example.Repackaged");
    }

    @Test
    void noMainClassAnywhereNamesEveryPlaceToSetOne() {
        assertThatThrownBy(() -> MainClassFinder.find(null, new Properties(), null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<mainClass>")
                .hasMessageContaining("-Drelaunch.mainClass")
                .hasMessageContaining("<start-class>")
                .hasMessageContaining("spring-boot-maven-plugin's <mainClass>");
    }

    private static Properties props(String startClass) {
        Properties p = new Properties();
        p.setProperty("start-class", startClass);
        return p;
    }

    private static Plugin springBoot(String mainClass) {
        Plugin plugin = new Plugin();
        plugin.setConfiguration(config(mainClass));
        return plugin;
    }

    private static Xpp3Dom config(String mainClass) {
        Xpp3Dom dom = new Xpp3Dom("configuration");
        Xpp3Dom child = new Xpp3Dom("mainClass");
        child.setValue(mainClass);
        dom.addChild(child);
        return dom;
    }
}
