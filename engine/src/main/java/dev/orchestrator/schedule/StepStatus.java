package dev.orchestrator.schedule;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** How a step ended (docs/recipes.md). */
@API(status = INTERNAL)
public enum StepStatus {
    PASSED, FAILED, SKIPPED
}
