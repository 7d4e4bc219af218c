package dev.relaunch.builtin;

import dev.relaunch.role.ProcessRole;
import dev.relaunch.Version;
import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.javalin.RelaunchSetup;
import dev.relaunch.web.ServerInfo;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code serve --cds-training}: a throw-away server on an ephemeral loopback port that answers the requests a user's
 * first page load makes, then exits, so the JVM's class-data archive holds every class a real start needs.
 */
final class CdsTraining {
    private static final List<String> PATHS = List.of("/api/v1/health", "/api/v1/info", "/api/v1/settings/env",
            "/api/v1/settings/env/HOST", "/api/v1/settings/restart/ops", "/api/v1/settings/restart/status/"
                    + "AAAAAAAAAAAAAAAA", "/api/v1/logs?lines=10", "/", "/settings", "/assets/js/main.js",
            "/nope");

    private CdsTraining() {}

    static int run(Path envFile) {
        return warmUp(envFile, () -> false) ? 0 : 2;
    }

    /**
     * Runs the throw-away server and its requests in this JVM, loading (and compiling) what a real start needs.
     * {@code enough} is asked before each request: once it answers true, the rest is skipped (a standby that a
     * restart is waiting for). Returns false when the configuration is invalid (then nothing ran).
     */
    static boolean warmUp(Path envFile, BooleanSupplier enough) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(envFile, System.getenv());
        if (!loaded.ok()) {
            return false;
        }
        Config real = loaded.require();
        Config c = new Config(real.envFile(), real.baseDir(), "127.0.0.1", 0, real.appEnv(), real.logsDir(),
                real.instanceDir(), 1000, real.startupTimeoutMs(), real.restartToken(), real.allowedHosts(),
                real.restartStrategy(), false, real.sensitivity());
        RelaunchSetup setup = RelaunchSetup.forBuiltInServer(c, loaded, ServerInfo.current(Version.current()))
                .withRole(ProcessRole.inert("training", "training run"));
        Javalin web = BuiltInServer.create(c, setup);
        web.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int round = 0; round < 2; round++) {
                for (String p : PATHS) {
                    if (enough.getAsBoolean()) {
                        return true;
                    }
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + p))
                            .timeout(Duration.ofSeconds(5));
                    c.restartToken().ifPresent(t -> b.header("Authorization", "Bearer " + t));
                    client.send(b.build(), HttpResponse.BodyHandlers.discarding());
                }
            }
        } catch (Exception e) {
            // a partial training still yields a useful archive
        } finally {
            web.stop();
        }
        return true;
    }
}
