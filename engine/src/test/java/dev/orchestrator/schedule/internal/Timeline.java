package dev.orchestrator.schedule.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What every {@link RecordingTask} sharing it saw, across recipes: run intervals and concurrency. */
final class Timeline {

    /** One run of a step: nanoTimes taken first and last thing inside {@code StepTask.run}. */
    record Interval(String recipe, String step, long start, long end, String thread) {

        boolean overlaps(Interval other) {
            return start < other.end && other.start < end;
        }

        @Override
        public String toString() {
            return recipe + "/" + step + "@" + thread;
        }
    }

    private final List<Interval> intervals = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    void enter() {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    void exit() {
        running.decrementAndGet();
    }

    synchronized void add(Interval interval) {
        intervals.add(interval);
    }

    synchronized List<Interval> intervals() {
        return List.copyOf(intervals);
    }

    /** Most steps ever inside {@code StepTask.run} at the same time. */
    int maxConcurrent() {
        return maxRunning.get();
    }
}
