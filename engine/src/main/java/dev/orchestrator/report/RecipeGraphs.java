package dev.orchestrator.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.orchestrator.report.internal.GraphImage;
import dev.orchestrator.report.internal.PngEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * The step graph of each finished recipe of one run, drawn and encoded once and shared by the writers that
 * need it (the graph files and the Allure attachment): drawing and PNG encoding are the costly part of the
 * reports for large recipes.
 */
@API(status = EXPERIMENTAL)
public final class RecipeGraphs {

    /** A drawn graph and its PNG encoding. */
    public record Rendered(BufferedImage image, byte[] png) {
    }

    private final Map<String, Rendered> byRecipe = new ConcurrentHashMap<>();

    /** The graph of a finished recipe; the first caller draws it, later callers get the same one. */
    public Rendered of(RecipeTally tally) {
        return byRecipe.computeIfAbsent(tally.recipe().testId(), id -> {
            BufferedImage image = GraphImage.render(tally.recipe(), tally.statuses(), tally.durations(),
                    tally.cachedFrom());
            try {
                return new Rendered(image, PngEncoder.encode(image));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode the step graph of " + id, e);
            }
        });
    }
}
