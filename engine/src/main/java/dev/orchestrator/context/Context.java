package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.internal.ContextJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The shared JSON context of one recipe run (docs/ctx-and-bridge.md). Values are JSON only; every change is recorded
 * with who made it. Thread-safe: parallel steps may read and write at once, and no write is lost.
 *
 * <p>A {@code Context} is a view of one store bound to an actor ({@code who}/{@code what}); views made
 * with {@link #actingAs} share the store and record their own name on every change.
 *
 * <p>Values are copied on the way in and on the way out: mutating a node passed to {@link #set} or
 * returned by {@link #get}, {@link #history} etc. never changes the ctx or its history.
 *
 * <p>Keys are non-empty strings; a null or empty key is refused with an {@link IllegalArgumentException}
 * by every method taking one.
 */
@API(status = STABLE, since = "0.1")
public final class Context {

    static final String RUNNER = "runner";

    private final ContextStore store;
    private final ContextStore.Actor actor;
    /** Asked before every change made through this view; null: none. */
    private final WriteGuard guard;

    private Context(ContextStore store, ContextStore.Actor actor) {
        this(store, actor, null);
    }

    private Context(ContextStore store, ContextStore.Actor actor, WriteGuard guard) {
        this.store = store;
        this.actor = actor;
        this.guard = guard;
    }

    /** A new, empty context whose changes are recorded as made by {@code "runner"}. */
    public static Context create(String recipe, String runId) {
        ContextStore store = new ContextStore(recipe, runId);
        return new Context(store, new ContextStore.Actor(RUNNER, RUNNER, recipe, runId));
    }

    /**
     * A context holding {@code values}, with {@code history} as the changes already made (for example
     * restored from a checkpoint); new changes are appended after them. Both are copied; the records keep
     * their own recipe and run id. The returned view records changes as made by {@code "runner"}.
     *
     * @throws NonJsonValueException    if a value is not JSON
     * @throws IllegalArgumentException if a record lacks its key, op or time
     */
    public static Context restore(String recipe, String runId, ObjectNode values, List<ChangeRecord> history) {
        Context context = create(recipe, runId);
        Map<String, JsonNode> restoredValues = new LinkedHashMap<>();
        if (values != null) {
            values.properties().forEach(field ->
                    restoredValues.put(checkKey(field.getKey()), JsonValues.toJson(field.getKey(), field.getValue())));
        }
        List<ContextStore.Entry> entries = new ArrayList<>(history == null ? 0 : history.size());
        Map<ContextStore.Actor, ContextStore.Actor> actors = new HashMap<>();
        Map<String, String> keys = new HashMap<>();
        if (history != null) {
            for (int i = 0; i < history.size(); i++) {
                ChangeRecord r = history.get(i);
                if (r == null || r.key() == null || r.key().isEmpty() || r.op() == null || r.when() == null) {
                    throw new IllegalArgumentException("history record " + i + " lacks its key, op or when: " + r);
                }
                // one Actor and one key string per distinct value keeps restored entries as small as new ones
                ContextStore.Actor who = actors.computeIfAbsent(
                        new ContextStore.Actor(r.who(), r.what(), r.recipe(), r.runId()), a -> a);
                String key = keys.computeIfAbsent(r.key(), k -> k);
                entries.add(new ContextStore.Entry(key, r.op(), JsonValues.toJson(key, r.old()),
                        JsonValues.toJson(key, r.value()), who, ContextStore.toNanos(r.when())));
            }
        }
        context.store.restore(restoredValues, entries);
        return context;
    }

    /** A view of the same store whose changes are recorded as made by {@code who} running {@code what}. */
    public Context actingAs(String who, String what) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(what, "what");
        return new Context(store, new ContextStore.Actor(who, what, store.recipe(), store.runId()));
    }

    /**
     * This view (same store, same actor) with every {@link #set} and {@link #remove} first passed to
     * {@code guard}, which may refuse it by throwing; nothing is changed then. Views made from it with
     * {@link #actingAs} are not guarded. For the engine (ctx contracts, docs/contracts.md).
     */
    @API(status = org.apiguardian.api.API.Status.INTERNAL)
    public Context guardedBy(WriteGuard guard) {
        return new Context(store, actor, Objects.requireNonNull(guard, "guard"));
    }

    /** Who this view records as the author of its changes (a step name, or {@code "runner"}). */
    public String who() {
        return actor.who();
    }

    /** The scriptlet id this view records with its changes, or {@code "runner"}. */
    public String what() {
        return actor.what();
    }

    public String recipe() {
        return store.recipe();
    }

    public String runId() {
        return store.runId();
    }

    /** A copy of the value of {@code key}, or {@code null} when the key is absent (a JSON null is a {@code NullNode}). */
    public JsonNode get(String key) {
        JsonNode node = store.get(checkKey(key));
        return node == null ? null : node.deepCopy();
    }

    /** The value of {@code key} as text: a JSON string's text, anything else as compact JSON; null when absent. */
    public String getString(String key) {
        JsonNode node = store.get(checkKey(key));
        return node == null ? null : asText(node);
    }

    public boolean has(String key) {
        return store.has(checkKey(key));
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
        checkKey(key);
        if (guard != null) {
            guard.check(key);
        }
        // converted (and so validated and copied) before the store is touched: a refusal leaves no trace
        JsonNode node = JsonValues.toJson(key, value);
        store.set(key, node, actor);
    }

    /** Removes {@code key}, recording a delete; returns false (and records nothing) when it was absent. */
    public boolean remove(String key) {
        checkKey(key);
        if (guard != null) {
            guard.check(key);
        }
        return store.remove(key, actor);
    }

    /** The keys present now, in insertion order (an immutable copy). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(store.values().keySet()));
    }

    /** Every change of {@code key}, oldest first; empty when never changed. */
    public List<ChangeRecord> getHistory(String key) {
        return toRecords(store.entriesOf(checkKey(key)));
    }

    /** Every change of every key, in the order they were made. */
    public List<ChangeRecord> history() {
        return toRecords(store.entriesFrom(0));
    }

    /** How many changes {@link #history()} holds, without copying them. */
    public int historySize() {
        return store.historySize();
    }

    /**
     * The changes from position {@code fromIndex} of {@link #history()} on, for example those made since a
     * {@link #snapshot()} ({@code historySinceIndex(snapshot.historySize())}).
     *
     * @throws IndexOutOfBoundsException if {@code fromIndex} is negative or beyond the history's length
     */
    public List<ChangeRecord> historySince(int fromIndex) {
        return toRecords(store.entriesFrom(fromIndex));
    }

    /** The latest change of {@code key}, if any. */
    public Optional<ChangeRecord> lastModified(String key) {
        ContextStore.Entry entry = store.lastEntryOf(checkKey(key));
        return entry == null ? Optional.empty() : Optional.of(entry.toRecord());
    }

    /**
     * Each top-level key as an environment variable {@code CTX_<KEY>} (upper-cased, non-alphanumerics
     * replaced by {@code _}): a string as its text, anything else as compact JSON.
     *
     * <p>Variables are in key insertion order. When two keys map to the same name ({@code a-b} and
     * {@code a_b}), the key inserted later wins.
     */
    public Map<String, String> exposeForShell() {
        Map<String, String> env = new LinkedHashMap<>();
        store.values().forEach((key, node) -> {
            String name = shellName(key);
            env.remove(name); // keep insertion order of the key that wins
            env.put(name, asText(node));
        });
        return Collections.unmodifiableMap(env);
    }

    /**
     * Checks, without storing anything, that {@link #set set(key, value)} would accept the pair: lets a caller
     * applying several changes refuse them all before applying any.
     *
     * @throws NonJsonValueException    if the value (or the key) is not storable, naming the key, never the value
     * @throws IllegalArgumentException if the key is null or empty
     */
    public static void checkStorable(String key, Object value) {
        JsonValues.toJson(checkKey(key), value);
    }

    /** An immutable copy of the values and the length of the history at this moment. */
    public ContextSnapshot snapshot() {
        ContextStore.State state = store.state();
        return new ContextSnapshot(toObject(state.values()), state.historySize(), Instant.now());
    }

    /**
     * The ctx as it stands now, values and history taken at the same moment, as a checkpoint written after
     * {@code afterStep}; {@code testId} is this context's recipe.
     */
    public Checkpoint checkpoint(String afterStep) {
        return store.consistently((values, entries) ->
                new Checkpoint(store.recipe(), store.runId(), afterStep, Instant.now(), toObject(values),
                        toRecords(entries)));
    }

    /** The state behind this view, for the journals of this package. */
    ContextStore store() {
        return store;
    }

    @Override
    public String toString() {
        return "Context[recipe=" + store.recipe() + ", run=" + store.runId() + ", as=" + actor.who() + "]";
    }

    /** {@code CTX_} plus the key upper-cased with every character outside {@code [A-Z0-9]} as {@code _}. */
    static String shellName(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        StringBuilder name = new StringBuilder(4 + upper.length()).append("CTX_");
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            name.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return name.toString();
    }

    private static String asText(JsonNode node) {
        return node.isTextual() ? node.textValue() : ContextJson.compact(node);
    }

    private static ObjectNode toObject(Map<String, JsonNode> values) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        values.forEach((key, node) -> object.set(key, node.deepCopy()));
        return object;
    }

    private static List<ChangeRecord> toRecords(List<ContextStore.Entry> entries) {
        List<ChangeRecord> records = new ArrayList<>(entries.size());
        for (ContextStore.Entry entry : entries) {
            records.add(entry.toRecord());
        }
        return Collections.unmodifiableList(records);
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("ctx keys are non-empty strings; got " + (key == null ? "null" : "\"\""));
        }
        JsonValues.checkKey(key);
        return key;
    }
}
