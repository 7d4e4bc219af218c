package dev.relaunch.server;

import dev.relaunch.config.Config;
import dev.relaunch.config.ConfigLoader;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.restart.Candidate;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.ServerCommand;
import dev.relaunch.restart.ServerHost;
import dev.relaunch.web.WebServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server without a supervisor restarts itself: it spawns a detached successor, waits for its {@code ready} on
 * this process's control socket, drains, records the outcome and exits. The successor takes over the socket.
 */
final class StandaloneHost implements ServerHost {
    private static final Logger log = LoggerFactory.getLogger(StandaloneHost.class);

    private final Config config;
    private final Path socket;
    private final Map<String, DetachedChild> pending = new ConcurrentHashMap<>();
    private volatile WebServer web;
    private volatile Runnable onExit = () -> {};
    private volatile boolean handedOff;

    StandaloneHost(Config config, Path socket) {
        this.config = config;
        this.socket = socket;
    }

    void attach(WebServer web, Runnable beforeExit) {
        this.web = web;
        this.onExit = beforeExit;
    }

    boolean markReady(String nonce, int port) {
        DetachedChild c = pending.get(nonce);
        if (c == null) {
            return false;
        }
        c.markReady(port);
        return true;
    }

    @Override
    public OptionalLong servingPid() {
        return handedOff ? OptionalLong.empty() : OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public List<String> checkConfiguration() {
        return ConfigLoader.load(config.envFile(), System.getenv()).problems();
    }

    @Override
    public Candidate spawn(String opId) throws IOException {
        String nonce = HexFormat.of().formatHex(randomBytes());
        Files.createDirectories(config.logsDir());
        Path out = config.logsDir().resolve("successor-" + opId + ".out");
        ProcessBuilder pb = new ProcessBuilder(ServerCommand.command(config.envFile(), true,
                new dev.relaunch.restart.CdsArchive(config.instanceDir()).childOptions()));
        pb.directory(config.baseDir().toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        ServerCommand.prepareEnvironment(env);
        LaunchContract.successor(socket, nonce, opId, ProcessHandle.current().pid(), web.port()).writeTo(env);
        DetachedChild c = new DetachedChild(pb.start(), out);
        pending.put(nonce, c);
        c.exit().whenComplete((code, e) -> pending.remove(nonce));
        log.info("Started successor PID {} for restart {} (output: {})", c.pid(), opId, out);
        return c;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public void promote(Candidate candidate) {
        handedOff = true;
    }

    @Override
    public CompletableFuture<Void> retire(long drainTimeoutMs) {
        return CompletableFuture.runAsync(() -> {
            log.info("Draining: this server (PID {}) stops accepting and finishes its requests",
                    ProcessHandle.current().pid());
            web.stop();
        });
    }

    @Override
    public void afterHandoff(OpRecord op) {
        if (op.status() != OpStatus.RESTARTED && !handedOff) {
            return; // the successor failed: keep serving
        }
        try {
            // until the successor owns the control socket, `relaunch stop` finds it by this file
            dev.relaunch.config.EnvFile.writeAtomically(config.instanceDir().resolve("server.pid"),
                    op.pidAfter() + "\n");
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot record the successor's PID in server.pid: {}", e.getMessage());
        }
        Thread t = new Thread(() -> {
            onExit.run();
            log.info("Handed off to PID {}; exiting", op.pidAfter());
            System.exit(0);
        }, "standalone-exit");
        t.start();
    }
}
