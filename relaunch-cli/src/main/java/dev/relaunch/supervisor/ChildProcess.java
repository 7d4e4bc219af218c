package dev.relaunch.supervisor;

import dev.relaunch.control.ControlAnswer.StopWord;
import dev.relaunch.platform.Platform;
import dev.relaunch.platform.Platforms;
import dev.relaunch.process.PortHolder;
import dev.relaunch.restart.ProcessCandidate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server child of the supervisor, started from a {@link ChildLaunch}. Its output (stdout and stderr merged) is
 * read line by line until it exits — a child writing to a pipe nobody reads would block or die of SIGPIPE — and
 * copied to the sinks, keeping the last lines for an operation's log tail.
 */
final class ChildProcess extends ProcessCandidate {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final boolean WORD_FORCED = StopRoute.wordForced(System.getenv());
    private static final int TAIL = 200;
    private static final long OUTPUT_AFTER_EXIT_MS = 2_000;

    private final ChildLaunch launch;
    private final String nonce;
    private final String logFile;
    private volatile Instant startedAt = Instant.now();
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile String healthPath;
    private volatile boolean reportedReady;
    private final CompletableFuture<Integer> exit;
    private final CompletableFuture<Void> outputDone = new CompletableFuture<>();
    /** The answer to the child's {@code await_stop}; completed when it is asked to stop, or has exited. */
    private final CompletableFuture<StopWord> stopWord = new CompletableFuture<>();
    /** The child waits for {@link #stopWord} on a control connection. */
    private volatile boolean listens;

    ChildProcess(Process process, ChildLaunch launch, String nonce, String logFile, List<OutputStream> sinks) {
        super(process);
        this.launch = launch;
        this.nonce = nonce;
        this.logFile = logFile;
        Thread pump = new Thread(() -> pump(sinks), "child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        // the exit code is reported after the output is drained, so a log tail is complete when exit completes; a
        // descendant that keeps the pipe open after the child's exit delays it by at most OUTPUT_AFTER_EXIT_MS
        this.exit = process.onExit().thenCompose(p -> outputDone
                .completeOnTimeout(null, OUTPUT_AFTER_EXIT_MS, TimeUnit.MILLISECONDS).thenApply(v -> p.exitValue()));
        process.onExit().thenRun(() -> stopWord.complete(StopWord.UNKNOWN_CHILD));
    }

    private void pump(List<OutputStream> sinks) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
                byte[] bytes = (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
                for (OutputStream s : sinks) {
                    synchronized (s) {
                        try {
                            s.write(bytes);
                            s.flush();
                        } catch (IOException e) {
                            // a closed terminal must not stop us from draining the child's output
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closed: the child is gone
        } finally {
            outputDone.complete(null);
        }
    }

    String nonce() {
        return nonce;
    }

    /** A standby starts serving now: its uptime counts from here. */
    void markActivated() {
        startedAt = Instant.now();
    }

    Instant startedAt() {
        return startedAt;
    }

    ChildLaunch launch() {
        return launch;
    }

    /** The child said so itself over the control socket; {@code healthPath} is where it answers health checks. */
    void markReported(int port, String healthPath) {
        this.healthPath = healthPath;
        this.reportedReady = true;
        becameReady(port);
    }

    /** A probe from outside found it serving (an app without the plugin). */
    void markProbed(int port) {
        becameReady(port);
    }

    /**
     * Answers the child's {@code await_stop}: blocks the calling control connection until the supervisor asks the
     * child to stop ({@link #terminate}) or the child has exited.
     */
    StopWord awaitStopWord() {
        listens = true;
        try {
            return stopWord.join();
        } finally {
            listens = false;
        }
    }

    boolean reportedReady() {
        return reportedReady;
    }

    /** The health route it reported with {@code ready}; null when it did not report. */
    String healthPath() {
        return healthPath;
    }

    /** This process or one of its descendants (a command may be a wrapper script around the server). */
    boolean isOrOwns(long pid) {
        return pid == process.pid() || process.descendants().anyMatch(d -> d.pid() == pid);
    }

    /** Whether this process or a descendant has one of these sockets open ({@link PortHolder#holdsAny}). */
    boolean holdsAny(java.util.Set<String> sockets) {
        return PortHolder.holdsAny(process.pid(), sockets)
                || process.descendants().anyMatch(d -> PortHolder.holdsAny(d.pid(), sockets));
    }

    Integer port() {
        return ready().isDone() ? ready().getNow(null) : null;
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public List<String> logTail(int max) {
        synchronized (tail) {
            List<String> all = new ArrayList<>(tail);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }
    }

    @Override
    public String logFile() {
        return logFile;
    }

    /**
     * Asks the child to stop (see {@link StopRoute}: SIGTERM, or the word on the control socket; it drains), then
     * kills it if it is still alive after {@code graceMs}; at once where there is no way to ask (Windows, an app
     * without relaunch's plugin or starter).
     */
    CompletableFuture<Void> terminate(long graceMs) {
        if (!process.isAlive()) {
            return CompletableFuture.completedFuture(null);
        }
        Platform platform = Platforms.current();
        switch (StopRoute.choose(platform, WORD_FORCED, listens)) {
            case WORD -> {
                log.info("Asking server PID {} over the control socket to stop (no signal)", pid());
                stopWord.complete(StopWord.STOP);
                exit.thenAccept(code -> log.info("Server PID {} exited with code {}", pid(), code));
            }
            case SIGNAL -> {
                // the whole tree, one process at a time: a user command may be a wrapper script whose server is its
                // child
                process.descendants().forEach(platform::requestStop);
                if (!platform.requestStop(process.toHandle())) {
                    destroyTree();
                }
            }
            case KILL -> {
                log.info("Ending server PID {} at once: {} has no signal a process drains on, and it does not listen "
                        + "for relaunch's word to stop (no relaunch plugin or starter)", pid(), platform.name());
                destroyTree();
            }
        }
        // waits for the exit code, which completes once the child's last output lines have been copied
        return exit.thenApply(code -> (Void) null).orTimeout(graceMs, TimeUnit.MILLISECONDS)
                .handle((v, err) -> {
                    if (err != null) {
                        destroyTree();
                        process.onExit().orTimeout(KILL_GRACE_MS, TimeUnit.MILLISECONDS).join();
                    }
                    return null;
                });
    }

    private void destroyTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
    }

    @Override
    public void kill() {
        try {
            terminate(KILL_GRACE_MS).get(2 * KILL_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            destroyTree();
        }
    }
}
