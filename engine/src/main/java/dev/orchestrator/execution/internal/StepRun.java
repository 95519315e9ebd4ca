package dev.orchestrator.execution.internal;

import dev.orchestrator.context.Context;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;

/**
 * One attempt of one step: what a {@link StepRunner} gets.
 *
 * @param recipe   the recipe
 * @param step     the step
 * @param ctx      the recipe's ctx, acting as the step (changes are recorded under its name)
 * @param log      the step's log
 * @param settings the run's settings
 * @param attempt  1 for the first attempt
 */
record StepRun(Recipe recipe, Step step, Context ctx, StepLogFile log, RunSettings settings, int attempt) {
}
