package dev.orchestrator.execution.internal;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.internal.Plan;
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
    /** Checkpoints of upstream steps written by this recipe's content: the ctx is restored from these. */
    private final Map<String, Checkpoint> matched;
    /** Upstream steps that failed, or were skipped because one failed: the failure's message. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    private UpstreamSteps(Plan plan, Map<String, Checkpoint> matched) {
        this.plan = plan;
        this.matched = Map.copyOf(matched);
    }

    /** {@code plan} with the upstream steps its selection's {@code upstream} mode asks for. */
    static UpstreamSteps plan(Plan plan, CheckpointStore checkpoints) {
        Map<String, Checkpoint> matched = new ConcurrentHashMap<>();
        Plan withUpstream = switch (plan.selection().upstream()) {
            // a checkpoint brings back a service's ctx, not its process: a service always runs (docs/services.md)
            case CHECKPOINT -> plan.withUpstream(step -> step.service().enabled());
            case RUN -> plan.withUpstream(step -> true);
            case AUTO -> {
                String hash = CtxRestore.contentHash(plan.recipe());
                yield plan.withUpstream(step -> {
                    if (step.service().enabled()) {
                        return true;
                    }
                    Optional<Checkpoint> same = sameContent(checkpoints, plan.recipe(), step, hash);
                    same.ifPresent(c -> matched.put(step.name(), c));
                    return same.isEmpty();
                });
            }
        };
        return new UpstreamSteps(withUpstream, matched);
    }

    /**
     * The newest checkpoint of {@code step} written by a run of {@code recipe} with the same content hash: a
     * checkpoint of a recipe that changed since is not silently reused (the step runs instead). Empty when
     * the recipe's text cannot be read again, or the checkpoint cannot be read.
     */
    static Optional<Checkpoint> sameContent(CheckpointStore checkpoints, Recipe recipe, Step step, String hash) {
        if (hash == null) {
            return Optional.empty();
        }
        try {
            return checkpoints.loadForRecipeContent(recipe.testId(), step.name(), hash);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The checkpoints {@code auto} matched to this recipe's content, by step name; {@link CtxRestore} uses them. */
    Map<String, Checkpoint> matchedCheckpoints() {
        return matched;
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
    void finished(Step step, StepOutcome.Finished outcome) {
        // an aborted upstream step is no failure: the selected steps after it are skipped, as in a full run
        if (outcome instanceof StepOutcome.Failed f) {
            failed.put(step.name(), "upstream step " + step.name() + " failed: " + f.reason().orElse("no reason given"));
        }
    }

    /**
     * The failure to report for {@code step}, which the scheduler skips, when an upstream step it depends on
     * failed; empty when the skip stands. An upstream step inherits the failure for the steps after it.
     */
    Optional<String> failureFor(Step step) {
        for (String dep : step.scheduling().dependsOn()) {
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
