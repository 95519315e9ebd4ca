package dev.orchestrator.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state behind every {@link Context} view of one recipe run: values and their history, changed
 * together under one lock so that history order is exactly the order values were applied.
 *
 * <p>Nodes held here are never mutated after they are stored (callers get copies), which lets readers
 * copy them outside the lock, and lets a record's {@code old} be the very node the previous record
 * stored as {@code new}.
 *
 * <p>History is kept as compact {@link Entry} objects (about 40 bytes each plus the value) rather than
 * {@link ChangeRecord}s with an {@link Instant}; records are built on demand when read.
 */
final class ContextStore {

    /** Who made a change; one instance per view (or per distinct restored actor), shared by its entries. */
    record Actor(String who, String what, String recipe, String runId) {
    }

    /** One change, as stored. {@code when} is nanoseconds since the epoch (UTC). */
    record Entry(String key, ChangeRecord.Op op, JsonNode old, JsonNode value, Actor actor, long when) {

        ChangeRecord toRecord() {
            return new ChangeRecord(key, op, old.deepCopy(), value.deepCopy(), actor.who(), actor.what(),
                    toInstant(when), actor.recipe(), actor.runId());
        }
    }

    /** Per key: the canonical key string and where its entries are in the history. */
    private static final class KeyIndex {
        final String key;
        int[] positions = new int[2];
        int size;

        KeyIndex(String key) {
            this.key = key;
        }

        void add(int position) {
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, size * 2);
            }
            positions[size++] = position;
        }
    }

    private final String recipe;
    private final String runId;
    private final Object lock = new Object();
    private final LinkedHashMap<String, JsonNode> values = new LinkedHashMap<>();
    private final HashMap<String, KeyIndex> index = new HashMap<>();
    private final ArrayList<Entry> history = new ArrayList<>();
    private long lastWhen = Long.MIN_VALUE;

    ContextStore(String recipe, String runId) {
        this.recipe = recipe;
        this.runId = runId;
    }

    String recipe() {
        return recipe;
    }

    String runId() {
        return runId;
    }

    /** Loads earlier state; values and records must already be private, validated nodes. */
    void restore(Map<String, JsonNode> restoredValues, List<Entry> restoredHistory) {
        synchronized (lock) {
            values.putAll(restoredValues);
            for (Entry entry : restoredHistory) {
                KeyIndex keyIndex = index.computeIfAbsent(entry.key(), KeyIndex::new);
                history.add(entry);
                keyIndex.add(history.size() - 1);
            }
        }
    }

    /** The stored node (not a copy; callers must copy before handing it out), or null. */
    JsonNode get(String key) {
        synchronized (lock) {
            return values.get(key);
        }
    }

    boolean has(String key) {
        synchronized (lock) {
            return values.containsKey(key);
        }
    }

    void set(String key, JsonNode value, Actor actor) {
        synchronized (lock) {
            KeyIndex keyIndex = index.computeIfAbsent(key, KeyIndex::new);
            JsonNode old = values.put(keyIndex.key, value);
            append(keyIndex, ChangeRecord.Op.SET, old == null ? NullNode.getInstance() : old, value, actor);
        }
    }

    boolean remove(String key, Actor actor) {
        synchronized (lock) {
            JsonNode old = values.remove(key);
            if (old == null) {
                return false;
            }
            append(index.get(key), ChangeRecord.Op.DELETE, old, NullNode.getInstance(), actor);
            return true;
        }
    }

    private void append(KeyIndex keyIndex, ChangeRecord.Op op, JsonNode old, JsonNode value, Actor actor) {
        // never let a wall-clock step back make history go back in time within this run
        long when = Math.max(toNanos(Instant.now()), lastWhen);
        lastWhen = when;
        history.add(new Entry(keyIndex.key, op, old, value, actor, when));
        keyIndex.add(history.size() - 1);
    }

    /** The current values (stored nodes), in insertion order. */
    Map<String, JsonNode> values() {
        synchronized (lock) {
            return new LinkedHashMap<>(values);
        }
    }

    /** Entries from {@code from} (inclusive) to the end. */
    List<Entry> entriesFrom(int from) {
        synchronized (lock) {
            if (from < 0 || from > history.size()) {
                throw new IndexOutOfBoundsException("history has " + history.size() + " records; asked from " + from);
            }
            return new ArrayList<>(history.subList(from, history.size()));
        }
    }

    List<Entry> entriesOf(String key) {
        synchronized (lock) {
            KeyIndex keyIndex = index.get(key);
            if (keyIndex == null) {
                return List.of();
            }
            List<Entry> entries = new ArrayList<>(keyIndex.size);
            for (int i = 0; i < keyIndex.size; i++) {
                entries.add(history.get(keyIndex.positions[i]));
            }
            return entries;
        }
    }

    Entry lastEntryOf(String key) {
        synchronized (lock) {
            KeyIndex keyIndex = index.get(key);
            return keyIndex == null ? null : history.get(keyIndex.positions[keyIndex.size - 1]);
        }
    }

    /** The values with the history length at the same moment. */
    record State(Map<String, JsonNode> values, int historySize) {
    }

    State state() {
        synchronized (lock) {
            return new State(new LinkedHashMap<>(values), history.size());
        }
    }

    int historySize() {
        synchronized (lock) {
            return history.size();
        }
    }

    /** Values and history taken together, so neither is ahead of the other. */
    <T> T consistently(java.util.function.BiFunction<Map<String, JsonNode>, List<Entry>, T> reader) {
        Map<String, JsonNode> valuesNow;
        List<Entry> historyNow;
        synchronized (lock) {
            valuesNow = new LinkedHashMap<>(values);
            historyNow = new ArrayList<>(history);
        }
        // stored nodes are never mutated, so reading them outside the lock is safe
        return reader.apply(valuesNow, historyNow);
    }

    static long toNanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("change time " + instant + " is outside the years 1677-2262", e);
        }
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
