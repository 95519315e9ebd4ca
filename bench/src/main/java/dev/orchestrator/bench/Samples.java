package dev.orchestrator.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Repeated measurements of one thing, in one unit, reduced to a median and a minimum.
 *
 * @param values the measurements (at least one), in {@code unit}
 * @param unit   for example {@code "µs/step"}, {@code "ms"}, {@code "B/entry"}
 */
record Samples(List<Double> values, String unit) {

    Samples {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        values = List.copyOf(values);
    }

    static Samples of(String unit, double... values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return new Samples(list, unit);
    }

    /** The same samples divided by {@code divisor} (per step, per write …), in {@code newUnit}. */
    Samples per(double divisor, String newUnit) {
        return new Samples(values.stream().map(v -> v / divisor).toList(), newUnit);
    }

    double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(values);
    }

    int count() {
        return values.size();
    }

    /** {@code 312 µs/step (min 300, n=5)}. */
    String describe() {
        return Table.number(median()) + " " + unit + " (min " + Table.number(min()) + ", n=" + count() + ")";
    }
}
