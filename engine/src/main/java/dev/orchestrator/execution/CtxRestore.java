package dev.orchestrator.execution;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.CheckpointStore;
import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.Plan;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ctx a partial run starts from (SPEC §7): when steps a running step depends on do not run (only, skip,
 * resume-from, one step picked by unique id), their effects come from the last run's checkpoints. The ctx
 * is restored from the newest checkpoint among those dependencies (it already holds what the older ones
 * wrote). A running step whose missing dependency has no checkpoint fails with how to get one.
 */
final class CtxRestore {

    private final Context ctx;
    private final Map<String, String> unavailable;

    private CtxRestore(Context ctx, Map<String, String> unavailable) {
        this.ctx = ctx;
        this.unavailable = unavailable;
    }

    static CtxRestore prepare(Plan plan, CheckpointStore store, String runId) {
        Recipe recipe = plan.recipe();
        Map<String, Step> byName = new HashMap<>();
        recipe.steps().forEach(s -> byName.put(s.name(), s));
        Map<String, Checkpoint> found = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (Step step : plan.order()) {
            if (!plan.willRun(step)) {
                continue;
            }
            Set<String> missing = new LinkedHashSet<>();
            for (String dep : step.dependsOn()) {
                Step dependency = byName.get(dep);
                if (dependency == null || plan.willRun(dependency) || found.containsKey(dep)) {
                    continue;
                }
                Optional<Checkpoint> checkpoint = load(store, recipe.testId(), dep);
                if (checkpoint.isPresent()) {
                    found.put(dep, checkpoint.get());
                } else {
                    missing.add(dep);
                }
            }
            if (!missing.isEmpty()) {
                unavailable.put(step.name(), message(recipe, step, missing));
            }
        }
        Optional<Checkpoint> newest = found.values().stream().max(Comparator.comparing(Checkpoint::at));
        Context ctx = newest
                .map(c -> Context.restore(recipe.testId(), runId, c.values(), c.history()))
                .orElseGet(() -> Context.create(recipe.testId(), runId));
        return new CtxRestore(ctx, unavailable);
    }

    private static Optional<Checkpoint> load(CheckpointStore store, String testId, String step) {
        try {
            return store.load(testId, step);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static String message(Recipe recipe, Step step, Set<String> missing) {
        String names = String.join(", ", missing);
        return "cannot restore the ctx for step " + step.name() + ": it depends on " + names
                + (missing.size() == 1 ? ", which does" : ", which do") + " not run in this selection, and no"
                + " checkpoint of " + names + " exists (Data/ctx/" + recipe.testId() + "/<step>.json, or memory"
                + " when store_on_ram.txt says true). Run the recipe once in full (or include " + names
                + " in the selection) to write one.";
    }

    Context ctx() {
        return ctx;
    }

    /** Why {@code step} cannot run (a dependency's checkpoint is missing), or empty. */
    Optional<String> unavailable(Step step) {
        return Optional.ofNullable(unavailable.get(step.name()));
    }
}
