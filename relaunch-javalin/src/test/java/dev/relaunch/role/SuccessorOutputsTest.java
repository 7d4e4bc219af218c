package dev.relaunch.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.restart.OpIds;
import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.OpStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuccessorOutputsTest {
    @TempDir
    Path dir;

    private String op(OpStore store, OpStatus end, int ageSeconds) throws IOException {
        String id = OpIds.next();
        Instant at = Instant.now().minusSeconds(ageSeconds);
        OpRecord r = OpRecord.pending(id, "ui", 1L, "blue-green", false, at);
        if (end != null) {
            r = end == OpStatus.FAILED ? r.withError("startup_failed", "exited", 1, List.of(), null)
                    .withPhase(OpStatus.FAILED, at) : r.withPidAfter(2L).withPhase(end, at);
        }
        store.save(r);
        Path f = dir.resolve(SuccessorOutputs.fileName(id));
        Files.writeString(f, "output of " + id + "\n");
        Files.setLastModifiedTime(f, FileTime.from(at));
        return id;
    }

    @Test
    void keepsTheServingProcessesOutputAndTheNewestFailuresAndDeletesReplacedSuccessors() throws IOException {
        OpStore store = new OpStore(dir.resolve("ops"));
        String replaced = op(store, OpStatus.RESTARTED, 50);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            failed.add(op(store, OpStatus.FAILED, 40 - i));
        }
        String running = op(store, null, 5);
        String own = op(store, OpStatus.RESTARTED, 1);

        SuccessorOutputs.prune(dir, store, own);

        assertThat(dir.resolve(SuccessorOutputs.fileName(own))).exists();
        assertThat(dir.resolve(SuccessorOutputs.fileName(running))).exists();
        assertThat(dir.resolve(SuccessorOutputs.fileName(replaced))).doesNotExist();
        // failed ones: the newest three stay for the user to read
        assertThat(failed.stream().filter(id -> Files.exists(dir.resolve(SuccessorOutputs.fileName(id)))))
                .containsExactlyInAnyOrderElementsOf(failed.subList(2, 5));
    }

    @Test
    void leavesADebuggerAgentOutOfTheSuccessorsCommand() {
        assertThat(SelfCommand.isDebugAgent("-agentlib:jdwp=transport=dt_socket,server=y,address=5005")).isTrue();
        assertThat(SelfCommand.isDebugAgent("-Xmx256m")).isFalse();
    }
}
