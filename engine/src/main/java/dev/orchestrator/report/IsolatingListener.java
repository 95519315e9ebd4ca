package dev.orchestrator.report;

import dev.orchestrator.context.Context;
import dev.orchestrator.execution.RunInfo;
import dev.orchestrator.execution.RunListener;
import dev.orchestrator.execution.RunnerLog;
import dev.orchestrator.execution.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one report writer's trouble to itself: whatever it throws (disk full, a locked database, a missing
 * class) is logged with the writer's name and swallowed, so the run and the other writers go on.
 *
 * <p>A writer that fails to start ({@code runStarted}) is switched off for the rest of the run, since every
 * later event would fail the same way. Later failures are logged, the first {@value #LOGGED} in full.
 */
final class IsolatingListener implements RunListener {

    static final int LOGGED = 10;

    private final String name;
    private final RunListener delegate;
    private final RunnerLog log;
    private final AtomicBoolean disabled = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();

    IsolatingListener(String name, RunListener delegate, RunnerLog log) {
        this.name = name;
        this.delegate = delegate;
        this.log = log;
    }

    private interface Event {
        void send(RunListener listener) throws Exception;
    }

    private void guard(java.util.function.Supplier<String> event, Event call) {
        if (disabled.get()) {
            return;
        }
        try {
            call.send(delegate);
        } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {
            int count = failures.incrementAndGet();
            if (count <= LOGGED) {
                log.warn("the " + name + " report failed in " + event.get() + "; the run and the other reports go on"
                        + (count == LOGGED ? " (further failures of this report are not logged)" : ""), e);
            }
        }
    }

    boolean isDisabled() {
        return disabled.get();
    }

    @Override
    public void runStarted(RunInfo run) {
        guard(() -> "runStarted", l -> l.runStarted(run));
        if (failures.get() > 0) {
            disabled.set(true);
            log.warn("the " + name + " report is off for run " + run.runId(), null);
        }
    }

    @Override
    public void runFinished(RunInfo run) {
        guard(() -> "runFinished", l -> l.runFinished(run));
    }

    @Override
    public void recipeStarted(Recipe recipe, Context ctx) {
        guard(() -> "recipeStarted(" + (recipe == null ? "?" : recipe.testId()) + ")", l -> l.recipeStarted(recipe, ctx));
    }

    @Override
    public void stepStarted(Recipe recipe, Step step) {
        guard(() -> "stepStarted(" + (step == null ? "?" : step.name()) + ")", l -> l.stepStarted(recipe, step));
    }

    @Override
    public void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
        guard(() -> "stepFinished(" + (step == null ? "?" : step.name()) + ")", l -> l.stepFinished(recipe, step, outcome));
    }

    @Override
    public void stepWarning(Recipe recipe, Step step, String warning) {
        guard(() -> "stepWarning(" + (step == null ? "?" : step.name()) + ")", l -> l.stepWarning(recipe, step, warning));
    }

    @Override
    public void stepSkipped(Recipe recipe, Step step, String reason) {
        guard(() -> "stepSkipped(" + (step == null ? "?" : step.name()) + ")", l -> l.stepSkipped(recipe, step, reason));
    }

    @Override
    public void recipeFinished(Recipe recipe, Context ctx) {
        guard(() -> "recipeFinished(" + (recipe == null ? "?" : recipe.testId()) + ")", l -> l.recipeFinished(recipe, ctx));
    }

    @Override
    public String toString() {
        return "Isolating[" + name + "]";
    }
}
