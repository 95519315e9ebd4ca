package dev.orchestrator.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.schedule.StepStatus;
import dev.orchestrator.context.ChangeRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

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
 * @param changes  the ctx changes this step made, in order (empty for a skipped step)
 * @param started  when the step started (null for a skipped step)
 * @param finished when the step finished (null for a skipped step)
 */
@API(status = INTERNAL)
public record StepOutcome(StepStatus status, Throwable failure, String skipReason, JsonNode result,
                          ResourceUsage usage, int attempts, Path log, List<ChangeRecord> changes,
                          Instant started, Instant finished) {

    public StepOutcome {
        changes = List.copyOf(changes);
    }

    public static StepOutcome skipped(String reason) {
        return new StepOutcome(StepStatus.SKIPPED, null, reason, null, ResourceUsage.NONE, 0, null, List.of(),
                null, null);
    }

    /** This outcome with the step's ctx changes and its start/finish times filled in. */
    StepOutcome with(List<ChangeRecord> stepChanges, Instant start, Instant end) {
        return new StepOutcome(status, failure, skipReason, result, usage, attempts, log, stepChanges, start, end);
    }

    public Optional<Path> logFile() {
        return Optional.ofNullable(log);
    }
}
