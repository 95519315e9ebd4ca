package dev.orchestrator.context;

import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.internal.CtxJournal;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Checkpoints kept in memory only ({@code store_on_ram.txt} says {@code true}), as journals like the disk
 * store's: a checkpoint adds what changed since the previous one, so memory grows with the history, not
 * with history × steps. Change records share the ctx's own (never mutated) nodes; checkpoints are rebuilt
 * as copies on load, so no loader can change what another sees.
 */
final class RamCheckpointStore implements CheckpointStore {

    /** One run's journal; its content is guarded by the journal itself. */
    private final class RamJournal extends JournalWriter {
        final JournalContent content;
        volatile boolean open = true;

        RamJournal(ContextStore store, String recipeHash) {
            super(store);
            content = new JournalContent(new JournalContent.Header(store.recipe(), store.runId(), recipeHash,
                    Instant.now()));
        }

        @Override
        void append(Batch batch, boolean fresh) {
            synchronized (content) {
                if (fresh) {
                    content.changes.clear();
                    content.snapshots.clear();
                    content.markers.clear();
                }
                content.changes.addAll(batch.changes());
                if (batch.snapshot() != null) {
                    content.snapshots.add(batch.snapshot());
                }
                content.markers.add(batch.marker());
            }
        }

        @Override
        void finish() {
            open = false;
            prune(content.header.testId());
        }

        <T> T read(Function<JournalContent, T> reader) {
            synchronized (content) {
                return reader.apply(content);
            }
        }
    }

    /** Per recipe, its journals oldest first. */
    private final Map<String, List<RamJournal>> journals = new ConcurrentHashMap<>();

    @Override
    public CtxJournal open(Context ctx, String recipeHash) {
        RamJournal journal = new RamJournal(ctx.store(), recipeHash);
        journals.computeIfAbsent(CheckpointNames.check("test_id", ctx.recipe()), k -> new ArrayList<>());
        List<RamJournal> list = journals.get(ctx.recipe());
        synchronized (list) {
            list.add(journal);
        }
        return journal;
    }

    @Override
    public void save(Checkpoint checkpoint) {
        CheckpointNames.check("step", checkpoint.afterStep());
        Context ctx = Context.restore(checkpoint.testId(), checkpoint.runId(), checkpoint.values(), checkpoint.history());
        CtxJournal journal = open(ctx, checkpoint.recipeHash());
        try {
            ((RamJournal) journal).checkpoint(checkpoint.afterStep(), checkpoint.at());
            journal.close();
        } catch (IOException e) {
            throw new IllegalStateException("a memory journal cannot fail to write", e);
        }
    }

    @Override
    public Optional<Checkpoint> load(String testId, String step) {
        return find(testId, step, null);
    }

    @Override
    public Optional<Checkpoint> loadForRecipeContent(String testId, String step, String recipeHash) {
        if (recipeHash == null) {
            throw new IllegalArgumentException("recipeHash is null");
        }
        return find(testId, step, recipeHash);
    }

    private Optional<Checkpoint> find(String testId, String step, String recipeHash) {
        CheckpointNames.check("step", step);
        for (RamJournal journal : newestFirst(testId)) {
            if (recipeHash != null && !recipeHash.equals(journal.content.header.recipeHash())) {
                continue;
            }
            Optional<Checkpoint> found = journal.read(c -> c.lastMarkerOf(step).map(c::checkpointAt));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Checkpoint> latest(String testId) {
        for (RamJournal journal : newestFirst(testId)) {
            Optional<Checkpoint> found = journal.read(c -> c.mostComplete().map(c::checkpointAt));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private List<RamJournal> newestFirst(String testId) {
        List<RamJournal> list = journals.get(CheckpointNames.check("test_id", testId));
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            List<RamJournal> copy = new ArrayList<>(list);
            java.util.Collections.reverse(copy);
            return copy;
        }
    }

    /** Drops the closed journals whose every step has a newer checkpoint. */
    private void prune(String testId) {
        List<RamJournal> list = journals.get(testId);
        synchronized (list) {
            Set<String> covered = new HashSet<>();
            for (int i = list.size() - 1; i >= 0; i--) {
                RamJournal journal = list.get(i);
                Set<String> steps = journal.read(JournalContent::steps);
                if (!journal.open && covered.containsAll(steps)) {
                    list.remove(i);
                } else if (!journal.open) {
                    covered.addAll(steps);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RamCheckpointStore[" + journals.size() + (journals.size() == 1 ? " recipe]" : " recipes]");
    }
}
