package dev.orchestrator.execution.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.event.ResourceUsage;

/**
 * Runs one attempt of a step. Returns normally when the scriptlet succeeded and throws the reason
 * otherwise. Timing, timeouts, retries and success checks are decorators around a runner, not flags in it.
 */
interface StepRunner {

    Result run(StepRun run) throws Exception;

    /**
     * @param value the scriptlet's JSON result ({@code NullNode} when none)
     * @param usage what the attempt cost
     */
    record Result(JsonNode value, ResourceUsage usage) {
    }
}
