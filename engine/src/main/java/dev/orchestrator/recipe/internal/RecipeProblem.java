package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Position;
import dev.orchestrator.recipe.RecipeSource;
import org.apiguardian.api.API;

/**
 * One validation error of a recipe, printed as {@code file:line:column: message}. File name and message are
 * stored {@link Printable#escape escaped}: they quote recipe text, which must not reach a terminal raw.
 *
 * @param file     the recipe's display name ({@link RecipeSource#displayName()})
 * @param position where the problem is
 * @param message  what was expected and what was found; for an unknown key, the nearest valid key
 */
@API(status = INTERNAL)
public record RecipeProblem(String file, Position position, String message) {

    public RecipeProblem {
        file = Printable.escape(file);
        message = Printable.escape(message);
    }

    @Override
    public String toString() {
        return file + ":" + position.line() + ":" + position.column() + ": " + message;
    }
}
