package dev.relaunch.config;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.relaunch.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve(".env"), content, UTF_8);
    }

    @Test
    void valuesKeepFirstAppearanceOrderAndLastAssignmentWins() throws IOException {
        EnvFile file = EnvFile.load(write("B=1\nA=2\nB=3\nC=4\nA=5\n"));

        assertThat(file.exists()).isTrue();
        assertThat(file.values()).containsExactly(
                entry("B", "3"), entry("A", "5"), entry("C", "4"));
        assertThat(file.problems()).isEmpty();
    }

    @Test
    void valuesCannotBeModified() throws IOException {
        EnvFile file = EnvFile.load(write("A=1"));

        assertThatThrownBy(() -> file.values().put("B", "2"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> file.problems().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void missingFileIsEmptyWithoutProblems() {
        Path missing = dir.resolve("nope/.env");

        EnvFile file = EnvFile.load(missing);

        assertThat(file.exists()).isFalse();
        assertThat(file.path()).isEqualTo(missing);
        assertThat(file.values()).isEmpty();
        assertThat(file.problems()).isEmpty();
        assertThat(file.fingerprint()).isEmpty();
        assertThat(EnvFile.fingerprintOf(missing)).isEmpty();
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        Path path = dir.resolve(".env");
        Files.write(path, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'A', '=', '1'});

        assertThat(EnvFile.load(path).values()).containsExactly(entry("A", "1"));
    }

    @Test
    void problemDescriptionsUseTheFileNameAndLineNumber() throws IOException {
        EnvFile file = EnvFile.load(write("A=1\nFOO\n1X=2\n"));

        assertThat(file.problemDescriptions()).hasSize(2);
        assertThat(file.problemDescriptions().get(0)).startsWith(".env:2: the line is a single word without '='");
        assertThat(file.problemDescriptions().get(1)).startsWith(".env:3: invalid key \"1X\"");
        assertThat(file.values()).containsExactly(entry("A", "1"));
    }

    @Test
    void invalidUtf8IsAWholeFileProblemNamingTheLine() throws IOException {
        Path path = dir.resolve(".env");
        Files.write(path, new byte[] {'A', '=', '1', '\n', 'B', '=', (byte) 0xC3, (byte) 0x28, '\n'});

        EnvFile file = EnvFile.load(path);

        assertThat(file.exists()).isTrue();
        assertThat(file.values()).isEmpty();
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isZero();
            assertThat(p.message()).contains("not valid UTF-8", "line 2", "save it as UTF-8");
        });
        assertThat(file.problemDescriptions()).containsExactly(".env: " + file.problems().get(0).message());
        assertThat(file.fingerprint()).isEqualTo(EnvFile.fingerprintOf(path)).hasSize(64);
    }

    @Test
    void utf16FileGetsAnEncodingHint() throws IOException {
        Path path = dir.resolve(".env");
        Files.write(path, "\uFEFFA=1".getBytes(UTF_16LE));

        assertThat(EnvFile.load(path).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("UTF-16", "UTF-8"));
    }

    @Test
    void directoryIsReportedAsUnusable() throws IOException {
        Path path = Files.createDirectory(dir.resolve(".env"));

        EnvFile file = EnvFile.load(path);

        assertThat(file.exists()).isTrue();
        assertThat(file.problems()).singleElement()
                .satisfies(p -> assertThat(p.describe(".env")).isEqualTo(".env: the file is a directory, not a file"));
        assertThat(EnvFile.fingerprintOf(path)).isEmpty();
    }

    @Test
    void unreadableFileIsAWholeFileProblem() throws IOException {
        Path path = write("A=1");
        assumeThat(path.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Files.setPosixFilePermissions(path, Set.of());
        assumeThat(Files.isReadable(path)).as("running as root can read anything").isFalse();

        EnvFile file = EnvFile.load(path);

        assertThat(file.exists()).isTrue();
        assertThat(file.values()).isEmpty();
        assertThat(file.problemDescriptions()).containsExactly(
                ".env: the file cannot be read (permission denied); check that it is a readable file");
        assertThat(file.fingerprint()).isEmpty();
    }

    @Test
    void fingerprintIsSha256HexOfTheRawBytes() throws IOException {
        EnvFile file = EnvFile.load(write("A=1\n"));

        // printf 'A=1\n' | sha256sum
        assertThat(file.fingerprint())
                .isEqualTo("91d6a3d55e9fea7911c537afae6607c77fa8bc0f3a76c375e104ac5a8cfa84db");
    }

    @Test
    void fingerprintChangesWhenTheFileChangesEvenIfValuesDoNot() throws IOException {
        Path path = write("A=1\n");
        EnvFile before = EnvFile.load(path);
        assertThat(EnvFile.fingerprintOf(path)).isEqualTo(before.fingerprint());

        write("A=1 # now with a comment\n");

        assertThat(EnvFile.fingerprintOf(path)).isNotEqualTo(before.fingerprint());
        assertThat(EnvFile.load(path).values()).isEqualTo(before.values());
    }

    @Test
    void atomicWriteReplacesContentAndLeavesNoTempFiles() throws IOException {
        Path path = write("OLD=1\n");

        AtomicFiles.write(path, "NEW=2\nPASSWORD=\"p@ss\"\n");

        assertThat(Files.readString(path)).isEqualTo("NEW=2\nPASSWORD=\"p@ss\"\n");
        assertThat(EnvFile.load(path).values()).containsExactly(entry("NEW", "2"), entry("PASSWORD", "p@ss"));
        assertThat(filesIn(dir)).containsExactly(".env");
    }

    @Test
    void atomicWriteCreatesAMissingFileReadableByItsOwnerOnly() throws IOException {
        Path path = dir.resolve(".env");

        AtomicFiles.write(path, "A=é\n");

        assertThat(Files.readAllBytes(path)).isEqualTo("A=é\n".getBytes(UTF_8));
        assertThat(filesIn(dir)).containsExactly(".env");
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(path))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void atomicWriteKeepsTheExistingPermissions() throws IOException {
        Path path = write("A=1");
        assumeThat(path.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Set<PosixFilePermission> shared = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(path, shared);

        AtomicFiles.write(path, "A=2");

        assertThat(Files.getPosixFilePermissions(path)).isEqualTo(shared);
    }

    @Test
    void atomicWriteThroughASymlinkReplacesTheLinkedFile() throws IOException {
        Path real = Files.writeString(dir.resolve("real.env"), "A=1");
        Path link = dir.resolve(".env");
        try {
            Files.createSymbolicLink(link, real.getFileName());
        } catch (UnsupportedOperationException | IOException e) {
            assumeThat(false).as("symbolic links unsupported here").isTrue();
        }

        AtomicFiles.write(link, "A=2");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("A=2");
        assertThat(filesIn(dir)).containsExactlyInAnyOrder(".env", "real.env");
    }

    @Test
    void failedAtomicWriteLeavesNoTempFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve(".env"));
        Files.writeString(target.resolve("inside"), "x");

        assertThatThrownBy(() -> AtomicFiles.write(target, "A=1")).isInstanceOf(IOException.class);

        assertThat(filesIn(dir)).containsExactly(".env");
    }

    @Test
    void toStringDoesNotRevealValues() throws IOException {
        EnvFile file = EnvFile.load(write("API_KEY=s3cr3t"));

        assertThat(file.toString()).contains(".env", "1 values").doesNotContain("s3cr3t");
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
