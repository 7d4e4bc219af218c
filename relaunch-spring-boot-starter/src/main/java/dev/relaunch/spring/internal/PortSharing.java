package dev.relaunch.spring.internal;

/**
 * What the app's web server can do in a blue-green handoff: serve the supervisor's shared listening socket (or bind
 * its port beside a successor), and drain. One implementation per server (Jetty, Tomcat), chosen by the
 * auto-configuration from the server the app runs.
 */
public interface PortSharing {
    /**
     * True when a successor can serve this app's port while this process still does: only then may the process
     * report {@code ready}, which makes the supervisor restart it blue-green. Valid once the web server serves.
     */
    boolean sharesPort();

    /**
     * True when a successor started without a supervisor (a standalone restart) can bind this port while this
     * process still listens (SO_REUSEPORT).
     */
    boolean bindsBesideSuccessor();

    /** Why the port cannot be shared (for the log), when {@link #sharesPort()} is false. */
    String whyNot();

    /**
     * Stops taking connections, lets requests in progress finish and ends keep-alive connections between requests,
     * within the drain timeout. Blocks until done; idempotent. Spring's own stop of the web server follows.
     */
    void drain();
}
