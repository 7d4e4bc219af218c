package dev.relaunch.maven.build;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Restarts after successful builds, for a supervisor that does not watch the class folders itself (no
 * {@code start --watch}). A restart requested while one is in progress would join it, and that one may have loaded
 * classes of the build before: so a build that succeeds during a restart is owed one more restart, requested once the
 * running one has ended. Called from the dev loop's thread only.
 */
public final class RestartRequests {
    private static final Set<String> IN_PROGRESS = Set.of("pending", "starting", "ready", "draining");

    private final SupervisorLink link;
    private String lastOpId;
    private boolean owed;

    public RestartRequests(SupervisorLink link) {
        this.link = link;
    }

    /** A build succeeded: restart now, or once the restart in progress has ended. */
    public void afterSuccessfulBuild() {
        owed = true;
        requestIfDue();
    }

    /** Requests the restart still owed, if the one before has ended. Cheap when nothing is owed. */
    public void requestIfDue() {
        if (!owed || (lastOpId != null && inProgress(lastOpId))) {
            return;
        }
        Optional<JsonNode> answer = link.send(Map.of("cmd", "restart", "requested_by", "api"));
        answer.ifPresent(a -> {
            lastOpId = a.path("op_id").asText(null);
            owed = false;
        });
    }

    private boolean inProgress(String opId) {
        return link.send(Map.of("cmd", "op", "op_id", opId))
                .map(op -> IN_PROGRESS.contains(op.path("status").asText()))
                .orElse(false);
    }
}
