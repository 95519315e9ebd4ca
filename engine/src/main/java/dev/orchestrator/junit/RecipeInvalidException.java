package dev.orchestrator.junit;

import dev.orchestrator.recipe.internal.Counts;
import dev.orchestrator.recipe.internal.LoadResult;
import dev.orchestrator.recipe.internal.Printable;
import dev.orchestrator.recipe.internal.RecipeProblem;
import java.util.List;

/** The failure of a recipe that did not pass validation; its message lists every problem as file:line:column. */
final class RecipeInvalidException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<RecipeProblem> problems;

    RecipeInvalidException(LoadResult.Invalid invalid) {
        super("recipe " + Printable.escape(invalid.source().displayName()) + " is invalid ("
                + Counts.of(invalid.problems().size(), "problem") + "); none of its steps ran:\n"
                + RecipeSelectorResolver.describe(invalid.problems()), null, false, false);
        this.problems = invalid.problems();
    }

    List<RecipeProblem> problems() {
        return problems;
    }
}
