package dev.orchestrator.execution;

/** The step ran longer than its {@code timeout}. */
public final class StepTimeoutException extends StepFailedException {

    private static final long serialVersionUID = 1L;

    public StepTimeoutException(String message) {
        super(message);
    }
}
