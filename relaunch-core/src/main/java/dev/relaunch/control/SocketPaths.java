package dev.relaunch.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where an instance's control socket lives. A Unix socket path is limited to about 107 bytes ({@code sun_path}); when
 * {@code INSTANCE_DIR/relaunch.sock} is longer, the socket goes to a short owner-only folder under the temp folder,
 * named by a hash of the instance folder, and the chosen path is recorded in {@code INSTANCE_DIR/relaunch.sock.path}.
 */
public final class SocketPaths {
    static final int MAX_PATH_BYTES = 100;

    private SocketPaths() {}

    public static Path forInstance(Path instanceDir) {
        Path direct = instanceDir.toAbsolutePath().normalize().resolve("relaunch.sock");
        if (direct.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES) {
            return direct;
        }
        String hash = sha256(instanceDir.toAbsolutePath().normalize().toString()).substring(0, 16);
        return Path.of(System.getProperty("java.io.tmpdir"), "relaunch-" + hash, "relaunch.sock");
    }

    /** Creates the socket's folder owner-only (0700) and records a relocated path. */
    public static void prepare(Path instanceDir, Path socket) throws IOException {
        ownerOnlyDirectory(instanceDir);
        ownerOnlyDirectory(socket.getParent());
        Path record = instanceDir.resolve("relaunch.sock.path");
        if (!socket.getParent().equals(instanceDir.toAbsolutePath().normalize())) {
            Files.writeString(record, socket.toString());
        } else {
            Files.deleteIfExists(record);
        }
    }

    /**
     * Creates the folder (or accepts an existing one) only if this user owns it and it is not a symbolic link, then
     * makes it owner-only. A folder with a predictable name under the shared temp folder could otherwise have been
     * created by another user first.
     */
    public static void ownerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; remove it (relaunch keeps its runtime files in a "
                    + "real folder)");
        }
        try {
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            String me = System.getProperty("user.name");
            if (!owner.equals(me)) {
                throw new IOException(dir + " belongs to " + owner + ", not to " + me
                        + "; remove it or set INSTANCE_DIR to a folder of your own");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder inherits the user profile's ACL
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
