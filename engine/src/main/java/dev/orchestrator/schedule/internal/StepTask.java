package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.StepStatus;
import dev.orchestrator.recipe.Step;
import org.apiguardian.api.API;

/** What a {@link Scheduler} asks the runner to do with each step of a plan. Called from any thread. */
@API(status = INTERNAL)
public interface StepTask {

    /** Runs the step (its dependencies have passed) and says how it ended. */
    StepStatus run(Step step) throws InterruptedException;

    /** Reports the step as skipped with {@code reason}; it does not run. */
    void skip(Step step, String reason);
}
