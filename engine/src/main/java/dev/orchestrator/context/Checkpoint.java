package dev.orchestrator.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The ctx of one recipe as it stood right after one step finished.
 *
 * @param testId    the recipe
 * @param runId     the run that wrote it
 * @param afterStep the step that had just finished
 * @param at        when it was written
 * @param values    every ctx value then
 * @param history   every change record then, in order
 */
public record Checkpoint(String testId, String runId, String afterStep, Instant at, ObjectNode values,
                         List<ChangeRecord> history) {

    public Checkpoint {
        history = List.copyOf(history);
    }
}
