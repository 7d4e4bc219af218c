package dev.relaunch.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.securedapp.SecuredApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Security stays in charge: the starter's servlet sits behind the app's filter chain, so the app's rules
 * decide who reaches it, and the starter turns nothing of it off.
 */
class StarterSecurityTest {
    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void withSecurityDefaultsTheStartersRoutesNeedALoginLikeTheAppsOwn() throws Exception {
        start(SampleApp.class);
        assertThat(get("/relaunch/api/v1/health").statusCode()).isEqualTo(401);
        assertThat(get("/relaunch/").statusCode()).isEqualTo(401);
        assertThat(get("/hello").statusCode()).isEqualTo(401);
    }

    @Test
    void theAppsRulesDecideWhoReachesTheStarterAndTheyStillApplyElsewhere() throws Exception {
        start(SecuredApp.class);
        HttpResponse<String> health = get("/relaunch/api/v1/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"pid\"");
        assertThat(get("/hello").statusCode()).as("the app's own route stays protected").isEqualTo(401);
        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri("/relaunch/api/v1/settings/restart"))
                .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(crossSite.statusCode()).as("relaunch's own same-origin check, behind Spring Security")
                .isEqualTo(403);
        assertThat(crossSite.body()).contains("\"error\"");
    }

    private void start(Class<?> source) throws IOException {
        Files.writeString(dir.resolve(".env"), "APP_ENV=development\n");
        app = new SpringApplicationBuilder(source).properties("server.port=0", "server.address=127.0.0.1",
                "spring.main.banner-mode=off", "relaunch.env-file=" + dir.resolve(".env")).run();
    }

    private URI uri(String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
