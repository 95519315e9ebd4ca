package dev.orchestrator.cli.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects what a launch reported, recipe by recipe and step by step, for the summary table, the JSON
 * summary and the exit code. Thread-safe: the engine may report steps from several threads.
 */
final class RunResults implements TestExecutionListener {

    /** How a step ended, as the CLI reports it; only {@link #FAILED} fails the run. */
    enum Status {
        PASSED, FAILED, SKIPPED, ABORTED, NOT_RUN;

        /** The status of a step the engine reported finished. */
        static Status of(TestExecutionResult result) {
            return switch (result.getStatus()) {
                case SUCCESSFUL -> PASSED;
                case ABORTED -> ABORTED;
                case FAILED -> FAILED;
            };
        }
    }

    /** One step's outcome. */
    static final class StepResult {
        final String recipe;
        final String step;
        volatile Status status = Status.NOT_RUN;
        volatile Duration duration = Duration.ZERO;
        volatile String message = "";
        /** The run whose result the step reused from the step cache; null when it ran. */
        volatile String cachedFrom;
        final List<String> details = Collections.synchronizedList(new ArrayList<>());

        StepResult(String recipe, String step) {
            this.recipe = recipe;
            this.step = step;
        }
    }

    /** One recipe's outcome: its steps, and a failure of the recipe itself (for example an invalid recipe). */
    static final class RecipeResult {
        final String id;
        final String file;
        final List<StepResult> steps = new ArrayList<>();
        volatile String failure;
        volatile boolean invalid;
        volatile Duration duration = Duration.ZERO;

        RecipeResult(String id, String file) {
            this.id = id;
            this.file = file;
        }

        String status() {
            if (invalid) {
                return "INVALID";
            }
            if (failure != null || steps.stream().anyMatch(s -> s.status == Status.FAILED)) {
                return "FAILED";
            }
            return "PASSED";
        }
    }

    private final Map<String, RecipeResult> recipes = new LinkedHashMap<>();
    private final Map<String, StepResult> steps = new ConcurrentHashMap<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private volatile long runStarted = System.nanoTime();
    private volatile Duration total = Duration.ZERO;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan plan) {
        runStarted = System.nanoTime();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier recipe : plan.getChildren(root)) {
                String id = lastSegmentValue(recipe).orElse(recipe.getDisplayName());
                String file = recipe.getSource().filter(FileSource.class::isInstance)
                        .map(s -> ((FileSource) s).getFile().getPath()).orElse("");
                RecipeResult result = new RecipeResult(id, file);
                recipes.put(recipe.getUniqueId(), result);
                for (TestIdentifier step : plan.getDescendants(recipe)) {
                    if (step.isTest()) {
                        StepResult stepResult = new StepResult(id, step.getDisplayName());
                        result.steps.add(stepResult);
                        steps.put(step.getUniqueId(), stepResult);
                    }
                }
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        total = Duration.ofNanos(System.nanoTime() - runStarted);
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        startedAt.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        StepResult step = steps.get(id.getUniqueId());
        if (step != null) {
            step.status = Status.SKIPPED;
            step.message = reason == null ? "" : reason;
            return;
        }
        RecipeResult recipe = recipe(id);
        if (recipe != null) {
            recipe.steps.forEach(s -> {
                s.status = Status.SKIPPED;
                s.message = reason == null ? "" : reason;
            });
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Duration took = elapsed(id);
        StepResult step = steps.get(id.getUniqueId());
        if (step != null) {
            step.duration = took;
            step.status = Status.of(result);
            step.message = result.getThrowable().map(RunResults::describe).orElse("");
            return;
        }
        RecipeResult recipe = recipe(id);
        if (recipe != null) {
            recipe.duration = took;
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                recipe.failure = result.getThrowable().map(RunResults::describe).orElse(result.getStatus().toString());
                recipe.invalid = result.getThrowable()
                        .map(t -> t.getClass().getSimpleName().equals("RecipeInvalidException")).orElse(false);
            }
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        StepResult step = steps.get(id.getUniqueId());
        if (step != null) {
            entry.getKeyValuePairs().forEach((k, v) -> step.details.add(k + ": " + v));
            if (entry.getKeyValuePairs().containsKey("cached_from")) {
                step.cachedFrom = entry.getKeyValuePairs().get("cached_from");
            }
        }
    }

    /** The step that {@code id} names, if it is one. */
    Optional<StepResult> step(TestIdentifier id) {
        return Optional.ofNullable(steps.get(id.getUniqueId()));
    }

    synchronized List<RecipeResult> recipes() {
        return List.copyOf(recipes.values());
    }

    Duration total() {
        return total;
    }

    long count(Status status) {
        return recipes().stream().flatMap(r -> r.steps.stream()).filter(s -> s.status == status).count();
    }

    /** 2 when a recipe was invalid, 1 when a step or a recipe failed, else 0 (aborted and skipped steps too). */
    int exitCode() {
        List<RecipeResult> all = recipes();
        if (all.stream().anyMatch(r -> r.invalid)) {
            return ExitCodes.INVALID;
        }
        boolean failed = all.stream().anyMatch(r -> r.failure != null
                || r.steps.stream().anyMatch(s -> s.status == Status.FAILED));
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private synchronized RecipeResult recipe(TestIdentifier id) {
        return recipes.get(id.getUniqueId());
    }

    private Duration elapsed(TestIdentifier id) {
        Long start = startedAt.get(id.getUniqueId());
        return start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
    }

    private static Optional<String> lastSegmentValue(TestIdentifier id) {
        UniqueId uniqueId = id.getUniqueIdObject();
        return uniqueId.getLastSegment() == null ? Optional.empty() : Optional.of(uniqueId.getLastSegment().getValue());
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.toString() : message;
    }
}
