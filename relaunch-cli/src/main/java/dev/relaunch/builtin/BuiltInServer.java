package dev.relaunch.builtin;

import dev.relaunch.config.Config;
import dev.relaunch.javalin.RelaunchPlugin;
import dev.relaunch.javalin.RelaunchSetup;
import dev.relaunch.json.Json;
import dev.relaunch.web.ErrorMapping;
import dev.relaunch.web.JettyErrorPage;
import dev.relaunch.web.RequestGuard;
import dev.relaunch.web.SecurityPolicy;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * relaunch's built-in server: a Javalin app that is nothing but the plugin, at the root. As the owner of the whole
 * app (unlike the plugin inside someone else's), it also installs what is app-wide: the HTTP limits, the security
 * screening and JSON errors for every path, and Jetty's own error page.
 */
final class BuiltInServer {
    private static final Logger log = LoggerFactory.getLogger(BuiltInServer.class);

    private BuiltInServer() {}

    /** The app, not started. It binds {@code HOST:PORT} from the configuration when started. */
    static Javalin create(Config config, RelaunchSetup setup) {
        String failureHint = config.serverLog().toString();
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = RequestGuard.MAX_BODY_BYTES;
            cfg.http.prefer405over404 = true;
            cfg.http.generateEtags = false;
            cfg.jsonMapper(new JavalinJackson(Json.newMapper(), false));
            cfg.jetty.host = config.host().startsWith("[")
                    ? config.host().substring(1, config.host().length() - 1) : config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setRequestHeaderSize(16 * 1024);
            });
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrorPage());
                server.setStopAtShutdown(false); // the plugin's shutdown hook drains
            });
            cfg.requestLogger.http((ctx, ms) -> {
                if (log.isDebugEnabled()) {
                    log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.status().getCode(),
                            String.format("%.1f", ms));
                }
            });
            RequestGuard everything = new RequestGuard(new SecurityPolicy(config.allowedHosts(),
                    config.restartToken()), "", failureHint);
            cfg.routes.before(everything.screening());
            ErrorMapping.installEverywhere(cfg.routes, failureHint);
            cfg.registerPlugin(new RelaunchPlugin(c -> c.basePath = "", setup));
        });
    }
}
