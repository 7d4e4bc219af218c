package dev.relaunch.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpStoreTest {
    @TempDir
    Path dir;

    @Test
    void aSavedRecordReadsBackEqualAndLeavesNoTempFile() throws Exception {
        OpStore store = new OpStore(dir);
        OpRecord op = OpRecord.pending(OpIds.next(), "ui", 42L, "blue-green", false, Instant.now())
                .withPhase(OpStatus.STARTING, Instant.now());
        store.save(op);
        assertThat(store.find(op.opId())).contains(op);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(op.opId() + ".json");
        }
        assertThat(Files.readString(dir.resolve(op.opId() + ".json"))).contains("\"pid_before\" : 42",
                "\"status\" : \"starting\"");
    }

    @Test
    void recentListsNewestFirstAndPruneKeepsTheLastHundred() {
        OpStore store = new OpStore(dir);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 105; i++) {
            store.save(OpRecord.pending(OpIds.next(), "api", 1L, "blue-green", false, t.plusSeconds(i)));
        }
        assertThat(store.recent(3)).extracting(OpRecord::requestedAt)
                .containsExactly(t.plusSeconds(104).toString(), t.plusSeconds(103).toString(),
                        t.plusSeconds(102).toString());
        store.prune();
        assertThat(store.recent(1000)).hasSize(OpStore.KEEP);
        assertThat(store.recent(1000).get(OpStore.KEEP - 1).requestedAt()).isEqualTo(t.plusSeconds(5).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "..%2F..%2Fetc", "", "short", "AAAAAAAAAAAAAAAA/", "AAAAAAAA\0AAAAAAA",
            "AAAAAAAAAAAAAAAAA", "aaaaaaaa.json000"})
    void malformedIdsAreNeverLookedUp(String id) {
        OpStore store = new OpStore(dir);
        assertThat(OpIds.isValid(id)).isFalse();
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void anUnreadableRecordIsSkippedNotFatal() throws Exception {
        OpStore store = new OpStore(dir);
        Files.writeString(dir.resolve("AAAAAAAAAAAAAAAA.json"), "{ half a rec");
        assertThat(store.find("AAAAAAAAAAAAAAAA")).isEmpty();
        assertThat(store.recent(10)).isEmpty();
    }

    @Test
    void savingARecordWithABadIdIsRefused() {
        OpStore store = new OpStore(dir);
        OpRecord bad = OpRecord.pending("../x", "ui", 1L, "blue-green", false, Instant.now());
        assertThatThrownBy(() -> store.save(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedIdsAreValidAndDistinct() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = OpIds.next();
            assertThat(OpIds.isValid(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
