package dev.orchestrator.report;

import dev.orchestrator.context.Checkpoint;
import dev.orchestrator.context.Context;
import dev.orchestrator.execution.RunInfo;
import dev.orchestrator.execution.RunListener;
import dev.orchestrator.execution.RunnerLog;
import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Hands one report writer's events to its own thread, in order, so that writing reports (files, a database
 * transaction, drawing a graph) never holds up a step, and the writers work side by side. {@code runFinished}
 * waits until the writer has handled everything, so a run's reports are complete when the run returns.
 *
 * <p>Events carry immutable data (recipes, steps, outcomes); the ctx, which steps go on changing, is handed
 * over as a frozen copy of what it held when the event happened.
 */
final class BackgroundListener implements RunListener {

    /** How long {@code runFinished} waits for a writer before leaving it behind (and saying so). */
    static final Duration DRAIN = Duration.ofMinutes(10);

    private final String name;
    private final RunListener writer;
    private final RunnerLog log;
    private final ExecutorService thread;

    BackgroundListener(String name, RunListener writer, RunnerLog log) {
        this.name = name;
        this.writer = writer;
        this.log = log;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "orchestrator-report-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    private void later(Runnable event) {
        try {
            thread.execute(event);
        } catch (java.util.concurrent.RejectedExecutionException afterTheRun) {
            // an event after runFinished (a step outliving an interrupted run): the reports are closed
        }
    }

    @Override
    public void runStarted(RunInfo run) {
        later(() -> writer.runStarted(run));
    }

    @Override
    public void runFinished(RunInfo run) {
        later(() -> writer.runFinished(run));
        thread.shutdown();
        try {
            if (!thread.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the " + name + " report did not finish within " + DRAIN.toMinutes()
                        + " minutes after the run; it goes on in the background", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void recipeStarted(Recipe recipe, Context ctx) {
        Context frozen = frozen(ctx);
        later(() -> writer.recipeStarted(recipe, frozen));
    }

    @Override
    public void stepStarted(Recipe recipe, Step step) {
        later(() -> writer.stepStarted(recipe, step));
    }

    @Override
    public void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
        later(() -> writer.stepFinished(recipe, step, outcome));
    }

    @Override
    public void stepSkipped(Recipe recipe, Step step, String reason) {
        later(() -> writer.stepSkipped(recipe, step, reason));
    }

    @Override
    public void stepWarning(Recipe recipe, Step step, String warning) {
        later(() -> writer.stepWarning(recipe, step, warning));
    }

    @Override
    public void recipeFinished(Recipe recipe, Context ctx) {
        Context frozen = frozen(ctx);
        later(() -> writer.recipeFinished(recipe, frozen));
    }

    /** A copy of the ctx's values and history as they are now, taken together. */
    private static Context frozen(Context ctx) {
        Checkpoint now = ctx.checkpoint("report");
        return Context.restore(ctx.recipe(), ctx.runId(), now.values(), now.history());
    }
}
