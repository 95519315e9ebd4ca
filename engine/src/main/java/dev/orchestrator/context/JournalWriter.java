package dev.orchestrator.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.internal.CtxJournal;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of a {@link CtxJournal} common to disk and memory: which changes are new since the last
 * checkpoint. The first checkpoint (and the first after a failed write) writes the whole history so far and a
 * snapshot of the values, so every journal stands on its own; later ones only what changed since.
 */
abstract class JournalWriter implements CtxJournal {

    /** What one checkpoint appends: new changes, an optional snapshot, and the marker. */
    record Batch(List<ChangeRecord> changes, JournalContent.Snapshot snapshot, JournalContent.Marker marker) {
    }

    private final String recipe;
    private ContextStore store; // dropped at close: a kept RAM journal must not pin the run's whole ctx too
    private int written = -1; // history records already in the journal; -1 until a base is written
    private boolean closed;

    JournalWriter(ContextStore store) {
        this.store = store;
        this.recipe = store.recipe();
    }

    final ContextStore store() {
        return store;
    }

    @Override
    public final void checkpoint(String afterStep) throws IOException {
        checkpoint(afterStep, null);
    }

    /** As {@link #checkpoint(String)}, stamped {@code at} (now when null). */
    final synchronized void checkpoint(String afterStep, Instant at) throws IOException {
        CheckpointNames.check("step", afterStep);
        Instant when = at == null ? Instant.now() : at;
        if (closed) {
            throw new IOException("the ctx journal of " + recipe + " is closed");
        }
        Batch batch;
        if (written < 0) {
            batch = store.consistently((values, entries) -> new Batch(records(entries),
                    new JournalContent.Snapshot(entries.size(), object(values)),
                    new JournalContent.Marker(afterStep, when, entries.size())));
        } else {
            List<ContextStore.Entry> entries = store.entriesFrom(written);
            batch = new Batch(records(entries), null,
                    new JournalContent.Marker(afterStep, when, written + entries.size()));
        }
        try {
            append(batch, written < 0);
        } catch (IOException | RuntimeException e) {
            written = -1; // what reached the journal is unknown: the next checkpoint starts over, self-contained
            throw e;
        }
        written = batch.marker().position();
    }

    @Override
    public final synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                finish();
            } finally {
                store = null;
            }
        }
    }

    /**
     * Appends one batch. {@code fresh}: the batch starts at history position 0 (a new journal, or a restart
     * after a failed append; an implementation may begin a new file then).
     */
    abstract void append(Batch batch, boolean fresh) throws IOException;

    /** Flushes and releases; called once. */
    abstract void finish() throws IOException;

    /*
     * Stored nodes are never mutated (see ContextStore), so records and snapshots share them instead of
     * copying; whoever hands them out of the package copies (JournalContent.checkpointAt).
     */
    private static List<ChangeRecord> records(List<ContextStore.Entry> entries) {
        List<ChangeRecord> records = new ArrayList<>(entries.size());
        for (ContextStore.Entry e : entries) {
            records.add(new ChangeRecord(e.key(), e.op(), e.old(), e.value(), e.actor().who(), e.actor().what(),
                    ContextStore.toInstant(e.when()), e.actor().recipe(), e.actor().runId()));
        }
        return records;
    }

    private static ObjectNode object(Map<String, JsonNode> values) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        values.forEach(object::set);
        return object;
    }
}
