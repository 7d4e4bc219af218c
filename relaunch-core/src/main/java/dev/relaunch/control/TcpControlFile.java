package dev.relaunch.control;

import dev.relaunch.json.WireJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The file that stands where the control socket would be when the control server listens on a loopback TCP port:
 * {@code {"port": …, "token": …}}, readable by its owner only, written atomically (temp file + rename).
 */
final class TcpControlFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TcpControlFile() {}

    /** 256 random bits, hex. */
    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void write(Path path, int port, String token) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".relaunch-control-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, ".relaunch-control-", ".tmp");
            ownerOnlyAcl(tmp);
        }
        try {
            Files.writeString(tmp, WireJson.write(Map.of("port", port, "token", token)) + "\n");
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Windows: one entry, the owner's, instead of the entries inherited from the folder. */
    private static void ownerOnlyAcl(Path file) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // neither POSIX nor ACLs: the owner-only folder around it is all there is
        }
        UserPrincipal owner = view.getOwner();
        view.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build()));
    }

    static ControlAddress.Tcp read(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        if (WireJson.parse(text.strip()) instanceof Map<?, ?> m && m.get("port") instanceof Number port
                && m.get("token") instanceof String token && port.intValue() > 0 && port.intValue() < 65536) {
            return new ControlAddress.Tcp(port.intValue(), token);
        }
        throw new IOException(path + " is neither a control socket nor a control port file ({\"port\", \"token\"});"
                + " remove it if no relaunch process runs there");
    }
}
