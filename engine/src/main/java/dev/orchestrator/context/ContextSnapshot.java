package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * An immutable copy of a context's values at one moment.
 *
 * @param values      the values (callers must not mutate it)
 * @param historySize how many change records the context had then
 * @param takenAt     when
 */
@API(status = EXPERIMENTAL)
public record ContextSnapshot(ObjectNode values, int historySize, Instant takenAt) {

    /**
     * What changed from {@code before} to {@code after}: key → old/new, keys in a stable order; a key
     * absent on one side has a {@code MissingNode} there.
     *
     * <p>Only added, removed and changed keys appear: first {@code before}'s keys in its order, then the
     * keys new in {@code after} in its order. Numbers compare by value ({@code 1}, {@code 1L} and
     * {@code 1.0} are equal), as a value read back from a checkpoint may have a different Java number type.
     * The nodes in the result are copies. Both snapshots are required (non-null).
     */
    public static Map<String, ValueChange> diff(ContextSnapshot before, ContextSnapshot after) {
        ObjectNode old = before.values();
        ObjectNode now = after.values();
        Map<String, ValueChange> changes = new LinkedHashMap<>();
        old.properties().forEach(field -> {
            JsonNode next = now.get(field.getKey());
            if (next == null) {
                changes.put(field.getKey(), new ValueChange(field.getValue().deepCopy(), MissingNode.getInstance()));
            } else if (!field.getValue().equals(NUMBERS_BY_VALUE, next)) {
                changes.put(field.getKey(), new ValueChange(field.getValue().deepCopy(), next.deepCopy()));
            }
        });
        now.properties().forEach(field -> {
            if (!old.has(field.getKey())) {
                changes.put(field.getKey(), new ValueChange(MissingNode.getInstance(), field.getValue().deepCopy()));
            }
        });
        return Collections.unmodifiableMap(changes);
    }

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
