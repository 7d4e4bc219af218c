package dev.relaunch.role;

import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.OpStatus;
import dev.relaunch.restart.OpStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output files of standalone successors, {@code successor-<op>.out} in {@code LOGS_DIR}. A successor writes to
 * its file for as long as it runs, so the serving process's file stays; the files of successors that took over and
 * have since been replaced are deleted; those of failed starts are kept (the newest {@value #KEEP_FAILED}) for the
 * user to read.
 */
final class SuccessorOutputs {
    private static final Logger log = LoggerFactory.getLogger(SuccessorOutputs.class);
    static final int KEEP_FAILED = 3;
    private static final Pattern NAME = Pattern.compile("successor-([A-Za-z0-9_-]{1,64})\\.out");

    private SuccessorOutputs() {}

    static String fileName(String opId) {
        return "successor-" + opId + ".out";
    }

    /** Deletes what is no longer needed; {@code ownOpId} is the operation that started this process (kept). */
    static void prune(Path logsDir, OpStore store, String ownOpId) {
        List<Path> files;
        try (Stream<Path> s = Files.list(logsDir)) {
            files = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(SuccessorOutputs::modified).reversed()).toList();
        } catch (IOException e) {
            return;
        }
        int failedKept = 0;
        for (Path f : files) {
            Matcher m = NAME.matcher(f.getFileName().toString());
            m.matches();
            String opId = m.group(1);
            if (opId.equals(ownOpId)) {
                continue;
            }
            OpRecord op = store.find(opId).orElse(null);
            if (op == null || !op.isFinal()) {
                continue; // unknown or still running: not ours to judge
            }
            if (op.status() != OpStatus.RESTARTED && failedKept++ < KEEP_FAILED) {
                continue;
            }
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                log.debug("Cannot delete {}: {}", f, e.getMessage());
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
