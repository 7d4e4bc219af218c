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
 * path ({@code serve --cds-training}), then used by every child. A user's app started the fast way has one too
 * ({@link #of}, written by its first run as it exits). Thread-safe.
 */
public final class CdsArchive {
    /** How a JVM writes and reads the archive: dynamic CDS (Java 13+) or the AOT cache (Java 25+). */
    public enum Kind {
        DYNAMIC("-XX:SharedArchiveFile=", "-XX:ArchiveClassesAtExit=", ".jsa"),
        AOT_CACHE("-XX:AOTCache=", "-XX:AOTCacheOutput=", ".aot");

        private final String useOption;
        private final String trainOption;
        private final String suffix;

        Kind(String useOption, String trainOption, String suffix) {
            this.useOption = useOption;
            this.trainOption = trainOption;
            this.suffix = suffix;
        }

        /** The option that makes a JVM write the archive at its exit, e.g. {@code -XX:ArchiveClassesAtExit=}. */
        public String trainOption() {
            return trainOption;
        }

        /** The Kind for a JVM of this feature version: the AOT cache from Java 25, dynamic CDS before. */
        public static Kind forJava(int feature) {
            return feature >= 25 ? AOT_CACHE : DYNAMIC;
        }
    }

    private final Path dir;
    private final String name;
    private final String key;
    private final Kind kind;

    /**
     * The archive lives beside the jar ({@code target/cds/}), shared by every instance of one build, so the launcher
     * can create it right after a build; {@code RELAUNCH_CDS_DIR} overrides that, and the instance folder is the
     * fallback when the jar's folder is not writable.
     */
    public CdsArchive(Path instanceDir) {
        this(serverDir(instanceDir), "server", keyOf(System.getProperty("java.vm.version"),
                        List.of(RelaunchJvm.absoluteClassPath().split(java.io.File.pathSeparator))), Kind.DYNAMIC);
    }

    private CdsArchive(Path dir, String name, String key, Kind kind) {
        this.dir = dir;
        this.name = name;
        this.key = key;
        this.kind = kind;
    }

    /** An archive in {@code dir} called {@code name-key}, e.g. for a user's app; {@code key} from {@link #keyOf}. */
    public static CdsArchive of(Path dir, String name, String key, Kind kind) {
        return new CdsArchive(dir, name, key, kind);
    }

    private static Path serverDir(Path instanceDir) {
        String shared = System.getenv("RELAUNCH_CDS_DIR");
        return shared != null && !shared.isBlank() ? Path.of(shared) : besideJar().orElse(instanceDir.resolve("cds"));
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
        return dir.resolve(name + "-" + key + kind.suffix);
    }

    /** JVM options for a server child: use the archive when there is one (Xshare:auto ignores a stale one). */
    public List<String> childOptions() {
        return existing().map(p -> List.of(kind.useOption + p)).orElse(List.of());
    }

    /** The JVM options of a training run that writes a fresh archive to {@code tmp}. */
    public List<String> trainingOptions(Path tmp) {
        return List.of(kind.trainOption + tmp);
    }

    /** A unique temporary path in the archive folder, for one training run; {@link #installTemp} knows its name. */
    public Path newTemp() throws IOException {
        Files.createDirectories(dir);
        return dir.resolve("." + archive().getFileName() + "." + System.nanoTime() + ".tmp");
    }

    /** Moves a finished training archive into place; deletes an empty or missing one. */
    public boolean install(Path tmp) {
        return installTemp(tmp);
    }

    /**
     * Moves a training run's archive ({@link #newTemp}) to the name it was made for, and deletes the older archives
     * of that name in its folder (made for a class path or Java that has changed since). Never throws.
     */
    public static boolean installTemp(Path tmp) {
        String file = tmp.getFileName().toString();
        if (!file.startsWith(".") || !file.matches("\\..+\\.[0-9]+\\.tmp")) {
            return false;
        }
        String target = file.substring(1, file.lastIndexOf('.', file.length() - ".tmp".length() - 1));
        Path archive = tmp.resolveSibling(target);
        if (!moveIntoPlace(tmp, archive)) {
            return false;
        }
        String prefix = target.substring(0, target.lastIndexOf('-') + 1);
        String suffix = target.substring(target.lastIndexOf('.'));
        try (var others = Files.list(archive.getParent())) {
            others.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix) && !n.equals(target);
            }).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // an older archive left behind costs disk space only
        }
        return true;
    }

    private static boolean moveIntoPlace(Path tmp, Path archive) {
        try {
            if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                Files.deleteIfExists(tmp);
                return false;
            }
            try {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A short key for the archive of these files: {@code stamp} (what else the archive depends on: the Java version,
     * JVM options) and each file's path, size and modification time, so a changed jar gets a new key.
     */
    public static String keyOf(String stamp, List<String> files) {
        StringBuilder sb = new StringBuilder(stamp).append('|');
        for (String entry : files) {
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
