package dev.orchestrator.schedule;

import dev.orchestrator.recipe.Step;
import java.util.HashMap;
import java.util.Map;

/** Runs the selected steps of a plan one at a time, in plan order. */
public final class SerialScheduler implements Scheduler {

    @Override
    public void run(Plan plan, StepTask task) throws InterruptedException {
        Map<String, StepStatus> status = new HashMap<>();
        String failFastCause = null;
        for (Step step : plan.order()) {
            if (!plan.isVisible(step)) {
                continue;
            }
            String leftOut = plan.leftOutReason(step);
            if (leftOut != null) {
                task.skip(step, leftOut); // and satisfied for its dependents: no status recorded
                continue;
            }
            String reason = failFastCause != null
                    ? "fail_fast: step " + failFastCause + " failed"
                    : blockedBy(step, status);
            StepStatus result;
            if (reason != null) {
                task.skip(step, reason);
                result = StepStatus.SKIPPED;
            } else {
                result = task.run(step);
            }
            status.put(step.name(), result);
            if (result == StepStatus.FAILED && plan.recipe().settings().failFast() && failFastCause == null) {
                failFastCause = step.name();
            }
        }
    }

    /** The skip reason when a dependency did not pass, else null. Dependencies that did not run count as passed. */
    static String blockedBy(Step step, Map<String, StepStatus> status) {
        for (String dep : step.dependsOn()) {
            StepStatus s = status.get(dep);
            if (s == StepStatus.FAILED) {
                return "dependency " + dep + " failed";
            }
            if (s == StepStatus.SKIPPED) {
                return "dependency " + dep + " was skipped";
            }
        }
        return null;
    }
}
