package dev.orchestrator.execution.internal;

import dev.orchestrator.event.StepOutcome;

/**
 * A process step that exited with {@link StepOutcome.Aborted#EXIT_CODE}: it gave up (an assumption did not
 * hold), it did not fail. Becomes a {@link StepOutcome.Aborted}.
 */
final class StepAbortedException extends StepFailedException {

    private static final long serialVersionUID = 1L;

    StepAbortedException(String message) {
        super(message);
    }
}
