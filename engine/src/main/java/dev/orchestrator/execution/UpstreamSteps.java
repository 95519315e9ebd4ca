package dev.orchestrator.execution;

import dev.orchestrator.context.CheckpointStore;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.Plan;
import dev.orchestrator.schedule.StepStatus;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream steps ({@code orchestrator.upstream}): a selected step whose dependency is not in the run (a tag
 * filter, a line, a unique id, a rerun) gets that dependency's ctx from its checkpoint, or, when there is none
 * (a fresh checkout, CI) or {@code run} is asked for, by running it first. An upstream step is reported to the
 * listeners like any step plus a warning saying why it ran (the JUnit adapter shows it on the selected step, as
 * it has no test of its own); when it fails, the selected steps that needed it fail with its failure instead of
 * being skipped, so a broken upstream step cannot turn a build green.
 */
final class UpstreamSteps {

    private final Plan plan;
    /** Upstream steps that failed, or were skipped because one failed: the failure's message. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    private UpstreamSteps(Plan plan) {
        this.plan = plan;
    }

    /** {@code plan} with the upstream steps its selection's {@code upstream} mode asks for. */
    static UpstreamSteps plan(Plan plan, CheckpointStore checkpoints) {
        return new UpstreamSteps(switch (plan.selection().upstream()) {
            case CHECKPOINT -> plan;
            case RUN -> plan.withUpstream(step -> true);
            case AUTO -> plan.withUpstream(step -> !hasCheckpoint(checkpoints, plan.recipe(), step));
        });
    }

    /**
     * Whether the ctx after {@code step} can be restored from a checkpoint of {@code recipe} as it is now. Today
     * any checkpoint of the step counts; this is the one place where "for the same recipe content" plugs in (the
     * store's newest checkpoint of the step for the recipe's content hash), and {@link CtxRestore} must then
     * restore from that same checkpoint.
     */
    static boolean hasCheckpoint(CheckpointStore checkpoints, Recipe recipe, Step step) {
        try {
            return checkpoints.load(recipe.testId(), step.name()).isPresent();
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    Plan plan() {
        return plan;
    }

    boolean isUpstream(Step step) {
        return plan.isUpstream(step);
    }

    /** The warning an upstream step carries in every report. */
    String why(Step step) {
        String mode = plan.selection().upstream().name().toLowerCase(java.util.Locale.ROOT);
        return "upstream step: not selected, run first because a selected step needs its ctx ("
                + (mode.equals("run") ? "orchestrator.upstream=run" : "no checkpoint of it for this recipe") + ")";
    }

    /** Records how an upstream step ended. */
    void finished(Step step, StepOutcome outcome) {
        if (outcome.status() == StepStatus.FAILED) {
            Throwable cause = outcome.failure();
            failed.put(step.name(), "upstream step " + step.name() + " failed: "
                    + (cause == null ? "no reason given" : String.valueOf(cause.getMessage())));
        }
    }

    /**
     * The failure to report for {@code step}, which the scheduler skips, when an upstream step it depends on
     * failed; empty when the skip stands. An upstream step inherits the failure for the steps after it.
     */
    Optional<String> failureFor(Step step) {
        for (String dep : step.dependsOn()) {
            String failure = failed.get(dep);
            if (failure != null) {
                if (plan.isUpstream(step)) {
                    failed.put(step.name(), failure);
                    return Optional.empty();
                }
                return Optional.of("cannot run: it needs the ctx of " + dep + ", which was not selected and ran"
                        + " first as an upstream step; " + failure);
            }
        }
        return Optional.empty();
    }
}
