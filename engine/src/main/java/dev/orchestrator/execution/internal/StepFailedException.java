package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.ResourceUsage;
import org.apiguardian.api.API;

/** A step failure whose message says it all (no stack trace needed): a criterion not met, an exit code, a timeout. */
@API(status = INTERNAL)
public class StepFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the failed attempt cost, when it was measured (a process that exited, criteria not met). */
    private transient ResourceUsage usage;

    public StepFailedException(String message) {
        super(message, null, false, false);
    }

    /** Keeps what the failed attempt cost with the failure, so its figures reach the reports; returns this. */
    StepFailedException measured(ResourceUsage usage) {
        this.usage = usage;
        return this;
    }

    /** What the failed attempt cost, or null when not measured. */
    ResourceUsage usage() {
        return usage;
    }
}
