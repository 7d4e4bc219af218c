package dev.relaunch.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Objects;

/**
 * The one way relaunch replaces a file that other processes read ({@code .env} and its backup, operation records, the
 * PID and state files): readers see the old or the new content, never a mix.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Replaces the file's content: writes a temporary file in the same directory, flushes it to disk, then renames it
     * over {@code path} (a plain replace where the file system has no atomic rename). An existing file keeps its POSIX
     * permissions; a new one is readable by its owner only, since {@code .env} files hold secrets. A symbolic link is
     * followed, so the file it points to is replaced.
     *
     * @param content written as UTF-8
     * @throws IOException if the directory is not writable or the rename fails; the temporary file is removed and
     *                     the original file is left as it was
     */
    public static void write(Path path, String content) throws IOException {
        Objects.requireNonNull(content, "content");
        write(path, content.getBytes(StandardCharsets.UTF_8), path);
    }

    /**
     * As {@link #write(Path, String)}, for bytes, with the POSIX permissions of {@code permissionsFrom} when that file
     * exists (a backup of {@code .env} gets the permissions of {@code .env}); else owner-only.
     */
    public static void write(Path path, byte[] content, Path permissionsFrom) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Path target = (Files.isSymbolicLink(path) ? path.toRealPath() : path).toAbsolutePath();
        Path directory = target.getParent();
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        try {
            copyPermissions(permissionsFrom, temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(directory);
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (from != null && Files.exists(from)
                && Files.getFileAttributeView(from, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }

    /** Makes the rename itself durable; best effort because not every platform can open a directory. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // the new content is already in place; only durability across a power cut is weaker
        }
    }
}
