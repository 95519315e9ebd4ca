package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A place in a recipe file: 1-based line and column.
 *
 * @param line   1-based line number
 * @param column 1-based column number
 */
@API(status = EXPERIMENTAL)
public record Position(int line, int column) {

    /** Used where no better position is known (for example a problem with the whole file). */
    public static final Position START = new Position(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
