package dev.relaunch.maven.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.relaunch.control.ControlClient;
import dev.relaunch.control.ControlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.logging.Log;

/**
 * Requests to the supervisor's control socket that must never stop the dev loop: a supervisor that does not take a
 * request ({@code unknown_command} from an older one, {@code not_watching}) is logged at debug level, none listening
 * (starting, stopping) too.
 */
public final class SupervisorLink {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Path socket;
    private final Log log;

    public SupervisorLink(Path socket, Log log) {
        this.socket = socket;
        this.log = log;
    }

    /** The answer's {@code data}, or empty when the supervisor did not take the request. */
    Optional<JsonNode> send(Map<String, ?> request) {
        try {
            return Optional.of(ControlClient.call(socket, request, TIMEOUT));
        } catch (ControlException e) {
            // an older supervisor, or one started without --watch: the build needs no answer
            if ("unknown_command".equals(e.code()) || "not_watching".equals(e.code())) {
                log.debug("relaunch: the supervisor does not know " + request.get("cmd") + " requests: "
                        + e.getMessage());
            } else {
                log.warn("relaunch: the supervisor refused " + request.get("cmd") + ": " + e.getMessage());
            }
        } catch (IOException e) {
            log.debug("relaunch: no supervisor answered on " + socket + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
