package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A step's ctx contract (docs/contracts.md): the top-level ctx keys it declares it reads ({@code reads:}) and
 * writes ({@code writes:}), in the recipe or in its scriptlet's declaration. A list that is declared, even
 * empty, is a promise: {@code writes: []} says the step writes nothing; a list that is not declared promises
 * nothing (the step may read or write anything).
 *
 * @param reads    ctx keys the step reads, in declaration order; empty if undeclared
 * @param writes   ctx keys the step writes, in declaration order; empty if undeclared
 * @param declared which lists are declared, and where each key is written (for messages)
 */
@API(status = EXPERIMENTAL)
public record StepContract(List<String> reads, List<String> writes, Declared declared) {

    /** Nothing declared: what a step without {@code reads:} or {@code writes:} gets. */
    public static final StepContract NONE = new StepContract(List.of(), List.of(), Declared.NONE);

    public StepContract {
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
        declared = declared != null ? declared : Declared.NONE;
    }

    /** A contract declaring each list that is not empty, without positions (for code and tests). */
    public StepContract(List<String> reads, List<String> writes) {
        this(reads, writes, new Declared(reads.isEmpty() ? null : Position.START,
                writes.isEmpty() ? null : Position.START, Map.of(), Map.of()));
    }

    /** Whether the step declares what it reads ({@code reads:} given, possibly empty). */
    public boolean declaresReads() {
        return declared.reads() != null;
    }

    /** Whether the step declares what it writes ({@code writes:} given, possibly empty). */
    public boolean declaresWrites() {
        return declared.writes() != null;
    }

    /** Whether the step may write {@code key}: it declares no writes, or declares this key among them. */
    public boolean mayWrite(String key) {
        return !declaresWrites() || writes.contains(key);
    }

    /** Where the read of {@code key} is declared: the key's item, else the list, else the file's start. */
    public Position readAt(String key) {
        Position at = declared.readAt().get(key);
        return at != null ? at : declared.reads() != null ? declared.reads() : Position.START;
    }

    /** Where the write of {@code key} is declared: the key's item, else the list, else the file's start. */
    public Position writeAt(String key) {
        Position at = declared.writeAt().get(key);
        return at != null ? at : declared.writes() != null ? declared.writes() : Position.START;
    }

    /**
     * Which lists are declared, and where.
     *
     * @param reads   where the reads are declared ({@code reads:}, or where the step names a scriptlet that
     *                declares them); null when undeclared
     * @param writes  the same for the writes; null when undeclared
     * @param readAt  each read key → where it is written; a key missing here is reported at {@code reads}
     * @param writeAt each written key → where it is written; a key missing here is reported at {@code writes}
     */
    public record Declared(Position reads, Position writes, Map<String, Position> readAt,
                           Map<String, Position> writeAt) {

        /** Neither list declared. */
        public static final Declared NONE = new Declared(null, null, Map.of(), Map.of());

        public Declared {
            readAt = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(readAt));
            writeAt = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(writeAt));
        }
    }
}
