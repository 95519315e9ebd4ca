package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** The step ran longer than its {@code timeout}. */
@API(status = INTERNAL)
public final class StepTimeoutException extends StepFailedException {

    private static final long serialVersionUID = 1L;

    public StepTimeoutException(String message) {
        super(message);
    }
}
