package dev.orchestrator.cli;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.schedule.StepStatus;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Draws a recipe's step graph: steps as nodes, arrows for dependencies, colour for status. What
 * {@code orchestrator graph} writes.
 *
 * <p>The maps may be empty (a recipe not run yet); a step missing from them is drawn as not run.
 */
interface GraphRenderer {

    /** The graph as Graphviz DOT text. */
    String toDot(Recipe recipe, Map<String, StepStatus> statuses, Map<String, Duration> durations);

    /** The graph as a picture, or empty when this renderer cannot draw one. */
    Optional<BufferedImage> render(Recipe recipe, Map<String, StepStatus> statuses, Map<String, Duration> durations);

    /**
     * The renderer the CLI uses.
     *
     * <p>TODO(lead): plug in the PNG renderer here once {@code dev.orchestrator.report.StepGraph} is in the
     * tree: return an adapter whose {@code render} calls {@code StepGraph.render(recipe, statuses, durations)}
     * and whose {@code toDot} calls {@code StepGraph.toDot(...)} (or keeps {@link DotGraphRenderer}'s).
     * Nothing else in the CLI needs to change: {@link GraphCommand} writes a PNG whenever {@code render}
     * returns an image.
     */
    static GraphRenderer standard() {
        return new DotGraphRenderer();
    }
}
