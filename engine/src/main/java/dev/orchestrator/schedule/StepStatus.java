package dev.orchestrator.schedule;

/** How a step ended (docs/recipes.md). */
public enum StepStatus {
    PASSED, FAILED, SKIPPED
}
