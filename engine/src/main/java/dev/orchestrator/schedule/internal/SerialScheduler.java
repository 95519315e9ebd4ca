package dev.orchestrator.schedule.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.event.StepStatus;
import dev.orchestrator.recipe.Step;
import org.apiguardian.api.API;

/**
 * Runs the selected steps of a plan one at a time, in plan order, on the calling thread. A
 * {@link RuntimeException} from the task ends the run at once (later steps are not reported).
 */
@API(status = INTERNAL)
public final class SerialScheduler implements Scheduler {

    @Override
    public void run(Plan plan, StepTask task) throws InterruptedException {
        PlanProgress progress = new PlanProgress(plan);
        for (Step step : progress.visibleSteps()) {
            String leftOut = progress.leftOutReason(step);
            if (leftOut != null) {
                task.skip(step, leftOut); // and satisfied for its dependents: no status recorded
                continue;
            }
            String reason = progress.reasonToSkip(step);
            StepStatus result;
            if (reason != null) {
                task.skip(step, reason);
                result = StepStatus.SKIPPED;
            } else {
                result = task.run(step);
            }
            progress.record(step, result);
        }
    }
}
