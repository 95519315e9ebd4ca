package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.RecipeSource;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/** What {@link RecipeLoader#load} returns: a valid recipe, or every problem found in it. */
@API(status = INTERNAL)
public sealed interface LoadResult {

    RecipeSource source();

    /** A recipe that passed every check. */
    record Valid(Recipe recipe) implements LoadResult {
        @Override
        public RecipeSource source() {
            return recipe.source();
        }
    }

    /**
     * A recipe that must not run.
     *
     * @param testId   the {@code test_id} if it could be read (used to name the failed container), else empty
     * @param problems every error found, in file order; never empty
     */
    record Invalid(RecipeSource source, Optional<String> testId, List<RecipeProblem> problems) implements LoadResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
