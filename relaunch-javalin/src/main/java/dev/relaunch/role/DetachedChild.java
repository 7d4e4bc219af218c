package dev.relaunch.role;

import dev.relaunch.restart.ProcessCandidate;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A successor started by a standalone server: its own session, output to a file (a pipe would kill it with SIGPIPE
 * once this process exits), so it outlives its parent.
 */
final class DetachedChild extends ProcessCandidate {
    private final Path output;
    private final CompletableFuture<Integer> exit;

    DetachedChild(Process process, Path output) {
        super(process);
        this.output = output;
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    void markReady(int port) {
        becameReady(port);
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public List<String> logTail(int max) {
        try (RandomAccessFile f = new RandomAccessFile(output.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 64 * 1024);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            List<String> lines = Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\r?\n"));
            return List.copyOf(lines.subList(Math.max(0, lines.size() - max), lines.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public String logFile() {
        return output.toString();
    }

    @Override
    public void kill() {
        process.destroy();
        try {
            process.onExit().get(KILL_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
