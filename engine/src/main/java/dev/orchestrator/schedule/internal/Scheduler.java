package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Decides when each step of a plan runs. Implementations: {@link SerialScheduler} (one step at a time, in
 * plan order); a parallel DAG scheduler plugs in here without changing the runner.
 */
@API(status = INTERNAL)
public interface Scheduler {

    /**
     * Runs every step of {@code plan} through {@code task}, or skips it with a reason: a step whose
     * dependency failed or was skipped is skipped with "dependency &lt;name&gt; failed" / "… was skipped";
     * with {@code fail_fast}, a failure skips every step not yet started.
     */
    void run(Plan plan, StepTask task) throws InterruptedException;
}
