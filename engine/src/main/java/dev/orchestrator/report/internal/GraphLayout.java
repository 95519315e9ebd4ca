package dev.orchestrator.report.internal;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.internal.StepGraph;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each step's box goes in the step graph: layer = longest dependency path from a root (the recipe's
 * {@link StepGraph#layers()}); a layer is a
 * row (its steps side by side, so a parallel group sits on one row); a row holds at most
 * {@value #MAX_PER_ROW} boxes (wider layers wrap onto more rows); more than {@value #MAX_ROWS_PER_BAND}
 * rows continue in a new band to the right, like newspaper columns, so a 50-step chain stays readable.
 */
final class GraphLayout {

    static final int BOX_WIDTH = 200;
    static final int BOX_HEIGHT = 50;
    static final int H_GAP = 26;
    static final int V_GAP = 38;
    static final int BAND_GAP = 70;
    static final int MARGIN = 24;
    static final int HEADER = 64;
    static final int MAX_PER_ROW = 6;
    static final int MAX_ROWS_PER_BAND = 12;

    private final StepGraph graph;
    private final Map<String, Rectangle> boxes;
    private final Map<String, Integer> layers;
    private final int width;
    private final int height;

    private GraphLayout(StepGraph graph, Map<String, Rectangle> boxes, Map<String, Integer> layers, int width,
                        int height) {
        this.graph = graph;
        this.boxes = boxes;
        this.layers = layers;
        this.width = width;
        this.height = height;
    }

    static GraphLayout of(Recipe recipe) {
        StepGraph graph = StepGraph.of(recipe);
        Map<String, Integer> layers = graph.layers();
        Map<Integer, List<Step>> byLayer = new java.util.TreeMap<>();
        for (Step step : recipe.steps()) {
            byLayer.computeIfAbsent(layers.get(step.name()), k -> new ArrayList<>()).add(step);
        }
        List<List<Step>> rows = new ArrayList<>();
        for (List<Step> layer : byLayer.values()) {
            layer.sort(Comparator.comparingInt(Step::idx));
            for (int i = 0; i < layer.size(); i += MAX_PER_ROW) {
                rows.add(layer.subList(i, Math.min(layer.size(), i + MAX_PER_ROW)));
            }
        }
        Map<String, Rectangle> boxes = new LinkedHashMap<>();
        int bandX = MARGIN;
        int maxBottom = HEADER + BOX_HEIGHT;
        for (int first = 0; first < rows.size(); first += MAX_ROWS_PER_BAND) {
            List<List<Step>> band = rows.subList(first, Math.min(rows.size(), first + MAX_ROWS_PER_BAND));
            int widest = band.stream().mapToInt(List::size).max().orElse(1);
            int bandWidth = widest * BOX_WIDTH + (widest - 1) * H_GAP;
            int y = HEADER;
            for (List<Step> row : band) {
                int rowWidth = row.size() * BOX_WIDTH + (row.size() - 1) * H_GAP;
                int x = bandX + (bandWidth - rowWidth) / 2;
                for (Step step : row) {
                    boxes.put(step.name(), new Rectangle(x, y, BOX_WIDTH, BOX_HEIGHT));
                    x += BOX_WIDTH + H_GAP;
                }
                maxBottom = Math.max(maxBottom, y + BOX_HEIGHT);
                y += BOX_HEIGHT + V_GAP;
            }
            bandX += bandWidth + BAND_GAP;
        }
        int width = Math.max(bandX - BAND_GAP + MARGIN, 520);
        return new GraphLayout(graph, boxes, layers, width, maxBottom + MARGIN);
    }

    /** The graph laid out. */
    StepGraph graph() {
        return graph;
    }

    /** The step's box, or null for an unknown name. */
    Rectangle box(String step) {
        Rectangle box = boxes.get(step);
        return box == null ? null : new Rectangle(box);
    }

    Map<String, Rectangle> boxes() {
        return boxes;
    }

    int layer(String step) {
        return layers.get(step);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }
}
