package dev.orchestrator.execution.internal;

import dev.orchestrator.context.ChangeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds ctx keys written by two steps that ran at the same time: the result depends on which finished
 * last, which is almost always a recipe bug. Reported as a warning, never a failure. Thread-safe.
 */
final class WriteConflicts {

    /** Two overlapping steps that both wrote {@code key}. */
    record Conflict(String key, String first, String second) {
        String describe() {
            return "ctx key '" + key + "' was written by steps " + first + " and " + second
                    + ", which ran at the same time: its value depends on which finished last";
        }
    }

    private record Finished(String step, Instant start, Instant end, Set<String> keys) {
        boolean overlaps(Finished other) {
            return start.isBefore(other.end) && other.start.isBefore(end);
        }
    }

    /** The finished steps that wrote something; compared with each later one. */
    private final List<Finished> finished = new ArrayList<>();

    /** Records a finished step and returns the conflicts it has with steps that finished before it. */
    synchronized List<Conflict> finished(String step, Instant start, Instant end, List<ChangeRecord> changes) {
        if (start == null || end == null || changes.isEmpty()) {
            return List.of(); // a step that wrote nothing conflicts with none, now or later: not kept
        }
        Set<String> keys = new LinkedHashSet<>();
        changes.forEach(c -> keys.add(c.key()));
        Finished current = new Finished(step, start, end, keys);
        List<Conflict> conflicts = new ArrayList<>();
        for (Finished other : finished) {
            if (other.overlaps(current)) {
                Set<String> shared = new TreeSet<>(other.keys());
                shared.retainAll(keys);
                shared.forEach(key -> conflicts.add(new Conflict(key, other.step(), step)));
            }
        }
        finished.add(current);
        return conflicts;
    }
}
