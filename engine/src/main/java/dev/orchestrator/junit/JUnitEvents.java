package dev.orchestrator.junit;

import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunEvent.StepFinished;
import dev.orchestrator.event.RunEvent.StepSkipped;
import dev.orchestrator.event.RunEvent.StepStarted;
import dev.orchestrator.event.RunEvent.StepWarning;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.execution.internal.StepLogs;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.event.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * Turns run events into JUnit events on the step descriptors of the recipes {@link #expect expected}; events of
 * other recipes are not JUnit's business. Subscribed synchronously: a step's JUnit events happen on the
 * thread that runs it, in order. A step without a descriptor ran as an upstream step
 * ({@code orchestrator.upstream}): it has no test of its own, so every selected step that needed it (directly or
 * through other upstream steps) carries a report entry {@code upstream} naming it, its result and its log.
 */
final class JUnitEvents implements Subscriber<RunEvent> {

    private final EngineExecutionListener junit;
    private final Map<String, RecipeSteps> recipes = new ConcurrentHashMap<>();

    JUnitEvents(EngineExecutionListener junit) {
        this.junit = junit;
    }

    @Override
    public void subscribe(Subscriptions<RunEvent> on) {
        on.event(StepStarted.class, e -> of(e.recipe()).ifPresent(r -> r.stepStarted(e.recipe(), e.step())));
        on.event(StepWarning.class, e -> of(e.recipe()).ifPresent(r -> r.stepWarning(e.step(), e.warning())));
        on.event(StepFinished.class, e -> of(e.recipe()).ifPresent(r -> r.stepFinished(e.step(), e.outcome())));
        on.event(StepSkipped.class, e -> of(e.recipe()).ifPresent(r -> r.stepSkipped(e.step(), e.reason())));
        // the service's test has finished (when it became ready): its stop is an entry of its recipe
        on.event(RunEvent.ServiceStopped.class, e -> of(e.recipe()).ifPresent(r -> junit.reportingEntryPublished(
                r.recipe, ReportEntry.from("service_stopped", e.step().name() + ": " + e.how()))));
    }

    /** The steps of {@code descriptor} (with any dynamic ones added) hear the events of its recipe from now on. */
    void expect(RecipeDescriptor descriptor, Recipe recipe) {
        recipes.put(recipe.testId(), new RecipeSteps(descriptor));
    }

    /** The recipe has run: its events are no longer expected. */
    void done(Recipe recipe) {
        recipes.remove(recipe.testId());
    }

    private Optional<RecipeSteps> of(Recipe recipe) {
        return Optional.ofNullable(recipes.get(recipe.testId()));
    }

    /** One recipe's step descriptors and the upstream steps that ran for them. */
    private final class RecipeSteps {

        private final Map<String, StepDescriptor> steps = new LinkedHashMap<>();
        private final RecipeDescriptor recipe;
        private final Map<String, String> upstreamRuns = new ConcurrentHashMap<>();
        private final Map<String, Path> upstreamLogs = new ConcurrentHashMap<>();

        RecipeSteps(RecipeDescriptor recipe) {
            this.recipe = recipe;
            recipe.getChildren().forEach(child -> {
                StepDescriptor step = (StepDescriptor) child;
                steps.put(step.step().name(), step);
            });
        }

        void stepStarted(Recipe recipe, Step step) {
            descriptor(step).ifPresent(d -> {
                junit.executionStarted(d);
                for (String upstream : upstreamOf(recipe, step)) {
                    junit.reportingEntryPublished(d, ReportEntry.from("upstream", upstreamRuns.get(upstream)));
                    Path log = upstreamLogs.get(upstream);
                    // a short upstream log may still be with the log writer: attach it once it is on disk
                    if (log != null && StepLogs.awaitWritten(log) && Files.isRegularFile(log)) {
                        junit.fileEntryPublished(d, FileEntry.from(log, "text/plain"));
                    }
                }
            });
        }

        /** The upstream steps that ran for {@code step}, nearest first. */
        private Set<String> upstreamOf(Recipe recipe, Step step) {
            if (upstreamRuns.isEmpty()) {
                return Set.of(); // the usual case: no walk of the dependencies for every step
            }
            Set<String> found = new LinkedHashSet<>();
            Deque<Step> work = new ArrayDeque<>(List.of(step));
            while (!work.isEmpty()) {
                for (String dep : work.poll().scheduling().dependsOn()) {
                    if (upstreamRuns.containsKey(dep) && found.add(dep)) {
                        recipe.step(dep).ifPresent(work::add);
                    }
                }
            }
            return found;
        }

        void stepFinished(Step step, StepOutcome.Finished outcome) {
            StepOutcome.Ran ran = outcome.ran();
            if (!steps.containsKey(step.name())) {
                upstreamRuns.put(step.name(), step.name() + " " + outcome.status()
                        + ran.logFile().map(log -> ", log " + log).orElse(""));
                ran.logFile().ifPresent(log -> upstreamLogs.put(step.name(), log));
            }
            descriptor(step).ifPresent(d -> {
                Map<String, String> entry = new LinkedHashMap<>();
                ran.logFile().ifPresent(log -> entry.put("log", log.toString()));
                entry.put("attempts", String.valueOf(ran.attempts()));
                entry.put("resources", ran.usage().describe());
                if (outcome instanceof StepOutcome.Passed passed && passed.cachedFrom() != null) {
                    entry.put("cache", "hit");
                    entry.put("cached_from", passed.cachedFrom());
                }
                junit.reportingEntryPublished(d, ReportEntry.from(entry));
                junit.executionFinished(d, result(outcome));
            });
        }

        private static TestExecutionResult result(StepOutcome.Finished outcome) {
            if (outcome instanceof StepOutcome.Failed failed) {
                return TestExecutionResult.failed(failed.failure());
            }
            if (outcome instanceof StepOutcome.Aborted aborted) {
                return TestExecutionResult.aborted(aborted.cause());
            }
            return TestExecutionResult.successful();
        }

        void stepWarning(Step step, String warning) {
            descriptor(step).ifPresent(d -> junit.reportingEntryPublished(d, ReportEntry.from("warning", warning)));
        }

        void stepSkipped(Step step, String reason) {
            descriptor(step).ifPresent(d -> junit.executionSkipped(d, reason));
        }

        private Optional<StepDescriptor> descriptor(Step step) {
            return Optional.ofNullable(steps.get(step.name()));
        }
    }
}
