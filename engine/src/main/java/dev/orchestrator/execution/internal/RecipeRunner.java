package dev.orchestrator.execution.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.context.ChangeRecord;
import dev.orchestrator.context.Context;
import dev.orchestrator.event.ResourceUsage;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.event.internal.Publisher;
import dev.orchestrator.event.RunEvent.CtxChanged;
import dev.orchestrator.event.RunEvent.RecipeFinished;
import dev.orchestrator.event.RunEvent.RecipeStarted;
import dev.orchestrator.event.RunEvent.StepFinished;
import dev.orchestrator.event.RunEvent.StepLogLine;
import dev.orchestrator.event.RunEvent.StepSkipped;
import dev.orchestrator.event.RunEvent.StepStarted;
import dev.orchestrator.event.RunEvent.StepWarning;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.internal.Plan;
import dev.orchestrator.schedule.internal.Scheduler;
import dev.orchestrator.schedule.internal.Selection;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.schedule.internal.StepTask;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Runs one recipe: creates its ctx (with {@code test_meta}), lets the scheduler order the steps, runs each
 * through the {@link StepExecutor}, checkpoints the ctx after every step and publishes every {@link RunEvent}.
 */
@API(status = INTERNAL)
public final class RecipeRunner {

    private final RunSettings settings;
    private final Scheduler scheduler;
    private final StepExecutor executor;
    private final StepCaching caching;

    public RecipeRunner(RunSettings settings, Scheduler scheduler) {
        this(settings, scheduler, dev.orchestrator.execution.cache.internal.CacheSettings.DEFAULT);
    }

