package dev.orchestrator.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.util.List;
import org.apiguardian.api.API;

/** Sends every event to several listeners, in order. A listener that throws does not stop the others. */
@API(status = INTERNAL)
public final class CompositeRunListener implements RunListener {

    private final List<RunListener> listeners;

    public CompositeRunListener(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private interface Event {
        void send(RunListener listener);
    }

    private void each(Event event) {
        RuntimeException first = null;
        for (RunListener listener : listeners) {
            try {
                event.send(listener);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void runStarted(RunInfo run) {
        each(l -> l.runStarted(run));
    }

    @Override
    public void runFinished(RunInfo run) {
        each(l -> l.runFinished(run));
    }

    @Override
    public void recipeStarted(Recipe recipe, Context ctx) {
        each(l -> l.recipeStarted(recipe, ctx));
    }

    @Override
    public void stepStarted(Recipe recipe, Step step) {
        each(l -> l.stepStarted(recipe, step));
    }

    @Override
    public void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
        each(l -> l.stepFinished(recipe, step, outcome));
    }

    @Override
    public void stepSkipped(Recipe recipe, Step step, String reason) {
        each(l -> l.stepSkipped(recipe, step, reason));
    }

    @Override
    public void stepWarning(Recipe recipe, Step step, String warning) {
        each(l -> l.stepWarning(recipe, step, warning));
    }

    @Override
    public void recipeFinished(Recipe recipe, Context ctx) {
        each(l -> l.recipeFinished(recipe, ctx));
    }
}
