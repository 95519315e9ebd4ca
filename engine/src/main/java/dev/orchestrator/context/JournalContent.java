package dev.orchestrator.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one ctx journal holds, in memory: its header, every change in history order, the value snapshots
 * and the checkpoint markers. A checkpoint is rebuilt from the newest snapshot at or before its marker's
 * history position plus the changes after it ({@link #checkpointAt}). Not thread-safe; the RAM store
 * guards each instance with its own lock.
 */
final class JournalContent {

    /** Who wrote the journal. {@code recipeHash} may be null (unknown). */
    record Header(String testId, String runId, String recipeHash, Instant started) {
    }

    /** The ctx values right after the first {@code position} changes. */
    record Snapshot(int position, ObjectNode values) {
    }

    /** The checkpoint after {@code step}: the ctx after the first {@code position} changes. */
    record Marker(String step, Instant at, int position) {
    }

    final Header header;
    final List<ChangeRecord> changes = new ArrayList<>();
    final List<Snapshot> snapshots = new ArrayList<>();
    final List<Marker> markers = new ArrayList<>();

    JournalContent(Header header) {
        this.header = header;
    }

    /** The last checkpoint written after {@code step}, if any. */
    Optional<Marker> lastMarkerOf(String step) {
        for (int i = markers.size() - 1; i >= 0; i--) {
            if (markers.get(i).step().equals(step)) {
                return Optional.of(markers.get(i));
            }
        }
        return Optional.empty();
    }

    /** The checkpoint holding the most history (the last written among equals), if any. */
    Optional<Marker> mostComplete() {
        Marker best = null;
        for (Marker m : markers) {
            if (best == null || m.position() >= best.position()) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    Set<String> steps() {
        Set<String> steps = new LinkedHashSet<>();
        markers.forEach(m -> steps.add(m.step()));
        return steps;
    }

    /**
     * The checkpoint {@code marker} stands for. Values and records are fresh copies, so nothing the caller
     * does reaches this journal.
     */
    Checkpoint checkpointAt(Marker marker) {
        Snapshot base = null;
        for (Snapshot s : snapshots) {
            if (s.position() <= marker.position() && (base == null || s.position() >= base.position())) {
                base = s;
            }
        }
        ObjectNode values = base == null ? JsonNodeFactory.instance.objectNode() : base.values().deepCopy();
        for (int i = base == null ? 0 : base.position(); i < marker.position(); i++) {
            ChangeRecord r = changes.get(i);
            if (r.op() == ChangeRecord.Op.DELETE) {
                values.remove(r.key());
            } else {
                values.set(r.key(), r.value().deepCopy());
            }
        }
        List<ChangeRecord> history = new ArrayList<>(marker.position());
        for (ChangeRecord r : changes.subList(0, marker.position())) {
            history.add(copy(r));
        }
        return new Checkpoint(header.testId(), header.runId(), marker.step(), marker.at(), values, history,
                header.recipeHash());
    }

    static ChangeRecord copy(ChangeRecord r) {
        JsonNode old = r.old().deepCopy();
        JsonNode value = r.value().deepCopy();
        return new ChangeRecord(r.key(), r.op(), old, value, r.who(), r.what(), r.when(), r.recipe(), r.runId());
    }
}