    /** A runner whose steps with {@code cache:} use the workspace's step cache as {@code cache} says. */
    public RecipeRunner(RunSettings settings, Scheduler scheduler, dev.orchestrator.execution.cache.internal.CacheSettings cache) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.executor = new StepExecutor(settings);
        this.caching = new StepCaching(settings, cache, executor);
    }

    /**
     * Waits until the log of every step run so far is complete on disk (step logs are written by a thread of
     * the run, see {@link StepLogs}); the engine calls it before the run's {@code RunFinished} event.
     *
     * @return false when they were not written within {@code seconds}
     */
    public boolean finishLogs(long seconds) throws InterruptedException {
        return executor.finishLogs(seconds);
    }

    /**
     * Runs the {@code visible} steps of {@code recipe} that {@code selection} keeps, publishing its events to
     * {@code events}.
     *
     * @return the recipe's ctx after the run
     */
    public Context run(Recipe recipe, Set<String> visible, Selection selection, Publisher<RunEvent> events) throws InterruptedException {
        UpstreamSteps upstream = UpstreamSteps.plan(Plan.of(recipe, visible, selection), settings.checkpoints());
        Plan plan = upstream.plan();
        CtxRestore restore = CtxRestore.prepare(plan, settings.checkpoints(), settings.runId(),
                upstream.matchedCheckpoints());
        Context ctx = restore.ctx();
        learnSecrets(recipe, ctx);
        ctx.set("test_meta", recipe.meta().raw());
        settings.global().putTestMeta(recipe.testId(), recipe.meta().raw());
        events.publish(new RecipeStarted(recipe, ctx));
        try (restore; ServiceSteps services = new ServiceSteps(plan, events, settings.masker())) {
            scheduler.run(plan, services.around(new Task(recipe, ctx, restore, upstream, events, services)));
        }
        events.publish(new RecipeFinished(recipe, ctx));
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
            masker.learn(null, step.target().params());
            masker.learn(null, step.target().args());
            masker.learnEnvironment(step.target().env());
        }
    }

    private final class Task implements StepTask {
        private final Recipe recipe;
        private final Context ctx;
        private final CtxRestore restore;
        private final Publisher<RunEvent> events;
        private final UpstreamSteps upstream;
        private final WriteConflicts conflicts = new WriteConflicts();
        private final ServiceSteps services;

        Task(Recipe recipe, Context ctx, CtxRestore restore, UpstreamSteps upstream, Publisher<RunEvent> events,
             ServiceSteps services) {
            this.services = services;
            this.recipe = recipe;
            this.ctx = ctx;
            this.restore = restore;
            this.upstream = upstream;
            this.events = events;
        }

        @Override
        public StepStatus run(Step step) throws InterruptedException {
            if (step.scheduling().when() != null && !truthy(ctx.get(step.scheduling().when()))) {
                skip(step, "when: ctx key '" + step.scheduling().when() + "' is " + (ctx.has(step.scheduling().when())
                        ? "not truthy (" + ctx.getString(step.scheduling().when()) + ")" : "absent"));
                return StepStatus.SKIPPED;
            }
            events.publish(new StepStarted(recipe, step));
            Optional<String> unavailable = restore.unavailable(step).or(() -> services.unavailable(step));
            if (unavailable.isPresent()) {
                Instant now = Instant.now();
                StepOutcome.Failed outcome = new StepOutcome.Failed(new StepFailedException(unavailable.get()),
                        new StepOutcome.Ran(ResourceUsage.NONE, 0, null, List.of(), now, now));
                events.publish(new StepFinished(recipe, step, outcome));
                return StepStatus.FAILED;
            }
            int historyBefore = ctx.historySize();
            Instant start = Instant.now();
            StepOutcome.Finished outcome;
            List<String> cacheWarnings = new java.util.ArrayList<>();
            try {
                java.util.function.Consumer<String> lines = events.wants(StepLogLine.class)
                        ? line -> events.publish(new StepLogLine(recipe, step, line)) : null;
                StepOutcome.Finished ran = services.settle(step, caching.execute(recipe, step, ctx, cacheWarnings::add,
                        () -> executor.execute(recipe, step, ctx.actingAs(step.name(), step.scriptletId()), services,
                                lines)));
                outcome = ran.with(ran.ran().stamped(changesBy(step, ctx.historySince(historyBefore)), start,
                        Instant.now()));
            } catch (InterruptedException e) {
                // every started step gets its finish event, also when the run is cancelled under it
                events.publish(new StepFinished(recipe, step, failed(
                        new StepFailedException("interrupted: the run was cancelled while this step ran"), start)));
                throw e;
            } catch (RuntimeException | Error e) {
                // the engine itself failed around this step (its log could not be written, the JVM ran out of
                // memory): report the step failed with the cause, then let the scheduler see it
                events.publish(new StepFinished(recipe, step, failed(e, start)));
                throw e;
            }
            checkpoint(step, outcome);
            if (!outcome.ran().changes().isEmpty()) {
                events.publish(new CtxChanged(recipe, step, outcome.ran().changes()));
            }
            for (WriteConflicts.Conflict conflict : conflicts.finished(step.name(), outcome.ran().started(),
                    outcome.ran().finished(), outcome.ran().changes())) {
                String warning = settings.masker().mask(conflict.describe());
                appendToLog(outcome, "WARNING " + warning);
                events.publish(new StepWarning(recipe, step, warning));
            }
            for (String undeclared : WriteContract.warnings(step, outcome.ran().changes(), settings.contracts())) {
                String warning = settings.masker().mask(undeclared);
                appendToLog(outcome, "WARNING " + warning);
                events.publish(new StepWarning(recipe, step, warning));
            }
            for (String warning : cacheWarnings) {
                appendToLog(outcome, "WARNING " + warning);
                events.publish(new StepWarning(recipe, step, warning));
            }
            if (upstream.isUpstream(step)) {
                events.publish(new StepWarning(recipe, step, upstream.why(step)));
                upstream.finished(step, outcome);
            }
            events.publish(new StepFinished(recipe, step, outcome));
            return outcome.status();
        }

        private StepOutcome.Failed failed(Throwable cause, Instant start) {
            return new StepOutcome.Failed(settings.masker().mask(cause),
                    new StepOutcome.Ran(ResourceUsage.NONE, 1, null, List.of(), start, Instant.now()));
        }

        @Override
        public void skip(Step step, String reason) {
            Optional<String> upstreamFailure = upstream.failureFor(step);
            if (upstreamFailure.isPresent()) {
                events.publish(new StepStarted(recipe, step));
                events.publish(new StepFinished(recipe, step, failed(new StepFailedException(settings.masker().mask(upstreamFailure.get())), Instant.now())));
                return;
            }
            events.publish(new StepSkipped(recipe, step, settings.masker().mask(reason)));
        }

        private void appendToLog(StepOutcome.Finished outcome, String line) {
            java.nio.file.Path log = outcome.ran().log();
            if (log == null) {
                return;
            }
            executor.appendToLog(log, line);
        }

        private void checkpoint(Step step, StepOutcome.Finished outcome) {
            try {
                restore.checkpoint(step.name());
            } catch (IOException | RuntimeException e) {
                // A lost checkpoint only weakens a later resume; the step's own result stands. Say so loudly:
                // on the console, in the step's log, and as a warning event (runner log, JUnit, reports).
                String warning = settings.masker().mask("cannot write the ctx checkpoint after this step (a later "
                        + "only/skip/resume-from cannot restore from it): " + e);
                RunnerLog.CONSOLE.log(System.Logger.Level.WARNING, "step " + step.name() + ": " + warning);
                appendToLog(outcome, "WARNING " + warning);
                events.publish(new StepWarning(recipe, step, warning));
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
