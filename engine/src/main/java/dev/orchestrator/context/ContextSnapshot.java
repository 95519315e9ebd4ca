package dev.orchestrator.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * An immutable copy of a context's values at one moment.
 *
 * @param values      the values (callers must not mutate it)
 * @param historySize how many change records the context had then
 * @param takenAt     when
 */
public record ContextSnapshot(ObjectNode values, int historySize, Instant takenAt) {

    /**
     * What changed from {@code before} to {@code after}: key → old/new, keys in a stable order; a key
     * absent on one side has a {@code MissingNode} there.
     */
    public static Map<String, ValueChange> diff(ContextSnapshot before, ContextSnapshot after) {
        throw new UnsupportedOperationException("TODO");
    }
}
