package dev.orchestrator.execution.internal;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.internal.CheckpointStore;
import dev.orchestrator.context.CheckpointStores;
import dev.orchestrator.context.internal.CtxJournal;
import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.internal.Plan;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ctx a run starts from, and its checkpoint journal. When steps a running step depends on do not run
 * (only, skip, resume-from, one step picked by unique id), their effects come from the last run's
 * checkpoints: the ctx is restored from the newest checkpoint among those dependencies (it already holds
 * what the older ones wrote). A running step whose missing dependency has no checkpoint, or only an
 * unreadable one, fails with the reason and how to get one. Each finished step is then checkpointed into
 * this run's journal ({@link #checkpoint}); {@link #close} ends it.
 */
final class CtxRestore implements AutoCloseable {

    private final Context ctx;
    private final Map<String, String> unavailable;
    private final CtxJournal journal;

    private CtxRestore(Context ctx, Map<String, String> unavailable, CtxJournal journal) {
        this.ctx = ctx;
        this.unavailable = unavailable;
        this.journal = journal;
    }

    static CtxRestore prepare(Plan plan, CheckpointStore store, String runId) {
        return prepare(plan, store, runId, Map.of());
    }

    /**
     * As above; {@code matched} are checkpoints already chosen for dependencies (upstream steps that
     * {@code orchestrator.upstream=auto} matched to the recipe's content), used instead of the newest one.
     */
    static CtxRestore prepare(Plan plan, CheckpointStore store, String runId, Map<String, Checkpoint> matched) {
        Recipe recipe = plan.recipe();
        Map<String, Step> byName = new HashMap<>();
        recipe.steps().forEach(s -> byName.put(s.name(), s));
        Map<String, Checkpoint> found = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (Step step : plan.order()) {
            if (!plan.willRun(step)) {
                continue;
            }
            Set<String> missing = new LinkedHashSet<>();
            for (String dep : step.scheduling().dependsOn()) {
                Step dependency = byName.get(dep);
                if (dependency == null || plan.willRun(dependency) || found.containsKey(dep)) {
                    continue;
                }
                if (unreadable.containsKey(dep)) {
                    missing.add(dep);
                    continue;
                }
                try {
                    Optional<Checkpoint> checkpoint = matched.containsKey(dep) ? Optional.of(matched.get(dep))
                            : store.load(recipe.testId(), dep);
                    if (checkpoint.isPresent()) {
                        found.put(dep, checkpoint.get());
                    } else {
                        missing.add(dep);
                    }
                } catch (IOException | RuntimeException e) {
                    unreadable.put(dep, String.valueOf(e.getMessage()));
                    missing.add(dep);
                }
            }
            if (!missing.isEmpty()) {
                unavailable.put(step.name(), message(recipe, step, missing, unreadable));
            }
        }
        Optional<Checkpoint> newest = found.values().stream().max(Comparator.comparing(Checkpoint::at));
        Context ctx = newest
                .map(c -> Context.restore(recipe.testId(), runId, c.values(), c.history()))
                .orElseGet(() -> Context.create(recipe.testId(), runId));
        return new CtxRestore(ctx, unavailable, store.open(ctx, contentHash(recipe)));
    }

    /** The recipe file's content hash, or null when its text cannot be read again. */
    static String contentHash(Recipe recipe) {
        try {
            Optional<java.nio.file.Path> file = recipe.source().file();
            if (file.isPresent()) {
                return CheckpointStores.contentHash(java.nio.file.Files.readAllBytes(file.get()));
            }
            try (InputStream in = recipe.source().uri().toURL().openStream()) {
                return CheckpointStores.contentHash(in.readAllBytes());
            }
        } catch (IOException | RuntimeException e) {
            return null; // the checkpoints are still written, just not tied to a recipe content
        }
    }

    private static String message(Recipe recipe, Step step, Set<String> missing, Map<String, String> unreadable) {
        String names = String.join(", ", missing);
        List<String> broken = missing.stream().filter(unreadable::containsKey).toList();
        if (!broken.isEmpty()) {
            StringBuilder why = new StringBuilder("cannot restore the ctx for step " + step.name() + ": it depends on "
                    + names + ", which " + (missing.size() == 1 ? "does" : "do") + " not run in this selection, and");
            for (String dep : broken) {
                why.append(" the checkpoint of ").append(dep).append(" cannot be read: ").append(unreadable.get(dep))
                        .append(';');
            }
            return why.append(" move the corrupt file out of the way (older checkpoints are then used) or run the"
                    + " recipe once in full (or include ").append(names).append(" in the selection) to write new ones.")
                    .toString();
        }
        return "cannot restore the ctx for step " + step.name() + ": it depends on " + names
                + (missing.size() == 1 ? ", which does" : ", which do") + " not run in this selection, and no"
                + " checkpoint of " + names + " exists (the journals in Data/ctx/" + recipe.testId() + "/, or memory"
                + " when store_on_ram.txt says true). Run the recipe once in full (or include " + names
                + " in the selection) to write one.";
    }

    Context ctx() {
        return ctx;
    }

    /** Records the ctx as it is now as the checkpoint after {@code step}. */
    void checkpoint(String step) throws IOException {
        journal.checkpoint(step);
    }

    /** Ends the run's journal; a failure only weakens a later resume, so it is a warning. */
    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException | RuntimeException e) {
            RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "cannot finish the ctx journal of " + ctx.recipe()
                    + " (a later only/skip/resume-from may miss its last checkpoints): " + e);
        }
    }

    /** Why {@code step} cannot run (a dependency's checkpoint is missing), or empty. */
    Optional<String> unavailable(Step step) {
        return Optional.ofNullable(unavailable.get(step.name()));
    }
}
