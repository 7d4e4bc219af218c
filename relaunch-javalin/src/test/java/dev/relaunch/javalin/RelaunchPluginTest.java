package dev.relaunch.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin inside a small app, in this JVM: what it serves under its base path, and what it leaves alone. */
class RelaunchPluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Javalin> apps = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        apps.forEach(Javalin::stop);
    }

    private int start(String envText, String basePath) throws IOException {
        return start(envText, basePath, "/");
    }

    private int start(String envText, String basePath, String contextPath) throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, envText);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.router.contextPath = contextPath;
            cfg.jetty.host = "127.0.0.1";
            cfg.routes.get("/hello", ctx -> ctx.json(Map.of("hello", "world")));
            cfg.registerPlugin(new RelaunchPlugin(c -> {
                c.basePath = basePath;
                c.envFile = env;
            }));
        });
        apps.add(app);
        return app.start(0).port();
    }

    private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesItsApiAndPageUnderTheBasePathAndListsOnlyTheAppsKeys() throws Exception {
        int port = start("APP_ENV=development\nGREETING=hello from .env\nDB_PASSWORD=hunter2hunter2\n",
                "/admin/relaunch/");
        JsonNode health = JSON.readTree(get(port, "/admin/relaunch/api/v1/health").body());
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());

        JsonNode env = JSON.readTree(get(port, "/admin/relaunch/api/v1/settings/env").body()).path("data");
        List<String> keys = new ArrayList<>();
        env.path("entries").forEach(e -> keys.add(e.path("key").asText()));
        assertThat(keys).containsExactly("APP_ENV", "GREETING", "DB_PASSWORD");
        assertThat(env.path("entries").get(2).path("value").asText()).doesNotContain("hunter2");

        JsonNode info = JSON.readTree(get(port, "/admin/relaunch/api/v1/info").body()).path("data");
        assertThat(info.path("base_path").asText()).isEqualTo("/admin/relaunch");
        assertThat(info.path("mode").asText()).isEqualTo("standalone");
        assertThat(info.path("startup_timeout_ms").asLong()).isPositive();
        assertThat(info.path("restart_unavailable").isNull()).as("present, null: a restart may be asked").isTrue();

        HttpResponse<String> page = get(port, "/admin/relaunch/settings");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("src=\"assets/js/main.js\"").doesNotContain("\"/assets/");
        assertThat(get(port, "/admin/relaunch").headers().firstValue("Location")).hasValue("/admin/relaunch/");
        assertThat(get(port, "/admin/relaunch/assets/js/main.js").statusCode()).isEqualTo(200);
    }

    @Test
    void leavesTheHostAppAlone() throws Exception {
        int port = start("APP_ENV=development\n", "/relaunch");
        HttpResponse<String> own = get(port, "/hello", "Host", "anything.example");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(own.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(get(port, "/missing").body()).doesNotContain("\"error\"");

        HttpResponse<String> foreign = get(port, "/relaunch/api/v1/info", "Host", "attacker.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("host_not_allowed");
        assertThat(foreign.headers().firstValue("Content-Security-Policy")).isPresent();
        HttpResponse<String> unmatched = get(port, "/relaunch/nothing-here", "Host", "attacker.example");
        assertThat(unmatched.statusCode()).isEqualTo(403);
    }

    @Test
    void worksUnderTheAppsContextPathWithTheTokenStillRequired() throws Exception {
        int port = start("APP_ENV=development\nRESTART_TOKEN=0123456789abcdef0123\n", "/relaunch", "/app");
        assertThat(get(port, "/app/relaunch/api/v1/health").statusCode()).isEqualTo(200);
        assertThat(get(port, "/app/relaunch/api/v1/info").statusCode()).isEqualTo(401);
        assertThat(get(port, "/app/relaunch/api/v1/info", "Authorization", "Bearer 0123456789abcdef0123")
                .statusCode()).isEqualTo(200);
        assertThat(get(port, "/app/relaunch").headers().firstValue("Location")).hasValue("/app/relaunch/");
        assertThat(get(port, "/app/relaunch/").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesACrossSiteRestart() throws Exception {
        int port = start("APP_ENV=development\n", "/relaunch");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/relaunch/api/v1/settings/restart")).header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("cross_site_request");
    }

    @Test
    void editsTheAppsEnvUnderItsBasePathOnly() throws Exception {
        int port = start("APP_ENV=development\n# greeting\nGREETING=hello\n", "/admin/relaunch");
        HttpResponse<String> list = get(port, "/admin/relaunch/api/v1/settings/env");
        String etag = list.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> put = send(port, "PUT", "/admin/relaunch/api/v1/settings/env/GREETING",
                "{\"value\":\"hi there\"}", "If-Match", etag);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve(".env"))).isEqualTo("APP_ENV=development\n# greeting\nGREETING='hi there'\n");
        assertThat(Files.readString(dir.resolve(".env.bak"))).isEqualTo("APP_ENV=development\n# greeting\nGREETING=hello\n");
        JsonNode entry = JSON.readTree(put.body()).path("data").path("entry");
        assertThat(entry.path("pending").asBoolean()).isTrue();
        assertThat(send(port, "PUT", "/api/v1/settings/env/GREETING", "{\"value\":\"x\"}", "If-Match", "*")
                .statusCode()).as("nothing outside the base path").isEqualTo(404);
        assertThat(send(port, "PUT", "/admin/relaunch/api/v1/settings/env/GREETING", "{\"value\":\"x\"}",
                "If-Match", etag).statusCode()).as("the version changed").isEqualTo(409);
    }

    @Test
    void aValueARestartWouldRefuseIsRefusedWithItsKeyAndProblemApartFromTheMessage() throws Exception {
        int port = start("APP_ENV=development\nPORT=7070\n", "/relaunch");

        HttpResponse<String> put = send(port, "PUT", "/relaunch/api/v1/settings/env/PORT", "{\"value\":\"abc\"}",
                "If-Match", "*");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(put.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_setting");
        assertThat(error.path("field").asText()).isEqualTo("PORT");
        assertThat(error.path("problem").asText()).startsWith("PORT=abc is not a number")
                .doesNotContain("A restart would refuse it");
        assertThat(error.path("message").asText()).isEqualTo(error.path("problem").asText()
                + ". A restart would refuse it; send \"force\": true to save it anyway");
        assertThat(Files.readString(dir.resolve(".env"))).isEqualTo("APP_ENV=development\nPORT=7070\n");
        assertThat(JSON.readTree(send(port, "PUT", "/relaunch/api/v1/settings/env/GREETING", "{\"value\":1}",
                "If-Match", "*").body()).path("error").has("field")).as("other errors: code and message only").isFalse();
    }

    @Test
    void hasNoEditRoutesInProduction() throws Exception {
        int port = start("APP_ENV=production\nGREETING=hello\n", "/relaunch");
        assertThat(send(port, "PUT", "/relaunch/api/v1/settings/env/GREETING", "{\"value\":\"x\"}", "If-Match",
                "*").statusCode()).isEqualTo(404);
        assertThat(send(port, "DELETE", "/relaunch/api/v1/settings/env/GREETING", null, "If-Match", "*")
                .statusCode()).isEqualTo(404);
        assertThat(Files.readString(dir.resolve(".env"))).isEqualTo("APP_ENV=production\nGREETING=hello\n");
    }

    private HttpResponse<String> send(int port, String method, String path, String json, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void isAbsentUnlessAppEnvSaysDevelopmentOrTesting() throws Exception {
        int port = start("GREETING=hi\n", "/relaunch");
        assertThat(get(port, "/relaunch/api/v1/health").statusCode()).isEqualTo(404);
        assertThat(get(port, "/relaunch/").statusCode()).isEqualTo(404);
        assertThat(get(port, "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void isAbsentInProduction() throws Exception {
        int port = start("APP_ENV=production\n", "/relaunch");
        assertThat(get(port, "/relaunch/api/v1/settings/env").statusCode()).isEqualTo(404);
        assertThat(get(port, "/relaunch/api/v1/health").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesABasePathThatIsNotAPlainPath() {
        assertThatThrownBy(() -> RelaunchPlugin.basePath("/a b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/admin/relaunch");
        assertThat(RelaunchPlugin.basePath("admin/")).isEqualTo("/admin");
        assertThat(RelaunchPlugin.basePath("")).isEmpty();
    }
}
