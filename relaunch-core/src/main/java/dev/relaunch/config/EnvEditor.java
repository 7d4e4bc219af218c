package dev.relaunch.config;

import dev.relaunch.files.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Edits a {@code .env} file in place without losing an update: every change names the version (a hash of the file's
 * bytes) it was based on, and is refused when the file has changed since (another tab, an editor, another process).
 * The file is replaced atomically (temporary file, flush, rename; its permissions kept) after its previous content is
 * kept as {@code .env.bak}, which {@link #restoreBackup} puts back.
 *
 * <p>Thread-safe: edits of one file are serialized in this process, and with a lock file (in relaunch's runtime
 * folder) across the processes that serve the same app during a restart.
 */
public final class EnvEditor {
    /** The version of a {@code .env} file that does not exist. */
    public static final String NO_FILE = "none";
    /** Matches any version, as {@code If-Match: *}. */
    public static final String ANY = "*";

    private final Path envFile;
    private final Path lockFile;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param envFile  the file to edit (need not exist yet)
     * @param lockFile a file in relaunch's runtime folder used as a lock between processes; when its folder does
     *                 not exist, only this process's edits are serialized
     */
    public EnvEditor(Path envFile, Path lockFile) {
        this.envFile = envFile.toAbsolutePath().normalize();
        this.lockFile = lockFile;
    }

    /** Where the previous version of {@code envFile} is kept. */
    public static Path backupOf(Path envFile) {
        return envFile.resolveSibling(envFile.getFileName() + ".bak");
    }

    /** A file's version: lower-case hex SHA-256 of its bytes, or {@link #NO_FILE}. */
    public static String versionOf(Path file) {
        String fingerprint = EnvFile.fingerprintOf(file);
        return fingerprint.isEmpty() && !Files.exists(file) ? NO_FILE : fingerprint;
    }

    private static String versionOf(byte[] content) {
        return content == null ? NO_FILE : EnvFile.fingerprintOf(content);
    }

    /** What an edit did. */
    public record Outcome(String version, boolean created, EnvDocument document) {}

    /** Why an edit was refused; nothing was written. */
    public static final class EditException extends Exception {
        /** What went wrong, for an HTTP status and a stable error code. */
        public enum Kind {
            CONFLICT, KEY_EXISTS, UNKNOWN_KEY, INVALID_KEY, INVALID_VALUE, UNREADABLE, NO_BACKUP, WRITE_FAILED
        }

        private final Kind kind;
        private final String currentVersion;

        EditException(Kind kind, String message, String currentVersion) {
            super(message);
            this.kind = kind;
            this.currentVersion = currentVersion;
        }

        public Kind kind() {
            return kind;
        }

        /** The file's version when the edit was refused. */
        public String currentVersion() {
            return currentVersion;
        }
    }

    /**
     * Sets {@code key} to {@code value}: the line in effect is rewritten, or {@code KEY=value} is added at the end.
     * A new key must match {@code [A-Za-z_][A-Za-z0-9_]*}; a key the file already has may keep the wider syntax it
     * was written with.
     *
     * @param expectedVersion the version the caller read ({@link #ANY} for any)
     * @param createOnly      refuse ({@code KEY_EXISTS}) when the file already assigns the key: an "add" that must
     *                        not replace a value
     */
    public Outcome set(String key, String value, String expectedVersion, boolean createOnly) throws EditException {
        Objects.requireNonNull(value, "value");
        Optional<String> badValue = EnvValues.valueProblem(value);
        if (badValue.isPresent()) {
            throw new EditException(EditException.Kind.INVALID_VALUE, badValue.get(), null);
        }
        return edit(expectedVersion, (doc, version) -> {
            boolean exists = doc.contains(key);
            if (exists && createOnly) {
                throw new EditException(EditException.Kind.KEY_EXISTS, fileName() + " already has " + key
                        + "; edit its row instead of adding it again", version);
            }
            if (!exists) {
                Optional<String> badKey = EnvValues.newKeyProblem(key);
                if (badKey.isPresent()) {
                    throw new EditException(EditException.Kind.INVALID_KEY, badKey.get(), version);
                }
            }
            try {
                return new Change(doc.with(key, value), !exists);
            } catch (IllegalArgumentException e) {
                throw new EditException(EditException.Kind.INVALID_VALUE, e.getMessage(), version);
            }
        });
    }

    /** Removes every assignment of {@code key}. */
    public Outcome delete(String key, String expectedVersion) throws EditException {
        return edit(expectedVersion, (doc, version) -> {
            if (!doc.contains(key)) {
                throw new EditException(EditException.Kind.UNKNOWN_KEY, fileName() + " has no key " + key, version);
            }
            return new Change(doc.without(key), false);
        });
    }

    /**
     * Puts {@code .env.bak} back as {@code .env}, and keeps the content it replaces as the new {@code .env.bak}, so
     * a second restore undoes the first.
     */
    public Outcome restoreBackup(String expectedVersion) throws EditException {
        return locked(() -> {
            byte[] current = read(envFile);
            String version = versionOf(current);
            checkVersion(expectedVersion, version);
            Path backup = backupOf(envFile);
            byte[] previous = read(backup);
            if (previous == null) {
                throw new EditException(EditException.Kind.NO_BACKUP, "there is no " + backup.getFileName()
                        + " to restore: no edit was saved from relaunch since it was last restored", version);
            }
            try {
                if (current != null) {
                    AtomicFiles.write(backup, current, envFile);
                }
                AtomicFiles.write(envFile, previous, envFile);
            } catch (IOException e) {
                throw writeFailed(e, version);
            }
            return new Outcome(versionOf(previous), false,
                    EnvDocument.parse(new String(previous, StandardCharsets.UTF_8)));
        });
    }

    private record Change(EnvDocument document, boolean created) {}

    @FunctionalInterface
    private interface Edit {
        Change apply(EnvDocument document, String version) throws EditException;
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws EditException;
    }

    private Outcome edit(String expectedVersion, Edit edit) throws EditException {
        return locked(() -> {
            byte[] bytes = read(envFile);
            String version = versionOf(bytes);
            checkVersion(expectedVersion, version);
            EnvDocument doc = EnvDocument.parse(decode(bytes, version));
            Change change = edit.apply(doc, version);
            byte[] next = change.document().text().getBytes(StandardCharsets.UTF_8);
            try {
                Path backup = backupOf(envFile);
                if (bytes != null) {
                    AtomicFiles.write(backup, bytes, envFile);
                } else {
                    Files.deleteIfExists(backup); // no previous version to go back to
                }
                AtomicFiles.write(envFile, next, envFile);
            } catch (IOException e) {
                throw writeFailed(e, version);
            }
            return new Outcome(versionOf(next), change.created(), change.document());
        });
    }

    private void checkVersion(String expected, String actual) throws EditException {
        if (expected == null || !(expected.equals(ANY) || expected.equals(actual))) {
            throw new EditException(EditException.Kind.CONFLICT, fileName() + " has changed since it was read (in "
                    + "another tab, an editor or by another process); read it again and repeat the edit", actual);
        }
    }

    private String decode(byte[] bytes, String version) throws EditException {
        if (bytes == null) {
            return "";
        }
        Optional<String> problem = EnvFile.encodingProblem(bytes);
        if (problem.isPresent()) {
            throw new EditException(EditException.Kind.UNREADABLE, fileName() + " " + problem.get()
                    + ", then edit it here", version);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] read(Path file) throws EditException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new EditException(EditException.Kind.UNREADABLE, file.getFileName() + " cannot be read ("
                    + e.getClass().getSimpleName() + "); check that it is a readable file", null);
        }
    }

    private EditException writeFailed(IOException e, String version) {
        return new EditException(EditException.Kind.WRITE_FAILED, fileName() + " could not be written ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); check that its folder "
                + "is writable. The file is unchanged", version);
    }

    private String fileName() {
        return String.valueOf(envFile.getFileName());
    }

    /** Runs {@code body} holding this process's lock and, where the runtime folder exists, the file lock. */
    private <T> T locked(Locked<T> body) throws EditException {
        lock.lock();
        try {
            if (lockFile == null || lockFile.getParent() == null || !Files.isDirectory(lockFile.getParent())) {
                return body.run();
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return body.run();
            } catch (IOException e) {
                throw new EditException(EditException.Kind.WRITE_FAILED, "the lock file " + lockFile
                        + " could not be used (" + e.getMessage() + ")", null);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "EnvEditor[" + envFile + "]";
    }
}
