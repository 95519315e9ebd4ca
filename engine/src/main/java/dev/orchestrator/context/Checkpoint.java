package dev.orchestrator.context;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The ctx of one recipe as it stood right after one step finished. Serialised (see {@link ContextJson}) as
 * {@code {test_id, run_id, after_step, at, values, history}}.
 *
 * @param testId    the recipe
 * @param runId     the run that wrote it
 * @param afterStep the step that had just finished
 * @param at        when it was written
 * @param values    every ctx value then
 * @param history   every change record then, in order
 */
public record Checkpoint(@JsonProperty("test_id") String testId,
                         @JsonProperty("run_id") String runId,
                         @JsonProperty("after_step") String afterStep,
                         @JsonProperty("at") Instant at,
                         @JsonProperty("values") ObjectNode values,
                         @JsonProperty("history") List<ChangeRecord> history) {

    public Checkpoint {
        history = history == null ? List.of() : List.copyOf(history);
    }
}
