package dev.relaunch.restart;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A host whose "processes" are futures the test completes: ready, exit, drained. */
final class FakeHost implements ServerHost {
    final AtomicLong nextPid = new AtomicLong(1000);
    final List<FakeCandidate> spawned = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    volatile long serving = 1;
    volatile List<String> configProblems = List.of();
    volatile CompletableFuture<Void> drain = CompletableFuture.completedFuture(null);
    /** The health each candidate is found in, by PID; healthy when absent. */
    final java.util.Map<Long, Health> health = new java.util.concurrent.ConcurrentHashMap<>();
    /** What {@link #spawnLastGood} does: the restored candidate behaves like this; null: the host cannot. */
    volatile java.util.function.Consumer<FakeCandidate> lastGood;
    /** Who holds the port the next process needs; null when free. */
    volatile PortConflict portConflict;

    static final class FakeCandidate implements Candidate {
        final long pid;
        final CompletableFuture<Integer> ready = new CompletableFuture<>();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        volatile boolean killed;

        FakeCandidate(long pid) {
            this.pid = pid;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Integer> ready() {
            return ready;
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public List<String> logTail(int max) {
            return List.of("starting " + pid, "error: PORT=abc is not a number");
        }

        @Override
        public String logFile() {
            return "/tmp/fake.log";
        }

        @Override
        public void kill() {
            killed = true;
            exit.complete(143);
        }
    }

    /** What each spawned candidate does: complete ready, exit, or nothing (hang). */
    volatile java.util.function.Consumer<FakeCandidate> behaviour = c -> c.ready.complete(8080);

    @Override
    public OptionalLong servingPid() {
        return serving == 0 ? OptionalLong.empty() : OptionalLong.of(serving);
    }

    @Override
    public List<String> checkConfiguration() {
        return configProblems;
    }

    @Override
    public synchronized Candidate spawn(String opId) {
        FakeCandidate c = new FakeCandidate(nextPid.incrementAndGet());
        spawned.add(c);
        events.add("spawn " + c.pid);
        behaviour.accept(c);
        return c;
    }

    @Override
    public Health checkHealth(Candidate candidate, long budgetMs) {
        events.add("health " + candidate.pid());
        return health.getOrDefault(candidate.pid(), Health.HEALTHY);
    }

    @Override
    public synchronized Candidate spawnLastGood(String opId) {
        if (lastGood == null) {
            return null;
        }
        FakeCandidate c = new FakeCandidate(nextPid.incrementAndGet());
        spawned.add(c);
        events.add("restore " + c.pid);
        lastGood.accept(c);
        return c;
    }

    @Override
    public java.util.Optional<PortConflict> awaitPortFree(long timeoutMs) {
        return java.util.Optional.ofNullable(portConflict);
    }

    @Override
    public synchronized void promote(Candidate candidate) {
        events.add("promote " + candidate.pid());
        serving = candidate.pid();
    }

    @Override
    public synchronized CompletableFuture<Void> retire(long drainTimeoutMs) {
        events.add("retire");
        return drain;
    }
}
