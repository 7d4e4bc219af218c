package dev.relaunch.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * Where a relaunch feature registers its routes: paths are relative to the base path, and every handler is wrapped
 * by the {@link RequestGuard}. Features see only this, so none can add a route outside the base path or without the
 * security chain.
 */
public final class Mount {
    private final RoutesConfig routes;
    private final String basePath;
    private final RequestGuard guard;

    /** @param basePath {@code ""} or a path such as {@code /relaunch} (leading slash, no trailing slash) */
    public Mount(RoutesConfig routes, String basePath, RequestGuard guard) {
        this.routes = routes;
        this.basePath = basePath;
        this.guard = guard;
    }

    /** The full path of a route given relative to the base path ({@code /api/v1/health}). */
    public String path(String relative) {
        return basePath + relative;
    }

    public String basePath() {
        return basePath;
    }

    public void get(String relative, Handler handler) {
        routes.get(path(relative), guard.wrap(handler));
    }

    public void post(String relative, Handler handler) {
        routes.post(path(relative), guard.wrap(handler));
    }

    public void put(String relative, Handler handler) {
        routes.put(path(relative), guard.wrap(handler));
    }

    public void delete(String relative, Handler handler) {
        routes.delete(path(relative), guard.wrap(handler));
    }
}
