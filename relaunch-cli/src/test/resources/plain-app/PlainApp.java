import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A plain app without relaunch: a JDK HTTP server on PORT that answers {"pid":..,"greeting":..} with GREETING from
 * its environment. For tests: CRASH=1 fails at start-up, HEALTH_STATUS=500 answers every request with that status,
 * REPORT_READY=1 reports ready over the supervisor's control socket as the relaunch plugin does (health at /).
 * Run with the source launcher: java PlainApp.java. Compiled beside a class {@code Greeting} (restart-on-change
 * tests), it also answers {"code": Greeting.text()}; a Greeting that throws at start-up makes it fail to start.
 */
public class PlainApp {
    public static void main(String[] args) throws Exception {
        String port = System.getenv().getOrDefault("PORT", "8080");
        String greeting = System.getenv().getOrDefault("GREETING", "hello");
        int status = Integer.parseInt(System.getenv().getOrDefault("HEALTH_STATUS", "200"));
        long pid = ProcessHandle.current().pid();
        String code = code();
        if ("1".equals(System.getenv("CRASH"))) {
            System.err.println("error: CRASH=1 is set, PlainApp refuses to start");
            System.exit(1);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(port)), 50);
        server.createContext("/", ex -> {
            byte[] body = ("{\"pid\":" + pid + ",\"greeting\":\"" + greeting + "\",\"code\":\"" + code + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
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
        int bound = server.getAddress().getPort();
        System.out.println("PlainApp " + pid + " serving on port " + bound + " (greeting " + greeting + ")");
        String socket = System.getenv("RELAUNCH_CONTROL_SOCKET");
        if ("1".equals(System.getenv("REPORT_READY")) && socket != null) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                String ready = "{\"cmd\":\"ready\",\"nonce\":\"" + System.getenv("RELAUNCH_CHILD_NONCE")
                        + "\",\"pid\":" + pid + ",\"port\":" + bound + ",\"health_path\":\"/\"}\n";
                ch.write(ByteBuffer.wrap(ready.getBytes(StandardCharsets.UTF_8)));
                ByteBuffer answer = ByteBuffer.allocate(4096);
                ch.read(answer);
                System.out.println("reported ready: " + new String(answer.array(), 0, answer.position(),
                        StandardCharsets.UTF_8).trim());
            }
        }
    }

    /** Greeting.text() when a class Greeting is on the class path; its failure at start-up is not caught. */
    private static String code() throws ReflectiveOperationException {
        Class<?> greeting;
        try {
            greeting = Class.forName("Greeting");
        } catch (ClassNotFoundException e) {
            return "none";
        }
        return (String) greeting.getMethod("text").invoke(null);
    }
}
