package dev.orchestrator.event;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import org.apiguardian.api.API;

/**
 * How a step ended (docs/recipes.md). Only {@link #FAILED} fails a run; the dependents of a failed, aborted or
 * skipped step are skipped.
 */
@API(status = EXPERIMENTAL)
public enum StepStatus {
    PASSED, FAILED, SKIPPED, ABORTED;

    /** Whether the step ran (passed, failed or aborted) rather than being skipped. */
    public boolean ran() {
        return this != SKIPPED;
    }
}
