package dev.relaunch.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.spring.internal.RelaunchRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter exists only where relaunch may: {@code APP_ENV} development or testing (from the environment, else
 * the app's {@code .env}) and {@code relaunch.enabled} not false. Off, every path under the base path is the app's
 * own 404 and not one bean of the starter exists. On, its routes, headers and checks stay under the base path.
 */
class StarterGatingTest {
    private static final List<String> RELAUNCH_HEADERS = List.of("Content-Security-Policy", "X-Frame-Options",
            "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Referrer-Policy");

    /** Spring Security is on the test class path for {@code StarterSecurityTest}; these apps run without it. */
    static final String NO_SECURITY = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration");

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
    void servesTheUiAndApiUnderTheBasePathInDevelopment() throws Exception {
        start("APP_ENV=development");
        HttpResponse<String> health = get("/relaunch/api/v1/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"pid\":" + ProcessHandle.current().pid());
        assertThat(health.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        HttpResponse<String> ui = get("/relaunch/");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("<!doctype html>");
        HttpResponse<String> info = get("/relaunch/api/v1/info");
        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        assertThat(info.body()).contains("\"host\":\"127.0.0.1\"").contains("\"base_path\":\"/relaunch\"");
        HttpResponse<String> env = get("/relaunch/api/v1/settings/env");
        assertThat(env.body()).contains("\"key\":\"API_TOKEN\"").doesNotContain("s3cr3t-value-123456");
    }

    @Test
    void thePluginsEnvEditingWorksThroughTheStarterUnchanged() throws Exception {
        start("APP_ENV=development", "GREETING=before");
        String etag = get("/relaunch/api/v1/settings/env").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> edited = put("/relaunch/api/v1/settings/env/GREETING", etag, "{\"value\":\"after\"}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve(".env"))).contains("GREETING=after").doesNotContain("before");
        HttpResponse<String> stale = put("/relaunch/api/v1/settings/env/GREETING", etag, "{\"value\":\"again\"}");
        assertThat(stale.statusCode()).as("an edit based on an old version").isEqualTo(409);
    }

    @Test
    void everyRouteIsAbsentInProduction() throws Exception {
        start("APP_ENV=production");
        assertAbsent();
    }

    @Test
    void everyRouteIsAbsentWithoutAppEnv() throws Exception {
        start("GREETING=hi");
        assertAbsent();
    }

    @Test
    void enabledFalseTurnsItOffInDevelopment() throws Exception {
        start("APP_ENV=development", "relaunch.enabled=false");
        assertAbsent();
    }

    @Test
    void theAppsOwnRoutesAndErrorsCarryNothingOfRelaunch() throws Exception {
        start("APP_ENV=testing");
        for (String path : List.of("/hello", "/no-such-page", "/relaunchx", "/relaunch-other/api/v1/health")) {
            HttpResponse<String> res = get(path);
            for (String h : RELAUNCH_HEADERS) {
                assertThat(res.headers().firstValue(h)).as("%s on the app's %s", h, path).isEmpty();
            }
            assertThat(res.body()).as(path).doesNotContain("\"error\":{\"code\"");
        }
        assertThat(get("/hello").statusCode()).isEqualTo(200);
        assertThat(get("/relaunch-other/api/v1/health").statusCode()).isEqualTo(404);
        assertThat(app.getBeansOfType(FilterRegistrationBean.class).keySet())
                .as("filters registered by the starter").noneMatch(n -> n.toLowerCase().contains("relaunch"));
    }

    @Test
    void aBasePathThatIsNotPlainFailsTheStartWithWhatToUse() throws Exception {
        try {
            start("APP_ENV=development", "relaunch.base-path=/");
            throw new AssertionError("started with relaunch.base-path=/");
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root).hasMessageContaining("relaunch.base-path '/'").hasMessageContaining("/admin/relaunch");
        }
    }

    private void assertAbsent() throws Exception {
        for (String path : List.of("/relaunch/", "/relaunch/api/v1/health", "/relaunch/api/v1/settings/env")) {
            HttpResponse<String> res = get(path);
            assertThat(res.statusCode()).as(path).isEqualTo(404);
            assertThat(res.headers().firstValue("Content-Security-Policy")).as(path).isEmpty();
        }
        assertThat(app.getBeansOfType(RelaunchRuntime.class)).isEmpty();
        assertThat(app.getBeanNamesForType(RelaunchAutoConfiguration.class)).isEmpty();
        assertThat(get("/hello").statusCode()).isEqualTo(200);
    }

    /** Starts the sample app with a {@code .env} of these lines; {@code relaunch.*} lines are Spring properties. */
    private void start(String... lines) throws IOException {
        List<String> envLines = new ArrayList<>(List.of("API_TOKEN=s3cr3t-value-123456"));
        List<String> props = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "spring.main.banner-mode=off", "relaunch.env-file=" + dir.resolve(".env"),
                "spring.autoconfigure.exclude=" + NO_SECURITY));
        for (String l : lines) {
            (l.startsWith("relaunch.") ? props : envLines).add(l);
        }
        Files.writeString(dir.resolve(".env"), String.join("\n", envLines) + "\n");
        app = new SpringApplicationBuilder(SampleApp.class).properties(props.toArray(String[]::new)).run();
    }

    private HttpResponse<String> put(String path, String ifMatch, String json)
            throws IOException, InterruptedException {
        URI uri = uri(path);
        return http.send(HttpRequest.newBuilder(uri).header("If-Match", ifMatch)
                .header("Origin", "http://" + uri.getAuthority()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
