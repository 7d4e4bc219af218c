package dev.relaunch.supervisor;

import dev.relaunch.files.AtomicFiles;
import dev.relaunch.json.WireJson;
import dev.relaunch.restart.OpErrorCode;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.OpStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The supervisor's files in the instance folder: its PID, why it gave up, and records a crash left open. */
final class InstanceFiles {
    private static final Logger log = LoggerFactory.getLogger(InstanceFiles.class);
    private final Path instanceDir;

    InstanceFiles(Path instanceDir) {
        this.instanceDir = instanceDir;
    }

    void writePid() throws IOException {
        AtomicFiles.write(instanceDir.resolve("supervisor.pid"), ProcessHandle.current().pid() + "\n");
        Files.deleteIfExists(instanceDir.resolve("supervisor.state.json"));
    }

    void deletePid() {
        try {
            Files.deleteIfExists(instanceDir.resolve("supervisor.pid"));
        } catch (IOException e) {
            log.debug("Cannot delete the PID file: {}", e.getMessage());
        }
    }

    /** For {@code relaunch status} after the supervisor has exited: why it did. */
    void writeState(String state, String reason) {
        try {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("state", state);
            n.put("reason", reason);
            n.put("at", Instant.now().toString());
            n.put("supervisor_pid", ProcessHandle.current().pid());
            AtomicFiles.write(instanceDir.resolve("supervisor.state.json"), WireJson.write(n));
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot write the state file: {}", e.getMessage());
        }
    }

    /** Operations a crashed supervisor left unfinished are closed as failed, so no record stays "starting". */
    static void closeInterruptedOperations(OpStore store) {
        for (OpRecord op : store.recent(OpStore.KEEP)) {
            if (!op.isFinal()) {
                store.save(op.withError(OpErrorCode.INTERRUPTED.code(),
                        "the supervisor stopped before this restart finished", null,
                        op.logTail(), op.logFile()).withPhase(OpStatus.FAILED, Instant.now()));
            }
        }
    }
}
