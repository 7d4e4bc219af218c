package dev.relaunch.javalin;

import io.javalin.Javalin;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A plain app with the plugin at its default base path, run as a process by {@link SupervisedAppTest}. */
public final class SampleApp {
    private SampleApp() {}

    public static void main(String[] args) {
        Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/slow", ctx -> {
                System.out.println("slow request started");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500));
                ctx.result("slow ok");
            });
            cfg.registerPlugin(new RelaunchPlugin());
        }).start("127.0.0.1", 0);
    }
}
