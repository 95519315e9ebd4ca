package dev.orchestrator.context.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.context.Context;
import java.io.IOException;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where ctx checkpoints are kept: journals under {@code Data/ctx/<test_id>/} on disk, or memory only
 * ({@code store_on_ram.txt}). Each recipe run appends to a journal of its own ({@link #open}); a checkpoint
 * is the ctx as it stood right after one step. Thread-safe.
 *
 * <p>Reading: a torn last record (a run killed while appending) is ignored with a warning; anything else
 * unreadable makes the read fail with an {@link IOException} that says the journal is corrupt, names the file
 * and line, and gives the parse error.
 */
@API(status = INTERNAL)
public interface CheckpointStore {

    /**
     * Starts the journal of one recipe run of {@code ctx} (its recipe is the test_id). Nothing is written
     * before the first {@link CtxJournal#checkpoint}; the first one records the ctx's whole history (what a
     * restored ctx brought along included), later ones only what changed since.
     *
     * @param recipeHash the recipe's content hash ({@link CheckpointStores#contentHash}), or null when unknown
     */
    CtxJournal open(Context ctx, String recipeHash);

    /** Stores {@code checkpoint} as a journal of its own (for imports and tests; runs use {@link #open}). */
    void save(Checkpoint checkpoint) throws IOException;

    /**
     * The newest checkpoint written after {@code step} of recipe {@code testId}, by any recipe content, if any.
     *
     * @throws IOException when a journal that might hold it is corrupt or unreadable
     */
    Optional<Checkpoint> load(String testId, String step) throws IOException;

    /**
     * The newest checkpoint written after {@code step} of recipe {@code testId} by a run of the recipe whose
     * content hash was {@code recipeHash}; newer checkpoints written from other content (the recipe was
     * edited since) are passed over. Use it to resume only from a checkpoint the current recipe wrote.
     *
     * @throws IOException              when a journal that might hold it is corrupt or unreadable
     * @throws IllegalArgumentException when {@code recipeHash} is null
     */
    Optional<Checkpoint> loadForRecipeContent(String testId, String step, String recipeHash) throws IOException;

    /**
     * The most complete checkpoint of the newest run of {@code testId} that wrote one (the one holding the
     * most history), if any: what {@code orchestrator history} shows.
     *
     * @throws IOException when the newest journal is corrupt or unreadable
     */
    Optional<Checkpoint> latest(String testId) throws IOException;
}
