package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A step's {@code service:} key: whether its process keeps running, once ready, while the steps that depend on it
 * run.
 *
 * @param enabled whether the step is a service
 */
@API(status = INTERNAL)
public record StepService(boolean enabled) {

    /** Not a service: what a step without {@code service:} gets. */
    public static final StepService NONE = new StepService(false);
}
