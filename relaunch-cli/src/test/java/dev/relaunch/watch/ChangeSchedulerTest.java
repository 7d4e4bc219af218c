package dev.relaunch.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relaunch.restart.OpRecord;
import dev.relaunch.restart.WatchState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChangeSchedulerTest {
    private static final long QUIET = 300;

    /** Time that moves only when the test says so, and the timers due by then. */
    private static final class ManualTime extends Clock {
        private record Task(long due, long seq, Runnable run, boolean[] cancelled) {}

        private long now;
        private long seq;
        private final List<Task> tasks = new ArrayList<>();

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(1_800_000_000_000L + now);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        Runnable schedule(Runnable r, long delayMs) {
            boolean[] cancelled = {false};
            tasks.add(new Task(now + delayMs, seq++, r, cancelled));
            return () -> cancelled[0] = true;
        }

        void advance(long ms) {
            long until = now + ms;
            while (true) {
                Task next = tasks.stream().filter(t -> t.due <= until)
                        .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq)).orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                now = Math.max(now, next.due);
                if (!next.cancelled[0]) {
                    next.run.run();
                }
            }
            now = until;
        }
    }

    /** Records every restart asked for; each one ends when the test completes its future. */
    private static final class Restarts implements ChangeScheduler.Restarter {
        final List<List<Path>> asked = new ArrayList<>();
        final List<CompletableFuture<OpRecord>> running = new ArrayList<>();
        boolean joinEarlierOp;

        @Override
        public ChangeScheduler.Restart restart(List<Path> changed, Instant lastChangeAt) {
            asked.add(List.copyOf(changed));
            CompletableFuture<OpRecord> done = new CompletableFuture<>();
            running.add(done);
            return new ChangeScheduler.Restart("op" + asked.size(), !joinEarlierOp, done);
        }

        void finishLast() {
            running.get(running.size() - 1).complete(null);
        }
    }

    private final ManualTime time = new ManualTime();
    private final Restarts restarts = new Restarts();
    /** The changed files that are not there now (deleted); every other one is. */
    private final Set<Path> missing = new HashSet<>();
    private final ChangeScheduler scheduler = started(new ChangeScheduler(time, time::schedule, restarts, QUIET,
            p -> !missing.contains(p), p -> p.toString()));

    private static ChangeScheduler started(ChangeScheduler s) {
        s.start();
        return s;
    }

    private static List<Path> files(String... names) {
        return java.util.Arrays.stream(names).map(Path::of).toList();
    }

    @Test
    void aBurstOfChangesGivesOneRestartAfterTheQuietPeriod() {
        for (int i = 0; i < 20; i++) {
            scheduler.changed(files("c/F" + i + ".class"));
            time.advance(50);
        }
        assertThat(restarts.asked).isEmpty();
        time.advance(QUIET - 51);
        assertThat(restarts.asked).isEmpty();
        time.advance(1);
        assertThat(restarts.asked).hasSize(1);
        assertThat(restarts.asked.get(0)).hasSize(20).startsWith(Path.of("c/F0.class"));
        WatchState s = scheduler.state(List.of("c"));
        assertThat(s.lastChange().count()).isEqualTo(20);
        assertThat(s.lastChange().paths()).hasSize(OpRecord.Changes.MAX_PATHS);
        assertThat(s.lastChange().opId()).isEqualTo("op1");
        assertThat(s.pending()).isNull();
    }

    @Test
    void aBuildThatDeletesAClassBeforeWritingItAgainGivesOneRestartAfterTheWrite() {
        // mvn compile: the class deleted, javac's write about 0.5 s later (longer on a busy machine)
        missing.add(Path.of("c/A.class"));
        scheduler.changed(files("c/A.class"));
        time.advance(ChangeScheduler.MISSING_QUIET_MS - 1);
        assertThat(restarts.asked).as("no restart while the class is missing").isEmpty();
        missing.clear();
        scheduler.changed(files("c/A.class"));
        time.advance(QUIET - 1);
        assertThat(restarts.asked).isEmpty();
        time.advance(1);
        assertThat(restarts.asked).containsExactly(files("c/A.class"));
    }

    @Test
    void aClassThatStaysDeletedRestartsAfterTheLongerWait() {
        missing.add(Path.of("c/Gone.class"));
        scheduler.changed(files("c/Gone.class"));
        time.advance(ChangeScheduler.MISSING_QUIET_MS - 1);
        assertThat(restarts.asked).isEmpty();
        time.advance(1);
        assertThat(restarts.asked).containsExactly(files("c/Gone.class"));
    }

    @Test
    void changesBeforeTheAppFirstServesRestartItOnceWhenItDoes() {
        ChangeScheduler booting = new ChangeScheduler(time, time::schedule, restarts, QUIET, p -> true,
                Path::toString);
        booting.changed(files("A.class"));
        booting.changed(files("B.class"));
        time.advance(QUIET * 10);
        assertThat(restarts.asked).isEmpty();
        booting.start();
        time.advance(0);
        assertThat(restarts.asked).containsExactly(files("A.class", "B.class"));
    }

    @Test
    void theSameFileWrittenTwiceCountsOnce() {
        scheduler.changed(files("A.class"));
        scheduler.changed(files("A.class", "B.class"));
        time.advance(QUIET);
        assertThat(restarts.asked).containsExactly(files("A.class", "B.class"));
    }

    @Test
    void changesDuringARestartGiveExactlyOneMoreRestartAfterIt() {
        scheduler.changed(files("A.class"));
        time.advance(QUIET);
        assertThat(restarts.asked).hasSize(1);
        scheduler.changed(files("B.class"));
        time.advance(QUIET * 3);
        scheduler.changed(files("C.class"));
        time.advance(QUIET * 3);
        assertThat(restarts.asked).as("never two at once").hasSize(1);
        assertThat(scheduler.state(List.of()).pending().count()).isEqualTo(2);
        restarts.finishLast();
        time.advance(0);
        assertThat(restarts.asked).hasSize(2);
        assertThat(restarts.asked.get(1)).containsExactly(Path.of("B.class"), Path.of("C.class"));
        restarts.finishLast();
        time.advance(QUIET * 10);
        assertThat(restarts.asked).hasSize(2);
    }

    @Test
    void aChangeJustBeforeARestartEndsStillWaitsForItsQuietPeriod() {
        scheduler.changed(files("A.class"));
        time.advance(QUIET);
        time.advance(1000);
        scheduler.changed(files("B.class"));
        time.advance(100);
        restarts.finishLast();
        time.advance(QUIET - 101);
        assertThat(restarts.asked).hasSize(1);
        time.advance(1);
        assertThat(restarts.asked).hasSize(2);
    }

    @Test
    void aFailedRestartIsNotRetriedUntilTheNextChange() {
        scheduler.changed(files("Broken.class"));
        time.advance(QUIET);
        restarts.running.get(0).complete(null); // the outcome does not matter: the scheduler never retries by itself
        time.advance(60_000);
        assertThat(restarts.asked).hasSize(1);
        scheduler.changed(files("Fixed.class"));
        time.advance(QUIET);
        assertThat(restarts.asked).hasSize(2);
    }

    @Test
    void changesWhilePausedRestartOnceOnResume() {
        scheduler.pause();
        scheduler.changed(files("A.class"));
        time.advance(QUIET);
        scheduler.changed(files("B.class"));
        time.advance(10_000);
        assertThat(restarts.asked).isEmpty();
        WatchState paused = scheduler.state(List.of());
        assertThat(paused.paused()).isTrue();
        assertThat(paused.pending().count()).isEqualTo(2);
        scheduler.resume();
        time.advance(QUIET);
        assertThat(restarts.asked).containsExactly(files("A.class", "B.class"));
    }

    @Test
    void pausingCancelsARestartThatWasWaitingForQuiet() {
        scheduler.changed(files("A.class"));
        time.advance(QUIET - 1);
        scheduler.pause();
        time.advance(QUIET);
        assertThat(restarts.asked).isEmpty();
    }

    @Test
    void aJoinedOperationFromBeforeTheChangesIsFollowedByOneOfTheirOwn() {
        restarts.joinEarlierOp = true;
        scheduler.changed(files("A.class"));
        time.advance(QUIET);
        restarts.joinEarlierOp = false;
        restarts.finishLast();
        time.advance(QUIET);
        assertThat(restarts.asked).containsExactly(files("A.class"), files("A.class"));
    }

    @Test
    void aRunningBuildHoldsRestartsAndItsSuccessLetsThemGoAfterTheSettleTime() {
        scheduler.build("started", null, List.of());
        scheduler.changed(files("A.class"));
        time.advance(QUIET * 10);
        assertThat(restarts.asked).isEmpty();
        scheduler.build("succeeded", null, List.of());
        time.advance(ChangeScheduler.SETTLE_MS - 1);
        assertThat(restarts.asked).isEmpty();
        time.advance(1);
        assertThat(restarts.asked).containsExactly(files("A.class"));
    }

    @Test
    void aFailedBuildKeepsTheChangesForTheNextSuccess() {
        scheduler.build("started", null, List.of());
        scheduler.changed(files("Half.class"));
        scheduler.build("failed", "cannot find symbol", List.of("[ERROR] Greeting.java:[3,5] cannot find symbol"));
        time.advance(QUIET * 10);
        assertThat(restarts.asked).isEmpty();
        WatchState s = scheduler.state(List.of());
        assertThat(s.build().phase()).isEqualTo("failed");
        assertThat(s.build().logTail()).hasSize(1);
        assertThat(s.pending().count()).isEqualTo(1);
        scheduler.build("started", null, List.of());
        scheduler.changed(files("Fixed.class"));
        scheduler.build("succeeded", null, List.of());
        time.advance(ChangeScheduler.SETTLE_MS);
        assertThat(restarts.asked).containsExactly(files("Half.class", "Fixed.class"));
    }

    @Test
    void aBuildThatNeverEndsHoldsRestartsForTwoMinutesAtMost() {
        scheduler.build("started", null, List.of());
        scheduler.changed(files("A.class"));
        time.advance(ChangeScheduler.BUILD_LIMIT.toMillis() - 1);
        assertThat(restarts.asked).isEmpty();
        time.advance(1);
        assertThat(restarts.asked).hasSize(1);
    }

    @Test
    void aRestarterThatCannotRestartKeepsTheChanges() {
        ChangeScheduler refusing = started(new ChangeScheduler(time, time::schedule, (c, at) -> {
            throw new IllegalStateException("relaunch is stopping");
        }, QUIET, p -> true, Path::toString));
        refusing.changed(files("A.class"));
        time.advance(QUIET);
        assertThat(refusing.state(List.of()).pending().count()).isEqualTo(1);
    }
}
