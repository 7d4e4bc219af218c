package dev.relaunch.cds;

import dev.relaunch.cli.RelaunchJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The AppCDS archive that makes every server child start faster: the classes a server loads to start and answer
 * its first requests, mapped from a file instead of parsed and verified again. The archive is named after the
 * class path and Java version (a rebuilt jar gets a new one) and created once, by a training run off the critical
 * path ({@code serve --cds-training}), then used by every child. Thread-safe.
 */
public final class CdsArchive {
    private final Path dir;
    private final String key;

    /**
     * The archive lives beside the jar ({@code target/cds/}), shared by every instance of one build, so the launcher
     * can create it right after a build; {@code RELAUNCH_CDS_DIR} overrides that, and the instance folder is the
     * fallback when the jar's folder is not writable.
     */
    public CdsArchive(Path instanceDir) {
        String shared = System.getenv("RELAUNCH_CDS_DIR");
        this.dir = shared != null && !shared.isBlank() ? Path.of(shared) : besideJar().orElse(instanceDir.resolve("cds"));
        this.key = keyOf(RelaunchJvm.absoluteClassPath());
    }

    private static Optional<Path> besideJar() {
        String cp = RelaunchJvm.absoluteClassPath();
        if (cp.isEmpty() || cp.contains(java.io.File.pathSeparator) || !cp.endsWith(".jar")) {
            return Optional.empty();
        }
        Path parent = Path.of(cp).toAbsolutePath().getParent();
        return parent != null && Files.isWritable(parent) ? Optional.of(parent.resolve("cds")) : Optional.empty();
    }

    /** The archive to use, if it exists and is not empty. */
    public Optional<Path> existing() {
        Path p = archive();
        try {
            return Files.isRegularFile(p) && Files.size(p) > 0 ? Optional.of(p) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path archive() {
        return dir.resolve("server-" + key + ".jsa");
    }

    /** JVM options for a server child: use the archive when there is one (Xshare:auto ignores a stale one). */
    public List<String> childOptions() {
        return existing().map(p -> List.of("-XX:SharedArchiveFile=" + p)).orElse(List.of());
    }

    /** The JVM options of a training run that writes a fresh archive to {@code tmp}. */
    public List<String> trainingOptions(Path tmp) {
        return List.of("-XX:ArchiveClassesAtExit=" + tmp);
    }

    /** A unique temporary path in the archive folder, for one training run. */
    public Path newTemp() throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(".server-" + key + "." + System.nanoTime() + ".tmp");
    }

    /** Moves a finished training archive into place; deletes an empty or missing one. */
    public boolean install(Path tmp) {
        try {
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                Files.deleteIfExists(tmp);
                return false;
            }
            try {
                Files.move(tmp, archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, archive(), StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String keyOf(String classPath) {
        StringBuilder sb = new StringBuilder(System.getProperty("java.vm.version")).append('|');
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            sb.append(entry).append('|');
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                sb.append(a.size()).append('|').append(a.lastModifiedTime().toMillis()).append('|');
            } catch (IOException | RuntimeException e) {
                sb.append("missing|");
            }
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
