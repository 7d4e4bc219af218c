package dev.relaunch.kubernetes;

import dev.relaunch.javalin.RelaunchPlugin;
import io.javalin.Javalin;
import java.nio.file.Path;

/** An app on the plugin with this module on its class path, started and stopped once: for class-loading checks. */
public final class OutsideCluster {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.registerPlugin(new RelaunchPlugin(c -> c.envFile = Path.of(args[0])));
        }).start();
        System.out.println("serving after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        app.stop();
    }
}
