package dev.orchestrator.execution;

/** A step failure whose message says it all (no stack trace needed): a criterion not met, an exit code, a timeout. */
public class StepFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StepFailedException(String message) {
        super(message, null, false, false);
    }
}
