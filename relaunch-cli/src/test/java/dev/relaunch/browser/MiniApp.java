package dev.relaunch.browser;

import dev.relaunch.javalin.RelaunchPlugin;
import io.javalin.Javalin;

/**
 * The smallest app with the plugin at a non-default base path, run as its own process by {@link PluginUiIT}: one
 * page of its own that shows {@code GREETING} from its environment. The first argument only marks the process as the
 * test's (its folder), so the test can find every process it caused.
 */
public final class MiniApp {
    private MiniApp() {}

    public static void main(String[] args) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/", ctx -> ctx.result("greeting: " + System.getenv().getOrDefault("GREETING", "none")));
            cfg.registerPlugin(new RelaunchPlugin(c -> c.basePath = "/admin/relaunch"));
        }).start("127.0.0.1", 0);
        System.out.println("MiniApp listening on " + app.port());
    }
}
