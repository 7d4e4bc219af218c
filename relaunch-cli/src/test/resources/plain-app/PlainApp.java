import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A plain app without relaunch: a JDK HTTP server on PORT that answers {"pid":..,"greeting":..} with GREETING from
 * its environment. For tests: CRASH=1 fails at start-up, HEALTH_STATUS=500 answers every request with that status.
 * Run with the source launcher: java PlainApp.java
 */
public class PlainApp {
    public static void main(String[] args) throws Exception {
        String port = System.getenv().getOrDefault("PORT", "8080");
        String greeting = System.getenv().getOrDefault("GREETING", "hello");
        int status = Integer.parseInt(System.getenv().getOrDefault("HEALTH_STATUS", "200"));
        long pid = ProcessHandle.current().pid();
        if ("1".equals(System.getenv("CRASH"))) {
            System.err.println("error: CRASH=1 is set, PlainApp refuses to start");
            System.exit(1);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(port)), 50);
        server.createContext("/", ex -> {
            byte[] body = ("{\"pid\":" + pid + ",\"greeting\":\"" + greeting + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("PlainApp " + pid + " stopping");
            server.stop(1);
        }));
        server.start();
        System.out.println("PlainApp " + pid + " serving on port " + port + " (greeting " + greeting + ")");
    }
}
