package dev.orchestrator.schedule.internal;

import dev.orchestrator.event.StepStatus;
import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@link StepTask} that records when and where each step ran, what was skipped and why, and the order
 * of all events; steps can be told to fail, throw, meet others at a barrier, wait for a gate or block until
 * interrupted. Every wait has a timeout: a wait that times out is recorded as a problem (and fails the step),
 * so a broken scheduler fails the test instead of hanging it.
 */
final class RecordingTask implements StepTask {

    static final long WAIT_SECONDS = 10;

    private final String recipe;
    private final Timeline timeline;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, RuntimeException> throwing = new ConcurrentHashMap<>();
    private final Map<String, CyclicBarrier> barriers = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Set<String> blockingUntilInterrupted = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> skipped = new ConcurrentHashMap<>();
    private final Set<String> interrupted = ConcurrentHashMap.newKeySet();
    private final List<String> problems = new ArrayList<>();
    private volatile long busyNanos;
    private final Map<String, Long> busyNanosOf = new ConcurrentHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final Map<String, Timeline.Interval> runs = new HashMap<>();
    private final Map<String, String> skipReasons = new HashMap<>();
    private final Map<String, Long> skipTimes = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();

    RecordingTask() {
        this("recipe", new Timeline());
    }

    RecordingTask(String recipe, Timeline timeline) {
        this.recipe = recipe;
        this.timeline = timeline;
    }

    RecordingTask failing(String... steps) {
        failing.addAll(List.of(steps));
        return this;
    }

    RecordingTask throwing(String step, RuntimeException e) {
        throwing.put(step, e);
        return this;
    }

    /** The steps wait at {@code barrier} (so all its parties must be running at once). */
    RecordingTask meeting(CyclicBarrier barrier, String... steps) {
        for (String step : steps) {
            barriers.put(step, barrier);
        }
        return this;
    }

    /** The step waits until {@code gate} opens. */
    RecordingTask waitingFor(CountDownLatch gate, String step) {
        gates.put(step, gate);
        return this;
    }

    /** Every step keeps its thread busy for about {@code micros} (a spin, so steps overlap more often). */
    RecordingTask busyFor(long micros) {
        this.busyNanos = micros * 1000;
        return this;
    }

    /** Opens once {@code step} has started running. */
    CountDownLatch startedSignal(String step) {
        return latch(started, step);
    }

    /** Opens once {@code step} has been reported skipped. */
    CountDownLatch skippedSignal(String step) {
        return latch(skipped, step);
    }

    /** {@code step} keeps its thread busy for about {@code micros}, instead of the default for every step. */
    RecordingTask busyFor(String step, long micros) {
        busyNanosOf.put(step, micros * 1000);
        return this;
    }

    RecordingTask blockingUntilInterrupted(String step) {
        blockingUntilInterrupted.add(step);
        return this;
    }

    @Override
    public StepStatus run(Step step) throws InterruptedException {
        String name = step.name();
        long start = System.nanoTime();
        timeline.enter();
        event("start " + name);
        latch(started, name).countDown();
        try {
            CyclicBarrier barrier = barriers.get(name);
            if (barrier != null) {
                try {
                    barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    problem(name + " did not meet the others at its barrier: " + e);
                    return StepStatus.FAILED;
                }
            }
            CountDownLatch gate = gates.get(name);
            if (gate != null && !gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                problem(name + ": its gate never opened");
                return StepStatus.FAILED;
            }
            if (blockingUntilInterrupted.contains(name)) {
                try {
                    new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
                    problem(name + " was never interrupted");
                    return StepStatus.FAILED;
                } catch (InterruptedException e) {
                    interrupted.add(name);
                    throw e;
                }
            }
            long busyUntil = System.nanoTime() + busyNanosOf.getOrDefault(name, busyNanos);
            while (System.nanoTime() < busyUntil) {
                Thread.onSpinWait();
            }
            RuntimeException toThrow = throwing.get(name);
            if (toThrow != null) {
                throw toThrow;
            }
            return failing.contains(name) ? StepStatus.FAILED : StepStatus.PASSED;
        } finally {
            long end = System.nanoTime();
            timeline.exit();
            Timeline.Interval interval = new Timeline.Interval(recipe, name, start, end,
                    Thread.currentThread().getName());
            timeline.add(interval);
            synchronized (this) {
                runs.put(name, interval);
                calls.merge(name, 1, Integer::sum);
            }
            event("end " + name);
        }
    }

    @Override
    public void skip(Step step, String reason) {
        synchronized (this) {
            skipReasons.put(step.name(), reason);
            skipTimes.put(step.name(), System.nanoTime());
            calls.merge(step.name(), 1, Integer::sum);
        }
        event("skip " + step.name());
        latch(skipped, step.name()).countDown();
    }

    void awaitStarted(String step) throws InterruptedException {
        if (!latch(started, step).await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(step + " never started; events: " + events());
        }
    }

    void awaitSkipped(String step) throws InterruptedException {
        if (!latch(skipped, step).await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(step + " was never skipped; events: " + events());
        }
    }

    synchronized Timeline.Interval interval(String step) {
        Timeline.Interval interval = runs.get(step);
        if (interval == null) {
            throw new AssertionError(step + " did not run; events: " + events);
        }
        return interval;
    }

    synchronized boolean ran(String step) {
        return runs.containsKey(step);
    }

    synchronized Map<String, String> skipReasons() {
        return Map.copyOf(skipReasons);
    }

    synchronized long skipTime(String step) {
        return skipTimes.get(step);
    }

    /** How many times each step was run or skipped (each must be exactly once). */
    synchronized Map<String, Integer> calls() {
        return Map.copyOf(calls);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    boolean wasInterrupted(String step) {
        return interrupted.contains(step);
    }

    Timeline timeline() {
        return timeline;
    }

    private synchronized void event(String event) {
        events.add(event);
    }

    private synchronized void problem(String problem) {
        problems.add(problem);
    }

    private static CountDownLatch latch(Map<String, CountDownLatch> latches, String step) {
        return latches.computeIfAbsent(step, s -> new CountDownLatch(1));
    }
}
