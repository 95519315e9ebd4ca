package dev.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain harness: warm-up runs that are thrown away, then timed runs. */
final class Measure {

    /** One run of the thing measured; returns its duration in nanoseconds (it may time only part of itself). */
    @FunctionalInterface
    interface Run {
        long nanos() throws Exception;
    }

    /** Something whose whole call is timed. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private Measure() {
    }

    /** {@code warmups} discarded runs, then {@code runs} timed ones, in milliseconds. */
    static Samples millis(int warmups, int runs, Run run) throws Exception {
        for (int i = 0; i < warmups; i++) {
            run.nanos();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ms.add(run.nanos() / 1e6);
        }
        return new Samples(ms, "ms");
    }

    /** Nanoseconds of one call of {@code action}. */
    static long time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }
}
