package dev.relaunch.watch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each start of a watched {@code java} command from a copy of its code: the class-path folders (and the jar of
 * {@code -jar}) are copied into the instance folder and the command names the copies. Why: a change overwrites
 * {@code target/classes} in place, so without copies a stop-then-start restart that fails could only roll back to
 * the same broken classes, and a serving JVM would load half-written classes lazily. With copies, the rollback
 * starts the code that served, and the old process keeps its own classes. A copy is reused while its source has not
 * changed; copies no command in use names are deleted. Thread-safe.
 */
final class CodeSnapshots {
    private static final Logger log = LoggerFactory.getLogger(CodeSnapshots.class);

    private record Copy(String fingerprint, Path path) {}

    private final Path dir;
    private final Path workDir;
    private final Supplier<Collection<List<String>>> commandsInUse;
    private final Map<Path, Copy> latest = new HashMap<>();
    private int sequence;

    /**
     * @param dir           where copies go (inside the instance folder, which is never watched)
     * @param commandsInUse the command lines of running children and of the one a rollback would start
     */
    CodeSnapshots(Path dir, Path workDir, Supplier<Collection<List<String>>> commandsInUse) {
        this.dir = dir;
        this.workDir = workDir;
        this.commandsInUse = commandsInUse;
    }

    /** Deletes the copies an earlier run left (a supervisor killed before it could). */
    synchronized void clear() {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            log.debug("Cannot clean {}: {}", dir, e.toString());
        }
    }

    /** The command to start now: the same, with the app's code replaced by copies of it as it is now. */
    synchronized List<String> apply(List<String> command) {
        JavaCommand java = JavaCommand.parse(command);
        try {
            String cp = java.classPath().map(this::copyFolders).orElse(null);
            String jar = java.jar().map(this::copyJar).orElse(null);
            return java.with(cp, jar);
        } catch (UncheckedIOException e) {
            log.warn("Cannot copy the app's code for this start ({}): it runs from its build folder", e.toString());
            return command;
        } finally {
            deleteUnused();
        }
    }

    private String copyFolders(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : JavaCommand.entries(classPath)) {
            Path source = workDir.resolve(entry).normalize();
            out.add(Files.isDirectory(source) ? copyOf(source, true).toString() : entry);
        }
        return String.join(File.pathSeparator, out);
    }

    private String copyJar(String jar) {
        Path source = workDir.resolve(jar).normalize();
        try (JarFile f = new JarFile(source.toFile())) {
            if (f.getManifest() != null && f.getManifest().getMainAttributes().getValue("Class-Path") != null) {
                return null; // its Class-Path is relative to where it is: it must run from there
            }
        } catch (IOException e) {
            return null; // not a readable jar (yet): the start reports it
        }
        return copyOf(source, false).toString();
    }

    private Path copyOf(Path source, boolean folder) {
        try {
            String fp = fingerprint(source);
            Copy last = latest.get(source);
            if (last != null && last.fingerprint.equals(fp) && Files.exists(last.path)) {
                return last.path;
            }
            Path target = dir.resolve(Integer.toString(++sequence)).resolve(source.getFileName().toString());
            Files.createDirectories(target.getParent());
            if (folder) {
                copyTree(source, target);
            } else {
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            latest.put(source, new Copy(fp, target));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!IgnoredFiles.ignored(p)) {
                    try {
                        Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (java.nio.file.NoSuchFileException e) {
                        // deleted while copying: a change whose event restarts again
                    }
                }
            }
        }
    }

    /** Names, sizes and times of every file: the same fingerprint means the same code. */
    private static String fingerprint(Path source) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Stream<Path> s = Files.walk(source)) {
                for (Path p : s.sorted().toList()) {
                    if (Files.isRegularFile(p)) {
                        String line = source.relativize(p) + "|" + Files.size(p) + "|"
                                + Files.getLastModifiedTime(p).toMillis() + "\n";
                        md.update(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deleteUnused() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        String inUse = String.join("\n", commandsInUse.get().stream().map(c -> String.join(" ", c)).toList());
        try (Stream<Path> s = Files.list(dir)) {
            for (Path copy : s.toList()) {
                boolean newest = latest.values().stream().anyMatch(c -> c.path.startsWith(copy));
                if (!newest && !inUse.contains(copy.toString() + File.separator)) {
                    deleteTree(copy);
                }
            }
        } catch (IOException e) {
            log.debug("Cannot clean {}: {}", dir, e.toString());
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
