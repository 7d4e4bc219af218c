package dev.relaunch.spring;

import dev.relaunch.javalin.RelaunchSetup;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.spring.internal.BasePath;
import dev.relaunch.spring.internal.HandoffLifecycle;
import dev.relaunch.spring.internal.JettyPortSharing;
import dev.relaunch.spring.internal.PortSharing;
import dev.relaunch.spring.internal.RelaunchRuntime;
import dev.relaunch.spring.internal.TomcatPortSharing;
import jakarta.servlet.http.HttpServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * relaunch in a Spring Boot servlet app (Spring MVC on Jetty or Tomcat): the Settings tab and Restart Server under
 * {@code relaunch.base-path}, and the blue-green handoff under {@code relaunch start -- java -jar app.jar}.
 *
 * <p>On only in development and testing ({@link OnRelaunchAllowedCondition}); otherwise not one bean of it exists.
 * It registers one servlet at {@code {base-path}/*} (the Javalin plugin's routes, with their security checks and
 * headers) and prepares the embedded web server for the handoff; no filter, header, error page, message converter or
 * logging setting of the app changes.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
        "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServletRegistrationBean.class, HttpServlet.class})
@Conditional(OnRelaunchAllowedCondition.class)
@EnableConfigurationProperties(RelaunchProperties.class)
public class RelaunchAutoConfiguration {
    private static final PortSharing UNSHARED = new PortSharing() {
        @Override
        public boolean sharesPort() {
            return false;
        }

        @Override
        public boolean bindsBesideSuccessor() {
            return false;
        }

        @Override
        public String whyNot() {
            return "this web server is neither Spring Boot's Jetty nor Tomcat, so it cannot share its port";
        }

        @Override
        public void drain() {}
    };

    @Bean
    RelaunchSetup relaunchSetup(RelaunchProperties properties) {
        return RelaunchSetup.forApp(properties.getEnvFile(), properties.getLogFile());
    }

    @Bean
    RelaunchRuntime relaunchRuntime(RelaunchProperties properties, RelaunchSetup setup,
                                    ObjectProvider<PortSharing> sharing) {
        return new RelaunchRuntime(BasePath.normalize(properties.getBasePath()), setup, launch(),
                sharing.getIfAvailable(() -> UNSHARED));
    }

    @Bean
    ServletRegistrationBean<HttpServlet> relaunchServlet(RelaunchRuntime runtime) {
        ServletRegistrationBean<HttpServlet> bean = new ServletRegistrationBean<>(runtime.servlet(),
                runtime.basePath() + "/*");
        bean.setName("relaunch");
        bean.setLoadOnStartup(1);
        return bean;
    }

    @Bean
    HandoffLifecycle relaunchHandoff(RelaunchRuntime runtime, ObjectProvider<PortSharing> sharing) {
        return new HandoffLifecycle(runtime, sharing.getIfAvailable(() -> UNSHARED));
    }

    private static LaunchContract launch() {
        return LaunchContract.fromEnv(System.getenv());
    }

    /** The contract to take a shared listening socket from, or null when no supervisor offers one. */
    private static LaunchContract sharingContract() {
        LaunchContract launch = launch();
        return launch.listenerSocket() == null ? null : launch;
    }

    /** Spring Boot's embedded Jetty: the shared socket (or SO_REUSEPORT) and the plugin's drain. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JettyServletWebServerFactory.class)
    @ConditionalOnBean(type = "org.springframework.boot.jetty.servlet.JettyServletWebServerFactory")
    static class JettyConfiguration {
        @Bean
        JettyPortSharing relaunchJettySharing(RelaunchSetup setup) {
            return new JettyPortSharing(setup.config().drainTimeoutMs(), launch().inheritedPort(),
                    sharingContract());
        }

        @Bean
        WebServerFactoryCustomizer<JettyServletWebServerFactory> relaunchJettyCustomizer(JettyPortSharing sharing) {
            return factory -> factory.addServerCustomizers(sharing);
        }
    }

    /** Spring Boot's embedded Tomcat: the supervisor's socket as Tomcat's inherited channel, and a drain. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TomcatServletWebServerFactory.class)
    @ConditionalOnBean(type = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory")
    static class TomcatConfiguration {
        @Bean
        TomcatPortSharing relaunchTomcatSharing(RelaunchSetup setup) {
            return new TomcatPortSharing(setup.config().drainTimeoutMs(), launch().inheritedPort(),
                    sharingContract());
        }

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> relaunchTomcatCustomizer(
                TomcatPortSharing sharing) {
            return factory -> {
                factory.addConnectorCustomizers(sharing);
                factory.addContextValves(sharing.closingValve());
            };
        }
    }
}
