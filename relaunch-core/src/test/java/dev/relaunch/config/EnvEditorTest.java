package dev.relaunch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relaunch.config.EnvEditor.EditException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvEditorTest {
    @TempDir
    Path dir;

    private Path env() {
        return dir.resolve(".env");
    }

    private EnvEditor editor() {
        return new EnvEditor(env(), dir.resolve("instance/env.lock"));
    }

    @Test
    void setKeepsEveryOtherLineAndTheBackupHoldsThePreviousVersion() throws Exception {
        String before = "# app\r\nexport A='one' # first\r\nB=2\r\n";
        Files.writeString(env(), before);
        String version = EnvEditor.versionOf(env());

        EnvEditor.Outcome out = editor().set("A", "two words", version, false);

        assertThat(Files.readString(env())).isEqualTo("# app\r\nexport A='two words' # first\r\nB=2\r\n");
        assertThat(Files.readString(EnvEditor.backupOf(env()))).isEqualTo(before);
        assertThat(out.version()).isEqualTo(EnvEditor.versionOf(env())).isNotEqualTo(version);
        assertThat(out.created()).isFalse();
    }

    @Test
    void aStaleVersionIsAConflictAndNothingIsWritten() throws Exception {
        Files.writeString(env(), "A=1\n");
        String stale = EnvEditor.versionOf(env());
        Files.writeString(env(), "A=1\nB=edited elsewhere\n");

        assertThatThrownBy(() -> editor().set("A", "2", stale, false)).isInstanceOfSatisfying(EditException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(EditException.Kind.CONFLICT);
                    assertThat(e.currentVersion()).isEqualTo(EnvEditor.versionOf(env()));
                });
        assertThatThrownBy(() -> editor().set("A", "2", null, false)).isInstanceOf(EditException.class);
        assertThat(Files.readString(env())).isEqualTo("A=1\nB=edited elsewhere\n");
        assertThat(EnvEditor.backupOf(env())).doesNotExist();
    }

    @Test
    void invalidKeysAndValuesAreRefusedWithoutWriting() throws Exception {
        Files.writeString(env(), "A=1\n");
        String v = EnvEditor.versionOf(env());
        for (String key : new String[] {"1A", "A-B", "A B", "", "a.b", "X".repeat(129)}) {
            assertThatThrownBy(() -> editor().set(key, "x", v, false)).as(key).isInstanceOfSatisfying(EditException.class,
                    e -> assertThat(e.kind()).isEqualTo(EditException.Kind.INVALID_KEY));
        }
        for (String value : new String[] {"a\0b", "bell\u0007", "\uD800"}) {
            assertThatThrownBy(() -> editor().set("A", value, v, false)).isInstanceOfSatisfying(EditException.class,
                    e -> assertThat(e.kind()).isEqualTo(EditException.Kind.INVALID_VALUE));
        }
        assertThat(Files.readString(env())).isEqualTo("A=1\n");
    }

    @Test
    void aKeyWrittenWithTheWiderSyntaxCanStillBeEditedAndDeleted() throws Exception {
        Files.writeString(env(), "spring.profile=dev\nA=1\n");
        EnvEditor.Outcome out = editor().set("spring.profile", "test", EnvEditor.versionOf(env()), false);
        assertThat(Files.readString(env())).isEqualTo("spring.profile=test\nA=1\n");
        editor().delete("spring.profile", out.version());
        assertThat(Files.readString(env())).isEqualTo("A=1\n");
    }

    @Test
    void anAddOfAKeyThatExistsIsRefused() throws Exception {
        Files.writeString(env(), "A=1\n");
        assertThatThrownBy(() -> editor().set("A", "2", EnvEditor.ANY, true)).isInstanceOfSatisfying(
                EditException.class, e -> assertThat(e.kind()).isEqualTo(EditException.Kind.KEY_EXISTS));
        editor().set("B", "2", EnvEditor.ANY, true);
        assertThat(Files.readString(env())).isEqualTo("A=1\nB=2\n");
    }

    @Test
    void deleteOfAnUnknownKeyIsRefused() throws Exception {
        Files.writeString(env(), "A=1\n");
        assertThatThrownBy(() -> editor().delete("B", EnvEditor.ANY)).isInstanceOfSatisfying(EditException.class,
                e -> assertThat(e.kind()).isEqualTo(EditException.Kind.UNKNOWN_KEY));
    }

    @Test
    void permissionsAreKeptAndTheBackupGetsThem() throws Exception {
        Files.writeString(env(), "SECRET=1\n");
        Files.setPosixFilePermissions(env(), PosixFilePermissions.fromString("rw-r-----"));
        editor().set("SECRET", "2", EnvEditor.ANY, false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env()))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(EnvEditor.backupOf(env()))))
                .isEqualTo("rw-r-----");
    }

    @Test
    void aMissingFileIsCreatedOwnerOnly() throws Exception {
        EnvEditor.Outcome out = editor().set("A", "1", EnvEditor.NO_FILE, false);
        assertThat(Files.readString(env())).isEqualTo("A=1\n");
        assertThat(out.created()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env()))).isEqualTo("rw-------");
    }

    @Test
    void restoreSwapsTheBackupBackAndCanBeUndoneItself() throws Exception {
        Files.writeString(env(), "A=1\n");
        EnvEditor.Outcome edited = editor().set("A", "2", EnvEditor.ANY, false);

        assertThatThrownBy(() -> editor().restoreBackup("stale")).isInstanceOf(EditException.class);
        EnvEditor.Outcome restored = editor().restoreBackup(edited.version());

        assertThat(Files.readString(env())).isEqualTo("A=1\n");
        assertThat(Files.readString(EnvEditor.backupOf(env()))).isEqualTo("A=2\n");
        assertThat(restored.version()).isEqualTo(EnvEditor.versionOf(env()));
    }

    @Test
    void restoreWithoutABackupSaysSo() throws Exception {
        Files.writeString(env(), "A=1\n");
        assertThatThrownBy(() -> editor().restoreBackup(EnvEditor.ANY)).isInstanceOfSatisfying(EditException.class,
                e -> assertThat(e.kind()).isEqualTo(EditException.Kind.NO_BACKUP));
    }

    @Test
    void aFileThatIsNotUtf8IsNotTouched() throws Exception {
        byte[] latin1 = "A=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(env(), latin1);
        assertThatThrownBy(() -> editor().set("A", "x", EnvEditor.ANY, false)).isInstanceOfSatisfying(EditException.class,
                e -> assertThat(e.kind()).isEqualTo(EditException.Kind.UNREADABLE));
        assertThat(Files.readAllBytes(env())).isEqualTo(latin1);
    }

    @Test
    void aSymbolicLinkIsFollowed() throws Exception {
        Path real = dir.resolve("real.env");
        Files.writeString(real, "A=1\n");
        Files.createSymbolicLink(env(), real);
        editor().set("A", "2", EnvEditor.ANY, false);
        assertThat(Files.isSymbolicLink(env())).isTrue();
        assertThat(Files.readString(real)).isEqualTo("A=2\n");
    }

    @Test
    void knownKeysAreCheckedByTheRulesOfARestart() {
        assertThat(KnownKeys.problem("PORT", "abc")).hasValueSatisfying(p -> assertThat(p).contains("not a number"));
        assertThat(KnownKeys.problem("PORT", "70000")).isPresent();
        assertThat(KnownKeys.problem("PORT", "8080")).isEmpty();
        assertThat(KnownKeys.problem("APP_ENV", "staging")).isPresent();
        assertThat(KnownKeys.problem("DRAIN_TIMEOUT_MS", "-5")).isPresent();
        assertThat(KnownKeys.problem("STARTUP_TIMEOUT_MS", "0")).isPresent();
        assertThat(KnownKeys.problem("RESTART_TOKEN", "short")).hasValueSatisfying(p ->
                assertThat(p).doesNotContain("short"));
        assertThat(KnownKeys.problem("GREETING", "anything at all")).isEmpty();
        assertThat(KnownKeys.consequence("APP_ENV", "production")).isPresent();
        assertThat(KnownKeys.consequence("APP_ENV", "testing")).isEmpty();
    }
}
