package dev.orchestrator.schedule;

/** How a step ended (SPEC §4). */
public enum StepStatus {
    PASSED, FAILED, SKIPPED
}
