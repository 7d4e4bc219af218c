package dev.relaunch.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of a {@code .env} file: its values, the problems found in it and a
 * fingerprint of the bytes they came from.
 *
 * <p>Loading never throws: a missing file is an empty snapshot with {@link #exists()} false, and an
 * unreadable or non-UTF-8 file is a snapshot with no values and one problem at line 0. Instances
 * are thread-safe.
 */
public final class EnvFile {

    private final Path path;
    private final boolean exists;
    private final Map<String, String> values;
    private final List<ParseProblem> problems;
    private final String fingerprint;

    private EnvFile(Path path, boolean exists, Map<String, String> values,
            List<ParseProblem> problems, String fingerprint) {
        this.path = path;
        this.exists = exists;
        this.values = values;
        this.problems = List.copyOf(problems);
        this.fingerprint = fingerprint;
    }

    /**
     * Reads and parses the file at {@code path}. Blocks on file I/O.
     *
     * @param path the {@code .env} file; it does not have to exist
     */
    public static EnvFile load(Path path) {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            return unusable(path, "", "is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new EnvFile(path, false, Map.of(), List.of(), "");
        } catch (IOException | SecurityException e) {
            return unusable(path, "", "cannot be read (" + reason(e) + "); check that it is a"
                    + " readable file");
        }
        String fingerprint = sha256(bytes);
        Optional<String> encoding = encodingProblem(bytes);
        if (encoding.isPresent()) {
            return unusable(path, fingerprint, encoding.get());
        }
        ParseResult parsed = DotenvParser.parse(new String(bytes, StandardCharsets.UTF_8));
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvLine line : parsed.lines()) {
            values.put(line.key(), line.value());
        }
        return new EnvFile(path, true, Collections.unmodifiableMap(values), parsed.problems(),
                fingerprint);
    }

    /**
     * Why these bytes cannot be read as a {@code .env} file ("is saved as UTF-16; save it as UTF-8"), or empty when
     * they are UTF-8.
     */
    static Optional<String> encodingProblem(byte[] bytes) {
        if (hasUtf16ByteOrderMark(bytes)) {
            return Optional.of("is saved as UTF-16; save it as UTF-8");
        }
        int badByte = firstInvalidUtf8Byte(bytes);
        if (badByte >= 0) {
            return Optional.of("is not valid UTF-8 (first invalid byte on line " + lineOfByte(bytes, badByte)
                    + "); save it as UTF-8");
        }
        return Optional.empty();
    }

    private static EnvFile unusable(Path path, String fingerprint, String what) {
        return new EnvFile(path, true, Map.of(),
                List.of(new ParseProblem(0, "the file " + what)), fingerprint);
    }

    /** The path this snapshot was loaded from, as given to {@link #load(Path)}. */
    public Path path() {
        return path;
    }

    /** False when there was no file at {@link #path()}; true even if it could not be read. */
    public boolean exists() {
        return exists;
    }

    /**
     * The values by key, in order of each key's first appearance; when a key is assigned more than
     * once, the last assignment wins (as with python-dotenv). Immutable.
     */
    public Map<String, String> values() {
        return values;
    }

    /** Lines that were skipped, in file order, or one line-0 problem when the file was unusable. */
    public List<ParseProblem> problems() {
        return problems;
    }

    /** The problems formatted as {@code .env:7: message}, using the file's name. */
    public List<String> problemDescriptions() {
        Path name = path.getFileName();
        String fileName = name == null ? path.toString() : name.toString();
        return problems.stream().map(p -> p.describe(fileName)).toList();
    }

    /**
     * Lower-case hex SHA-256 of the file's bytes when it was read, or {@code ""} when it was
     * missing or unreadable. Equal to {@link #fingerprintOf(Path)} as long as the file is
     * unchanged.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** The fingerprint of file content held in memory: the same form as {@link #fingerprint()}. */
    public static String fingerprintOf(byte[] content) {
        return sha256(content);
    }

    /**
     * Hashes the file without parsing it, to check cheaply whether a loaded snapshot is stale.
     * Never throws; blocks on file I/O.
     *
     * @return the same form as {@link #fingerprint()}: {@code ""} when missing or unreadable
     */
    public static String fingerprintOf(Path path) {
        Objects.requireNonNull(path, "path");
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | SecurityException e) {
            return "";
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean hasUtf16ByteOrderMark(byte[] bytes) {
        return bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
    }

    /** Returns the offset of the first byte that is not valid UTF-8, or -1. */
    private static int firstInvalidUtf8Byte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes, so the output cannot overflow.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        return result.isError() ? in.position() : -1;
    }

    private static int lineOfByte(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException || e instanceof SecurityException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** Never shows values: they may be secrets. */
    @Override
    public String toString() {
        return "EnvFile[" + path + (exists ? "" : " (missing)") + ", " + values.size()
                + " values, " + problems.size() + " problems]";
    }
}
