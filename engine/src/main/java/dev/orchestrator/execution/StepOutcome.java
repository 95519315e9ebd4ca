package dev.orchestrator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.schedule.StepStatus;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How one step run ended.
 *
 * @param status   passed, failed or skipped
 * @param failure  the reason for a failed step (its message is the test's failure message); null otherwise
 * @param skipReason why a step was skipped; null otherwise
 * @param result   the scriptlet's JSON result; null when none
 * @param usage    what the run cost (of the last attempt)
 * @param attempts how many attempts ran (0 for a skipped step)
 * @param log      the step's log file; null for a skipped step
 */
public record StepOutcome(StepStatus status, Throwable failure, String skipReason, JsonNode result,
                          ResourceUsage usage, int attempts, Path log) {

    public static StepOutcome skipped(String reason) {
        return new StepOutcome(StepStatus.SKIPPED, null, reason, null, ResourceUsage.NONE, 0, null);
    }

    public Optional<Path> logFile() {
        return Optional.ofNullable(log);
    }
}
