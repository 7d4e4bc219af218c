package dev.relaunch.javalin.spi;

import dev.relaunch.web.Mount;

/**
 * Adds behaviour to the plugin from outside the product: implementations are found with {@link java.util.ServiceLoader}
 * on the class path ({@code META-INF/services/dev.relaunch.javalin.spi.RelaunchExtension}) and called only while the
 * plugin's routes exist (development or testing). relaunch's own fault injection for tests lives in such an
 * extension, in a test-only jar, so no production build contains it.
 */
public interface RelaunchExtension {
    /** Before the server binds. May end the process, or never return (to simulate a server that hangs). */
    default void beforeStart(ExtensionContext context) {}

    /** Registers routes under the plugin's base path, behind its security chain. */
    default void routes(Mount routes, ExtensionContext context) {}

    /** Once the server serves. */
    default void serving(ExtensionContext context) {}
}
