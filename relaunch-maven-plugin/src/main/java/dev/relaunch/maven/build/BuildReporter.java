package dev.relaunch.maven.build;

import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;

/**
 * Tells the supervisor about each rebuild over its control socket, so that it holds the restart its own watch of
 * {@code target/classes} would start while classes are half written, lets it go once the build succeeded, and keeps
 * the old version serving (showing the error) when it failed:
 * {@code {"cmd":"build","phase":"started"}}, then {@code "succeeded"} or
 * {@code {"phase":"failed","message":"<file:line: error>","log_tail":[…]}}.
 * A supervisor that does not know the request ({@code unknown_command}), or none listening, is not an error: the
 * build goes on regardless.
 */
public final class BuildReporter {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Path socket;
    private final Log log;

    public BuildReporter(Path socket, Log log) {
        this.socket = socket;
        this.log = log;
    }

    public void started() {
        send(Map.of("cmd", "build", "phase", "started"));
    }

    public void finished(BuildOutcome outcome) {
        if (outcome.succeeded()) {
            send(Map.of("cmd", "build", "phase", "succeeded"));
            return;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("cmd", "build");
        request.put("phase", "failed");
        request.put("message", outcome.message());
        request.put("log_tail", outcome.errorLines());
        send(request);
    }

    /** Asks for a restart, for a supervisor that does not watch the classes itself. */
    public void requestRestart() {
        send(Map.of("cmd", "restart", "requested_by", "api"));
    }

    private void send(Map<String, ?> request) {
        try {
            ControlClient.call(socket, request, TIMEOUT);
        } catch (ControlException e) {
            if ("unknown_command".equals(e.code())) {
                log.debug("relaunch: the supervisor does not know " + request.get("cmd") + " requests: " + e.getMessage());
            } else {
                log.warn("relaunch: the supervisor refused " + request + ": " + e.getMessage());
            }
        } catch (IOException e) {
            log.debug("relaunch: no supervisor answered on " + socket + ": " + e.getMessage());
        }
    }
}
