package dev.relaunch.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relaunch.javalin.RelaunchPlugin;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Javalin app with the relaunch plugin, run in this JVM as if it were pod {@code pod} of the mock cluster:
 * {@code RELAUNCH_KUBERNETES=on} and the pod's downward-API variables in its {@code .env}, the client pointed at the
 * mock API server through fabric8's system properties. Its HTTP answers are read with the JDK client.
 */
final class AppInPod implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CLIENT_PROPERTIES = {"kubernetes.master", "kubernetes.namespace",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount", "kubernetes.trust.certificates"};

    record Answer(int status, JsonNode body, String etag) {
        JsonNode data() {
            return body.get("data");
        }
    }

    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    AppInPod(String apiServer, String pod, Path dir, Map<String, String> moreSettings) {
        System.setProperty("kubernetes.master", apiServer);
        System.setProperty("kubernetes.namespace", Cluster.NS);
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.trust.certificates", "true");
        // DRAIN_TIMEOUT_MS: the JDK client keeps its connection open, and a graceful stop would wait for it
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("APP_ENV", "testing",
                "DRAIN_TIMEOUT_MS", "200", "RELAUNCH_KUBERNETES", "on", "POD_NAME", pod, "POD_NAMESPACE", Cluster.NS));
        settings.putAll(moreSettings);
        StringBuilder env = new StringBuilder();
        settings.forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(dir.resolve(".env"), env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.registerPlugin(new RelaunchPlugin(c -> c.envFile = dir.resolve(".env")));
        }).start();
        base = "http://localhost:" + app.port();
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A state-changing request as relaunch's own page sends it (same origin), unless {@code headers} say else. */
    Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        Map<String, String> all = new java.util.LinkedHashMap<>(Map.of("Origin", base, "Sec-Fetch-Site", "same-origin",
                "X-Relaunch-Client", "ui"));
        all.putAll(headers);
        all.forEach(b::setHeader);
        return send(b);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return new Answer(r.statusCode(), json ? JSON.readTree(r.body()) : null,
                    r.headers().firstValue("ETag").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
        for (String p : CLIENT_PROPERTIES) {
            System.clearProperty(p);
        }
    }
}
