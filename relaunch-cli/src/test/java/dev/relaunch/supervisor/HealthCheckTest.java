package dev.relaunch.supervisor;

import dev.relaunch.restart.Health;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    HttpServer server;

    /** Answers each request with the next (status, pid) pair, the last one repeating. */
    private URI serve(int[][] answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger n = new AtomicInteger();
        server.createContext("/health", ex -> {
            int[] a = answers[Math.min(n.getAndIncrement(), answers.length - 1)];
            byte[] body = (a[1] < 0 ? "oops" : "{\"status\":\"ok\",\"pid\":" + a[1] + "}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a[0], body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theNewPidAnswering200IsHealthy() throws IOException {
        URI url = serve(new int[][] {{200, 42}});
        assertThat(HealthCheck.check(url, null, pid -> pid == 42, true, 5_000)).isEqualTo(Health.HEALTHY);
    }

    @Test
    void theHostHeaderCanNameAnAllowedHost() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> {
            boolean allowed = ex.getRequestHeaders().getFirst("Host").startsWith("app.local:");
            byte[] body = "{\"pid\":42}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(allowed ? 200 : 403, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        assertThat(HealthCheck.check(url, "app.local", pid -> pid == 42, true, 5_000).healthy()).isTrue();
        assertThat(HealthCheck.check(url, null, pid -> pid == 42, true, 5_000).healthy()).isFalse();
    }

    @Test
    void answersFromTheOldProcessAreSkippedUntilTheNewOneAnswers() throws IOException {
        URI url = serve(new int[][] {{200, 1}, {200, 1}, {200, 1}, {200, 42}});
        assertThat(HealthCheck.check(url, null, pid -> pid == 42, true, 5_000).healthy()).isTrue();
    }

    @Test
    void theNewPidAnswering500IsUnhealthyAtOnce() throws IOException {
        URI url = serve(new int[][] {{200, 1}, {500, 42}, {200, 42}});
        Health h = HealthCheck.check(url, null, pid -> pid == 42, true, 5_000);
        assertThat(h.healthy()).isFalse();
        assertThat(h.problem()).contains("answered HTTP 500", "\"pid\":42");
    }

    @Test
    void a500WithoutPidIsUnhealthyWhenNothingElseServes() throws IOException {
        URI url = serve(new int[][] {{500, -1}});
        Health h = HealthCheck.check(url, null, pid -> pid == 42, false, 5_000);
        assertThat(h.healthy()).isFalse();
        assertThat(h.problem()).contains("answered HTTP 500: oops");
    }

    @Test
    void onlyTheOldProcessAnsweringIsUnhealthyAfterTheAttempts() throws IOException {
        URI url = serve(new int[][] {{200, 1}});
        Health h = HealthCheck.check(url, null, pid -> pid == 42, true, 5_000);
        assertThat(h.healthy()).isFalse();
        assertThat(h.problem()).contains("from the new process");
    }

    @Test
    void nothingListeningIsUnhealthy() throws IOException {
        URI url = serve(new int[][] {{200, 42}});
        server.stop(0);
        server = null;
        Health h = HealthCheck.check(url, null, pid -> pid == 42, false, 3_000);
        assertThat(h.healthy()).isFalse();
        assertThat(h.problem()).contains("did not answer");
    }
}
