package dev.orchestrator.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import org.apiguardian.api.API;

/**
 * The one stream of run events: the JUnit adapter and the report writers listen here. Called from the
 * thread that runs the step; implementations must be thread-safe.
 */
@API(status = INTERNAL)
public interface RunListener {

    /** Once per engine execution, before any recipe. */
    default void runStarted(RunInfo run) {
    }

    /** Once per engine execution, after every recipe (also when one failed). */
    default void runFinished(RunInfo run) {
    }

    /** Before the first step; {@code ctx} already holds {@code test_meta}. */
    default void recipeStarted(Recipe recipe, Context ctx) {
    }

    default void stepStarted(Recipe recipe, Step step) {
    }

    /** After a step that ran (passed or failed), its checkpoint written. */
    default void stepFinished(Recipe recipe, Step step, StepOutcome outcome) {
    }

    /** A step that did not run, with the reason. */
    default void stepSkipped(Recipe recipe, Step step, String reason) {
    }

    /**
     * Two steps that ran at the same time wrote the same ctx key (a warning, not a failure); called right
     * after the later one finished, before its {@link #stepFinished}.
     *
     * @param step    the step that finished second
     * @param warning what happened, naming the key and both steps
     */
    default void stepWarning(Recipe recipe, Step step, String warning) {
    }

    default void recipeFinished(Recipe recipe, Context ctx) {
    }
}
