package dev.relaunch.restart;

import dev.relaunch.files.AtomicFiles;
import dev.relaunch.json.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation records in one folder, shared by every process of an instance (supervisor, old and new server).
 * Each write goes to a temp file that is then renamed over the record, so a reader never sees half a record.
 * Thread-safe; readers in other processes are safe because of the rename.
 */
public final class OpStore {
    public static final int KEEP = 100;
    private static final Logger log = LoggerFactory.getLogger(OpStore.class);

    private final Path dir;

    public OpStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public synchronized void save(OpRecord op) {
        if (!OpIds.isValid(op.opId())) {
            throw new IllegalArgumentException("invalid op id");
        }
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(op.opId() + ".json");
            AtomicFiles.write(target, WireJson.writePretty(op), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write restart record " + op.opId() + " in " + dir, e);
        }
    }

    /** The record, or empty when the id is malformed or unknown. Never touches a path built from a bad id. */
    public Optional<OpRecord> find(String opId) {
        if (!OpIds.isValid(opId)) {
            return Optional.empty();
        }
        return read(dir.resolve(opId + ".json"));
    }

    private Optional<OpRecord> read(Path file) {
        try {
            OpRecord op = WireJson.toRecord(WireJson.parseObject(Files.readString(file)), OpRecord.class);
            if (op.opId() == null || op.status() == null || op.requestedAt() == null) {
                throw new IOException("no op_id, status or requested_at");
            }
            return Optional.of(op);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Skipping unreadable restart record {}: {}", file.getFileName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The newest records first (by request time), at most {@code limit}. */
    public List<OpRecord> recent(int limit) {
        List<OpRecord> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                read(f).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list restart records in " + dir, e);
        }
        all.sort(Comparator.comparing(OpRecord::requestedAt).reversed());
        return all.size() > limit ? new ArrayList<>(all.subList(0, limit)) : all;
    }

    /** Deletes all but the newest {@value #KEEP} records. */
    public synchronized void prune() {
        List<OpRecord> all = recent(Integer.MAX_VALUE);
        for (OpRecord old : all.subList(Math.min(KEEP, all.size()), all.size())) {
            try {
                Files.deleteIfExists(dir.resolve(old.opId() + ".json"));
            } catch (IOException e) {
                log.warn("Cannot delete old restart record {}: {}", old.opId(), e.getMessage());
            }
        }
    }
}
