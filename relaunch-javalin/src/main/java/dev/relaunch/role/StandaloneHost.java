package dev.relaunch.role;

import dev.relaunch.files.AtomicFiles;
import dev.relaunch.launch.LaunchContract;
import dev.relaunch.restart.Candidate;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.process.ChildProcesses;
import dev.relaunch.restart.ReusePortHint;
import dev.relaunch.restart.ServerHost;
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
 * A server without a supervisor restarts itself: it spawns a detached successor with its own command line
 * ({@link SelfCommand}), waits for its {@code ready} on this process's control socket, drains, records the outcome
 * and exits. The successor takes over the socket.
 */
final class StandaloneHost implements ServerHost {
    private static final Logger log = LoggerFactory.getLogger(StandaloneHost.class);

    private final StandaloneContext context;
    private final Path socket;
    private final ProcessExit exit;
    private final String ownOpId;
    private final Map<String, DetachedChild> pending = new ConcurrentHashMap<>();
    private volatile int port;
    private volatile Runnable drain = () -> {};
    private volatile Runnable beforeExit = () -> {};
    private volatile boolean handedOff;

    /** @param ownOpId the operation that started this process (a successor), or null */
    StandaloneHost(StandaloneContext context, Path socket, ProcessExit exit, String ownOpId) {
        this.ownOpId = ownOpId;
        this.context = context;
        this.socket = socket;
        this.exit = exit;
    }

    void attach(int port, Runnable drain, Runnable beforeExit) {
        this.port = port;
        this.drain = drain;
        this.beforeExit = beforeExit;
    }

    boolean markReady(String nonce, int readyPort) {
        DetachedChild c = pending.get(nonce);
        if (c == null) {
            return false;
        }
        c.markReady(readyPort);
        return true;
    }

    @Override
    public OptionalLong servingPid() {
        return handedOff ? OptionalLong.empty() : OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public List<String> checkConfiguration() {
        return context.configProblems().get();
    }

    @Override
    public Candidate spawn(String opId) throws IOException {
        List<String> command = SelfCommand.current(); // says why when this JVM's command line cannot be repeated
        ReusePortHint.beforeReusePortHandover(); // the successor binds beside this server
        String nonce = HexFormat.of().formatHex(randomBytes());
        Files.createDirectories(context.logsDir());
        Path out = context.logsDir().resolve(SuccessorOutputs.fileName(opId));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.directory(new File(System.getProperty("user.dir")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(SelfCommand.nullDevice()));
        Map<String, String> env = pb.environment();
        ChildProcesses.prepareEnvironment(env);
        LaunchContract.successor(socket, nonce, opId, ProcessHandle.current().pid(), port).writeTo(env);
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
            drain.run();
        });
    }

    @Override
    public void afterHandoff(OpRecord op) {
        if (op.status() != OpStatus.RESTARTED && !handedOff) {
            SuccessorOutputs.prune(context.logsDir(), context.store(), ownOpId);
            return; // the successor failed: keep serving
        }
        try {
            // until the successor owns the control socket, `relaunch stop` finds it by this file
            AtomicFiles.write(context.instanceDir().resolve("server.pid"), op.pidAfter() + "\n");
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot record the successor's PID in server.pid: {}", e.getMessage());
        }
        beforeExit.run();
        exit.exit(0, "handed off to PID " + op.pidAfter());
    }
}
