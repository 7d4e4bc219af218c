package dev.relaunch.supervisor;

import dev.relaunch.restart.HttpProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an app without the relaunch plugin ready from outside: {@code --ready-url} answering HTTP (any status but 503,
 * which means "still starting"; whether the answer is 2xx is the health check's business), or else the port in
 * {@code PORT} accepting a TCP connection. Polls on its own thread until the child is ready or has exited. An app
 * that reports {@code ready} over the control socket itself wins the race.
 */
final class ReadinessProbe {
    private static final Logger log = LoggerFactory.getLogger(ReadinessProbe.class);
    private static final long POLL_NANOS = 100_000_000L;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private ReadinessProbe() {}

    static void start(ChildProcess c, String readyUrl, String host, Integer port) {
        if (readyUrl == null && port == null) {
            log.warn("relaunch cannot tell when PID {} is ready unless it reports so itself (the relaunch plugin): "
                    + "pass --ready-url URL, or set PORT in .env", c.pid());
            return;
        }
        Thread t = new Thread(() -> poll(c, readyUrl, host, port), "ready-probe-" + c.pid());
        t.setDaemon(true);
        t.start();
    }

    private static void poll(ChildProcess c, String readyUrl, String host, Integer port) {
        URI url = readyUrl == null ? null : URI.create(readyUrl);
        while (!c.ready().isDone() && !c.exit().isDone()) {
            if (url != null ? answersHttp(url) : accepts(host, port)) {
                int p = url == null ? port : (url.getPort() < 0 ? 80 : url.getPort());
                log.info("PID {} is ready: {} answers", c.pid(), url != null ? url : host + ":" + port);
                c.markProbed(p);
                return;
            }
            LockSupport.parkNanos(POLL_NANOS); // polling another process, not synchronisation
        }
    }

    private static boolean answersHttp(URI url) {
        try {
            return HttpProbe.get(url, CONNECT_TIMEOUT).status() != 503;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
