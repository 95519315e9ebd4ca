package dev.orchestrator.context;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.internal.ContextJson;
import java.time.Instant;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The ctx of one recipe as it stood right after one step finished. Serialised (see {@link ContextJson}) as
 * {@code {test_id, run_id, after_step, at, values, history, recipe_hash}}; on disk it lives in the run's
 * ctx journal, not as one file (see {@link CheckpointStore}).
 *
 * @param testId     the recipe
 * @param runId      the run that wrote it
 * @param afterStep  the step that had just finished
 * @param at         when it was written
 * @param values     every ctx value then
 * @param history    every change record then, in order
 * @param recipeHash the content hash of the recipe that run used ({@link CheckpointStores#contentHash}), or
 *                   null when unknown (written by an older engine, or by {@link Context#checkpoint})
 */
@API(status = EXPERIMENTAL)
public record Checkpoint(@JsonProperty("test_id") String testId,
                         @JsonProperty("run_id") String runId,
                         @JsonProperty("after_step") String afterStep,
                         @JsonProperty("at") Instant at,
                         @JsonProperty("values") ObjectNode values,
                         @JsonProperty("history") List<ChangeRecord> history,
                         @JsonProperty("recipe_hash") @JsonInclude(JsonInclude.Include.NON_NULL) String recipeHash) {

    public Checkpoint {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A checkpoint whose recipe content is unknown. */
    public Checkpoint(String testId, String runId, String afterStep, Instant at, ObjectNode values,
                      List<ChangeRecord> history) {
        this(testId, runId, afterStep, at, values, history, null);
    }
}
