package dev.orchestrator.schedule.internal;

import dev.orchestrator.event.StepStatus;
import dev.orchestrator.recipe.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What has become of the steps of one plan so far, and the order rules that follow from it. Both schedulers
 * decide with it, so a step is run or skipped for the same reasons whatever runs it.
 *
 * <p>Rules: only visible steps and upstream steps (see {@link Plan#withUpstream}) take part; a visible step
 * that the selection leaves out is reported skipped with the selection's reason and counts as satisfied for
 * its dependents (no status is recorded for it), as do dependencies that take no part. A step is skipped with {@code fail_fast: step <name> failed} once a
 * step of a {@code fail_fast} recipe failed, else with {@code dependency <name> failed} / {@code dependency
 * <name> was skipped} when a dependency did not pass (the first such in {@code depends_on} order).
 *
 * <p>Not thread-safe: one thread (the scheduler's) owns it.
 */
final class PlanProgress {

    private final Plan plan;
    private final Map<String, String> leftOut = new HashMap<>();
    private final Set<String> taking = new HashSet<>();
    private final Map<String, StepStatus> status = new HashMap<>();
    private String failFastCause;

    PlanProgress(Plan plan) {
        this.plan = plan;
        for (Step step : plan.order()) {
            if (!plan.takesPart(step)) {
                continue;
            }
            String reason = plan.leftOutReason(step);
            if (reason != null) {
                leftOut.put(step.name(), reason);
            } else {
                taking.add(step.name());
            }
        }
    }

    /** The steps this run reports on (run, skip or leave out), upstream steps included, in plan order. */
    List<Step> visibleSteps() {
        return plan.order().stream().filter(plan::takesPart).toList();
    }

    /** Why the selection leaves {@code step} out, or null when the run decides on it. */
    String leftOutReason(Step step) {
        return leftOut.get(step.name());
    }

    /**
     * The dependencies of {@code step} whose outcome this run waits for: those that run or are skipped in it.
     * Every other dependency counts as satisfied.
     */
    List<String> awaitedDependencies(Step step) {
        List<String> awaited = new ArrayList<>();
        for (String dep : step.scheduling().dependsOn()) {
            if (taking.contains(dep)) {
                awaited.add(dep);
            }
        }
        return awaited;
    }

    /**
     * Why {@code step} must be skipped now that every dependency it awaits has an outcome, or null when it may
     * run.
     */
    String reasonToSkip(Step step) {
        return failFastCause != null ? failFastReason(failFastCause) : blockedBy(step, status);
    }

    /** Records how {@code step} ended; a failure in a {@code fail_fast} recipe stops every later start. */
    void record(Step step, StepStatus result) {
        status.put(step.name(), result);
        if (result == StepStatus.FAILED && plan.recipe().settings().failFast() && failFastCause == null) {
            failFastCause = step.name();
        }
    }

    /** The skip reason of every step not yet started once {@code failed} failed in a {@code fail_fast} recipe. */
    static String failFastReason(String failed) {
        return "fail_fast: step " + failed + " failed";
    }

    /** The skip reason when a dependency did not pass (failed, aborted, skipped), else null. Dependencies without a status count as passed. */
    static String blockedBy(Step step, Map<String, StepStatus> status) {
        for (String dep : step.scheduling().dependsOn()) {
            StepStatus s = status.get(dep);
            String reason = s == null ? null : switch (s) {
                case PASSED -> null;
                case FAILED -> "dependency " + dep + " failed";
                // an aborted step's assumption did not hold: what it would have produced is missing too
                case ABORTED -> "dependency " + dep + " was aborted";
                case SKIPPED -> "dependency " + dep + " was skipped";
            };
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
