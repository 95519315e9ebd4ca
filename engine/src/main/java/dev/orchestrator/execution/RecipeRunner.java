package dev.orchestrator.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.Plan;
import dev.orchestrator.schedule.Scheduler;
import dev.orchestrator.schedule.Selection;
import dev.orchestrator.schedule.StepStatus;
import dev.orchestrator.schedule.StepTask;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Runs one recipe: creates its ctx (with {@code test_meta}), lets the scheduler order the steps, runs each
 * through the {@link StepExecutor}, checkpoints the ctx after every step and reports every event.
 */
@API(status = INTERNAL)
public final class RecipeRunner {

    private final RunSettings settings;
    private final Scheduler scheduler;
    private final StepExecutor executor;

    public RecipeRunner(RunSettings settings, Scheduler scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.executor = new StepExecutor(settings);
    }

    /**
     * Runs the {@code visible} steps of {@code recipe} that {@code selection} keeps, reporting to
     * {@code listener}.
     *
     * @return the recipe's ctx after the run
     */
    public Context run(Recipe recipe, Set<String> visible, Selection selection, RunListener listener) throws InterruptedException {
        UpstreamSteps upstream = UpstreamSteps.plan(Plan.of(recipe, visible, selection), settings.checkpoints());
        Plan plan = upstream.plan();
        CtxRestore restore = CtxRestore.prepare(plan, settings.checkpoints(), settings.runId(),
                upstream.matchedCheckpoints());
        Context ctx = restore.ctx();
        learnSecrets(recipe, ctx);
        ctx.set("test_meta", recipe.meta().raw());
        settings.global().putTestMeta(recipe.testId(), recipe.meta().raw());
        listener.recipeStarted(recipe, ctx);
        try (restore) {
            scheduler.run(plan, new Task(recipe, ctx, restore, upstream, listener));
        }
        listener.recipeFinished(recipe, ctx);
        return ctx;
    }

    /**
     * Before anything of the recipe is logged: its declared secret names, and the secret values of its
     * restored ctx and of every step's params, args and env (a value given to a later step is masked in an
     * earlier step's log too).
     */
    private void learnSecrets(Recipe recipe, Context ctx) {
        var masker = settings.masker();
        masker.declare(recipe.secrets());
        ctx.keys().forEach(key -> masker.learn(key, ctx.get(key)));
        for (Step step : recipe.steps()) {
            masker.learn(null, step.params());
            masker.learn(null, step.args());
            masker.learnEnvironment(step.env());
        }
    }

    private final class Task implements StepTask {
        private final Recipe recipe;
        private final Context ctx;
        private final CtxRestore restore;
        private final RunListener listener;
        private final UpstreamSteps upstream;
        private final WriteConflicts conflicts = new WriteConflicts();

        Task(Recipe recipe, Context ctx, CtxRestore restore, UpstreamSteps upstream, RunListener listener) {
            this.recipe = recipe;
            this.ctx = ctx;
            this.restore = restore;
            this.upstream = upstream;
            this.listener = listener;
        }

        @Override
        public StepStatus run(Step step) throws InterruptedException {
            if (step.when() != null && !truthy(ctx.get(step.when()))) {
                skip(step, "when: ctx key '" + step.when() + "' is " + (ctx.has(step.when())
                        ? "not truthy (" + ctx.getString(step.when()) + ")" : "absent"));
                return StepStatus.SKIPPED;
            }
            listener.stepStarted(recipe, step);
            Optional<String> unavailable = restore.unavailable(step);
            if (unavailable.isPresent()) {
                Instant now = Instant.now();
                StepOutcome outcome = new StepOutcome(StepStatus.FAILED, new StepFailedException(unavailable.get()),
                        null, null, ResourceUsage.NONE, 0, null, List.of(), now, now);
                listener.stepFinished(recipe, step, outcome);
                return StepStatus.FAILED;
            }
            int historyBefore = ctx.historySize();
            Instant start = Instant.now();
            StepOutcome outcome;
            try {
                outcome = executor.execute(recipe, step, ctx.actingAs(step.name(), step.scriptletId()))
                        .with(changesBy(step, ctx.historySince(historyBefore)), start, Instant.now());
            } catch (InterruptedException e) {
                // every started step gets its finish event, also when the run is cancelled under it
                listener.stepFinished(recipe, step, failed(
                        new StepFailedException("interrupted: the run was cancelled while this step ran"), start));
                throw e;
            } catch (RuntimeException | Error e) {
                // the engine itself failed around this step (its log could not be written, the JVM ran out of
                // memory): report the step failed with the cause, then let the scheduler see it
                listener.stepFinished(recipe, step, failed(e, start));
                throw e;
            }
            checkpoint(step, outcome);
            for (WriteConflicts.Conflict conflict : conflicts.finished(step.name(), outcome.started(),
                    outcome.finished(), outcome.changes())) {
                String warning = settings.masker().mask(conflict.describe());
                appendToLog(outcome, "WARNING " + warning);
                listener.stepWarning(recipe, step, warning);
            }
            if (upstream.isUpstream(step)) {
                listener.stepWarning(recipe, step, upstream.why(step));
                upstream.finished(step, outcome);
            }
            listener.stepFinished(recipe, step, outcome);
            return outcome.status();
        }

        private StepOutcome failed(Throwable cause, Instant start) {
            return new StepOutcome(StepStatus.FAILED, settings.masker().mask(cause), null, null, ResourceUsage.NONE, 1, null, List.of(), start,
                    Instant.now());
        }

        @Override
        public void skip(Step step, String reason) {
            Optional<String> upstreamFailure = upstream.failureFor(step);
            if (upstreamFailure.isPresent()) {
                listener.stepStarted(recipe, step);
                listener.stepFinished(recipe, step, failed(new StepFailedException(settings.masker().mask(upstreamFailure.get())), Instant.now()));
                return;
            }
            listener.stepSkipped(recipe, step, settings.masker().mask(reason));
        }

        private void appendToLog(StepOutcome outcome, String line) {
            if (outcome.log() == null) {
                return;
            }
            try {
                java.nio.file.Files.writeString(outcome.log(), line + System.lineSeparator(),
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, line + " (cannot append to " + outcome.log() + ": " + e + ")");
            }
        }

        private void checkpoint(Step step, StepOutcome outcome) {
            try {
                restore.checkpoint(step.name());
            } catch (IOException | RuntimeException e) {
                // A lost checkpoint only weakens a later resume; the step's own result stands. Say so loudly:
                // on the console, in the step's log, and as a warning event (runner log, JUnit, reports).
                String warning = settings.masker().mask("cannot write the ctx checkpoint after this step (a later "
                        + "only/skip/resume-from cannot restore from it): " + e);
                RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "step " + step.name() + ": " + warning);
                appendToLog(outcome, "WARNING " + warning);
                listener.stepWarning(recipe, step, warning);
            }
        }
    }

    /** The records a step made (parallel steps may have written in between). */
    private static List<ChangeRecord> changesBy(Step step, List<ChangeRecord> records) {
        return records.stream().filter(r -> r.who().equals(step.name())).toList();
    }

    /** JSON truthiness: absent, null, false, 0, "" , [] and {} are false. */
    static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        return value.size() > 0;
    }
}
