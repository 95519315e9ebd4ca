package dev.orchestrator.junit;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.event.StepStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What did not pass in this engine's earlier executions, recipe by recipe: the steps that failed and the steps
 * that were skipped. Surefire's {@code rerunFailingTestsCount} (and an IDE's "rerun failed tests" in the same
 * JVM) starts a new execution on the same engine selecting only the failed steps by unique id; the steps that
 * were skipped because of them are not selected, as they did not fail. This memory lets that rerun add them
 * back as dynamic tests (see {@link #dependentsToRerun}), so a step that now passes is followed by the steps
 * that need it and a flaky failure cannot leave the build green with its dependents never run.
 *
 * <p>It also writes the rerun file ({@link Constants#RERUN_FILE}). Thread-safe.
 */
final class RerunMemory {

    private record Left(Recipe recipe, Set<String> failed, Set<String> skipped) {
    }

    private final Map<String, Left> byRecipe = new HashMap<>();

    /**
     * The steps of {@code recipe} to run besides the selected {@code visible} ones: those skipped last time that
     * depend (directly or not) on a selected step that failed last time, in file order.
     */
    synchronized List<Step> dependentsToRerun(Recipe recipe, Set<String> visible) {
        Left left = byRecipe.get(recipe.testId());
        if (left == null) {
            return List.of();
        }
        Set<String> causes = new LinkedHashSet<>(left.failed());
        causes.retainAll(visible);
        List<Step> dependents = new ArrayList<>();
        for (Step step : recipe.steps()) {
            if (left.skipped().contains(step.name()) && !visible.contains(step.name())
                    && dependsOnAny(recipe, step, causes)) {
                dependents.add(step);
            }
        }
        return dependents;
    }

    private static boolean dependsOnAny(Recipe recipe, Step step, Set<String> names) {
        Deque<Step> work = new ArrayDeque<>(List.of(step));
        Set<String> seen = new LinkedHashSet<>();
        while (!work.isEmpty()) {
            for (String dep : work.poll().scheduling().dependsOn()) {
                if (names.contains(dep)) {
                    return true;
                }
                if (seen.add(dep)) {
                    recipe.step(dep).ifPresent(work::add);
                }
            }
        }
        return false;
    }

    /** A subscriber for one execution; its outcomes replace what is remembered about the steps it reported. */
    Execution execution() {
        return new Execution();
    }

    /** Collects one execution's outcomes; {@link #finish} merges them into the memory. */
    final class Execution implements Subscriber<RunEvent> {

        private final Map<String, Recipe> recipes = new LinkedHashMap<>();
        private final Map<String, Map<String, StepStatus>> outcomes = new LinkedHashMap<>();

        @Override
        public void subscribe(Subscriptions<RunEvent> on) {
            on.event(RunEvent.StepFinished.class, e -> record(e.recipe(), e.step(), e.outcome().status()));
            on.event(RunEvent.StepSkipped.class, e -> record(e.recipe(), e.step(), StepStatus.SKIPPED));
        }

        private synchronized void record(Recipe recipe, Step step, StepStatus status) {
            recipes.put(recipe.testId(), recipe);
            outcomes.computeIfAbsent(recipe.testId(), id -> new LinkedHashMap<>()).put(step.name(), status);
        }

        /** Merges this execution into the memory and returns the rerun file's entries. */
        synchronized List<String> finish(Path workspace) {
            List<String> entries = new ArrayList<>();
            synchronized (RerunMemory.this) {
                outcomes.forEach((id, statuses) -> {
                    Recipe recipe = recipes.get(id);
                    Left before = byRecipe.getOrDefault(id, new Left(recipe, Set.of(), Set.of()));
                    Set<String> failed = new LinkedHashSet<>(before.failed());
                    Set<String> skipped = new LinkedHashSet<>(before.skipped());
                    statuses.forEach((step, status) -> {
                        failed.remove(step);
                        skipped.remove(step);
                        if (status == StepStatus.FAILED) {
                            failed.add(step);
                        } else if (status == StepStatus.SKIPPED) {
                            skipped.add(step);
                        }
                    });
                    byRecipe.put(id, new Left(recipe, failed, skipped));
                    for (Step step : recipe.steps()) {
                        StepStatus status = statuses.get(step.name());
                        if (status == StepStatus.FAILED || (status == StepStatus.SKIPPED
                                && dependsOnAny(recipe, step, failed))) {
                            entries.add(SelectEntries.entry(recipe.source(), workspace, step.position().line()));
                        }
                    }
                });
            }
            return entries;
        }
    }

    /** Writes the rerun file: one {@link Constants#SELECT} entry a line (empty when everything passed). */
    static void writeRerunFile(Path file, List<String> entries) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + Constants.RERUN_FILE + " " + file, e);
        }
    }
}
