package fastapp;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

/**
 * A plain app run from a class folder and a jar, for FastStartIT: on PORT it answers, one "key=value" a line, what
 * it sees of its start: arguments, environment, class path, working folder, resources, its version and loader.
 */
public class FastApp {
    public static void main(String[] args) throws Exception {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        String body = String.join("\n", List.of(
                "pid=" + ProcessHandle.current().pid(),
                "version=" + Version.VALUE,
                "args=" + String.join("|", args),
                "greeting=" + System.getenv("GREETING"),
                "env_keys=" + new TreeSet<>(System.getenv().keySet()).stream()
                        .filter(k -> !k.equals("RELAUNCH_CHILD_NONCE") && !k.equals("RELAUNCH_OP_ID"))
                        .reduce((a, b) -> a + "," + b).orElse(""),
                "class_path=" + System.getProperty("java.class.path"),
                "cwd=" + System.getProperty("user.dir"),
                "shared=" + read(context, "shared.txt"),
                "from_jar=" + read(context, "message.txt"),
                "own_resource=" + read(FastApp.class.getClassLoader(), "shared.txt"),
                "loader=" + FastApp.class.getClassLoader().getClass().getName(),
                "context_is_own_loader=" + (context == FastApp.class.getClassLoader()))) + "\n";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(System.getenv("PORT"))), 50);
        server.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
    }

    private static String read(ClassLoader loader, String name) throws java.io.IOException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
