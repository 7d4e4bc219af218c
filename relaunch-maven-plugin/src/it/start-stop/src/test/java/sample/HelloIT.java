package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HelloIT {
    @Test
    void appStartedByRelaunchAnswers() throws Exception {
        String port = Files.readAllLines(Path.of(".env")).stream().filter(l -> l.startsWith("PORT="))
                .findFirst().orElseThrow().substring(5);
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("hello", r.body());
    }
}
