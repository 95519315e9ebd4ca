package dev.orchestrator.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shared JSON context of one recipe run (SPEC §5). Values are JSON only; every change is recorded
 * with who made it. Thread-safe: parallel steps may read and write at once, and no write is lost.
 *
 * <p>A {@code Context} is a view of one store bound to an actor ({@code who}/{@code what}); views made
 * with {@link #actingAs} share the store and record their own name on every change.
 */
public final class Context {

    /** A new, empty context whose changes are recorded as made by {@code "runner"}. */
    public static Context create(String recipe, String runId) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * A context holding {@code values}, with {@code history} as the changes already made (for example
     * restored from a checkpoint); new changes are appended after them.
     */
    public static Context restore(String recipe, String runId, ObjectNode values, List<ChangeRecord> history) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A view of the same store whose changes are recorded as made by {@code who} running {@code what}. */
    public Context actingAs(String who, String what) {
        throw new UnsupportedOperationException("TODO");
    }

    public String recipe() {
        throw new UnsupportedOperationException("TODO");
    }

    public String runId() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A copy of the value of {@code key}, or {@code null} when the key is absent (a JSON null is a {@code NullNode}). */
    public JsonNode get(String key) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The value of {@code key} as text: a JSON string's text, anything else as compact JSON; null when absent. */
    public String getString(String key) {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean has(String key) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Sets {@code key} to {@code value} and records the change.
     *
     * @param value a {@link JsonNode}, {@code String}, {@code Number}, {@code Boolean}, {@code null}, or a
     *              {@code Map<String, ?>} / {@code Collection} / array of those, recursively
     * @throws NonJsonValueException if the value (or anything inside it) is not JSON; names the key and the
     *                               Java type, and nothing is stored or recorded
     */
    public void set(String key, Object value) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Removes {@code key}, recording a delete; returns false (and records nothing) when it was absent. */
    public boolean remove(String key) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The keys present now, in insertion order. */
    public Set<String> keys() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Every change of {@code key}, oldest first; empty when never changed. */
    public List<ChangeRecord> getHistory(String key) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Every change of every key, in the order they were made. */
    public List<ChangeRecord> history() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The latest change of {@code key}, if any. */
    public Optional<ChangeRecord> lastModified(String key) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Each top-level key as an environment variable {@code CTX_<KEY>} (upper-cased, non-alphanumerics
     * replaced by {@code _}): a string as its text, anything else as compact JSON.
     */
    public Map<String, String> exposeForShell() {
        throw new UnsupportedOperationException("TODO");
    }

    /** An immutable copy of the values and the length of the history at this moment. */
    public ContextSnapshot snapshot() {
        throw new UnsupportedOperationException("TODO");
    }
}
