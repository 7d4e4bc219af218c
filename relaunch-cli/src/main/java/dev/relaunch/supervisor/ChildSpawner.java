package dev.relaunch.supervisor;

import dev.relaunch.launch.LaunchContract;
import dev.relaunch.process.ChildProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts server children: the command of a {@link ChildLaunch} in the instance's folder, with the launch contract
 * (who to report {@code ready} to) in its environment and its output copied to the terminal and the log. Knows every
 * live child by its nonce. Thread-safe.
 */
final class ChildSpawner {
    private static final Logger log = LoggerFactory.getLogger(ChildSpawner.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path workDir;
    private final Path socket;
    private final String logFile;
    private final List<OutputStream> sinks;
    private final BiConsumer<ChildProcess, Integer> onExit;
    private final Map<String, ChildProcess> children = new ConcurrentHashMap<>();
    private volatile Integer boundPort;
    private volatile Path listenerSocket;

    /** {@code onExit} runs (on another thread) once a child has exited and its output is drained. */
    ChildSpawner(Path workDir, Path socket, String logFile, List<OutputStream> sinks,
                 BiConsumer<ChildProcess, Integer> onExit) {
        this.workDir = workDir;
        this.socket = socket;
        this.logFile = logFile;
        this.sinks = List.copyOf(sinks);
        this.onExit = onExit;
    }

    /** Whether children are offered this supervisor's shared listening socket (so it holds the app's port). */
    boolean sharesListener() {
        return listenerSocket != null;
    }

    ChildProcess spawn(ChildLaunch launch, String opId, boolean asStandby) throws IOException {
        String nonce = nonce();
        ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        ChildProcesses.prepareEnvironment(env);
        env.putAll(launch.environment());
        LaunchContract contract = LaunchContract.supervised(socket, nonce, opId, ProcessHandle.current().pid(),
                boundPort, asStandby);
        if (launch.envFile() != null) {
            contract = contract.withDotenv(launch.envFile(), launch.environment().keySet());
        }
        if (listenerSocket != null) {
            contract = contract.withListenerSocket(listenerSocket);
        }
        contract.writeTo(env);
        ChildProcess c = new ChildProcess(ChildProcesses.start(pb), launch, nonce, logFile, new ArrayList<>(sinks));
        children.put(nonce, c);
        c.exit().whenComplete((code, e) -> {
            children.remove(nonce);
            onExit.accept(c, code);
        });
        log.info("Started {} PID {}{}", asStandby ? "standby server" : "server process", c.pid(),
                opId == null ? "" : " for restart " + opId);
        return c;
    }

    /** Where children ask for the shared listening socket ({@link ListenerService}); null: they bind themselves. */
    void offerListener(Path socket) {
        listenerSocket = socket;
    }

    /** The first port a child reported: with {@code PORT=0} every later child binds the same one. */
    void portReported(int port) {
        if (boundPort == null) {
            boundPort = port;
        }
    }

    ChildProcess byNonce(String nonce) {
        return children.get(nonce);
    }

    Collection<ChildProcess> all() {
        return List.copyOf(children.values());
    }

    private static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
