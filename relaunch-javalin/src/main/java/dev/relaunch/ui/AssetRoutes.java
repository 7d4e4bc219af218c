package dev.relaunch.ui;

import dev.relaunch.web.ApiException;
import dev.relaunch.web.Mount;
import dev.relaunch.web.RequestGuard;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the UI from the jar ({@code /web}): the page at {@code {base}/} and at each tab ({@code {base}/settings}, …)
 * and the files under {@code {base}/assets/}. The page uses relative URLs only, so it works under any base path; a
 * page address in another form ({@code {base}}, {@code {base}/settings/}) is redirected to its canonical form, where
 * those relative URLs resolve.
 * Files are read once and kept in memory with an ETag; browsers revalidate ({@code no-cache}), so a restart that
 * ships new assets is seen at the next load while unchanged files cost a 304.
 */
public final class AssetRoutes {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.[a-z0-9]{1,5}");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private record Asset(byte[] bytes, String type, String etag) {}

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** The tabs of the page, each an address of its own. */
    private static final java.util.List<String> TABS = java.util.List.of("settings", "restarts", "logs");

    /**
     * @param trailingSlashesIgnored the app's router treats {@code /a/} as {@code /a} (Javalin's default); otherwise
     *                               both forms of the base address get a route
     */
    public void register(Mount routes, boolean trailingSlashesIgnored) {
        String base = routes.basePath();
        routes.get("/", ctx -> page(ctx, base + "/"));
        if (!base.isEmpty() && !trailingSlashesIgnored) {
            routes.get("", ctx -> page(ctx, base + "/"));
        }
        for (String tab : TABS) {
            routes.get("/" + tab, ctx -> page(ctx, base + "/" + tab));
            if (!trailingSlashesIgnored) {
                routes.get("/" + tab + "/", ctx -> page(ctx, base + "/" + tab));
            }
        }
        routes.get("/assets/<path>", ctx -> {
            String path = ctx.pathParam("path");
            if (!SAFE_PATH.matcher(path).matches()) {
                throw new ApiException(404, "not_found", "no such asset");
            }
            send(ctx, "assets/" + path, false);
        });
    }

    private void page(Context ctx, String canonical) {
        if (!RequestGuard.routePath(ctx).equals(canonical)) {
            String query = ctx.queryString();
            ctx.status(302).header("Location", ctx.req().getContextPath() + canonical
                    + (query == null ? "" : "?" + query));
            return;
        }
        send(ctx, "index.html", true);
    }

    private void send(Context ctx, String path, boolean page) {
        Asset a = cache.computeIfAbsent(path, AssetRoutes::load)
                .orElseThrow(() -> new ApiException(404, "not_found", "no such asset"));
        ctx.header("ETag", a.etag());
        ctx.header("Cache-Control", page ? "no-store" : "no-cache");
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.type()).result(a.bytes());
    }

    private static Optional<Asset> load(String path) {
        try (InputStream in = AssetRoutes.class.getResourceAsStream("/web/" + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = path.substring(path.lastIndexOf('.') + 1);
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8)
                    + "\"";
            return Optional.of(new Asset(bytes, TYPES.getOrDefault(ext, "application/octet-stream"), etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
