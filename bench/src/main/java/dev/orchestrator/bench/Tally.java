package dev.orchestrator.bench;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * The benchmarks' listener: counts passed tests (so a misconfigured launch that runs nothing cannot look
 * fast) and, when asked, times each test from its start event to its finish event.
 */
final class Tally implements TestExecutionListener {

    private final boolean timed;
    private final AtomicInteger passed = new AtomicInteger();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Queue<long[]> spans = new ConcurrentLinkedQueue<>();

    private Tally(boolean timed) {
        this.timed = timed;
    }

    /** Counts only: as close to a no-op listener as a checked benchmark gets. */
    static Tally counting() {
        return new Tally(false);
    }

    /** Counts, and records each test's start and finish (System.nanoTime). */
    static Tally timing() {
        return new Tally(true);
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (timed && id.isTest()) {
            started.put(id.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long now = timed ? System.nanoTime() : 0;
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            problems.add(id.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse("?"));
        } else if (id.isTest()) {
            passed.incrementAndGet();
            if (timed) {
                spans.add(new long[] {started.get(id.getUniqueId()), now});
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        problems.add(id.getDisplayName() + " skipped: " + reason);
    }

    /** Fails the benchmark unless exactly {@code expected} tests passed and nothing failed. */
    Tally expect(int expected) {
        if (passed.get() != expected || !problems.isEmpty()) {
            throw new IllegalStateException("expected " + expected + " passed tests, got " + passed.get()
                    + (problems.isEmpty() ? "" : "; first problems: " + problems.stream().limit(3).toList()));
        }
        return this;
    }

    /** Each passed test's start→finish time in milliseconds. */
    List<Double> durationsMillis() {
        return spans.stream().map(s -> (s[1] - s[0]) / 1e6).toList();
    }

    /** First test start to last test finish, in nanoseconds. */
    long spanNanos() {
        return lastFinishNanos() - firstStartNanos();
    }

    /** The first test's start (System.nanoTime). */
    long firstStartNanos() {
        return spans.stream().mapToLong(s -> s[0]).min().orElse(0);
    }

    /** The last test's finish (System.nanoTime). */
    long lastFinishNanos() {
        return spans.stream().mapToLong(s -> s[1]).max().orElse(0);
    }
}
