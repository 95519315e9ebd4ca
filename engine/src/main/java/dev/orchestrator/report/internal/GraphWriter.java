package dev.orchestrator.report.internal;

import dev.orchestrator.context.Context;
import dev.orchestrator.event.Subscriber;
import dev.orchestrator.event.Subscriptions;
import dev.orchestrator.event.RunEvent;
import dev.orchestrator.event.RunInfo;
import dev.orchestrator.event.StepOutcome;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.report.RecipeGraphs;
import dev.orchestrator.report.RecipeTally;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the step graphs: {@code reports/graphs/<test_id>.png} (and {@code .dot}) after each recipe, and
 * {@code Assets/step_sequence.png} (and {@code .dot}) with every recipe of the run after the run.
 */
final class GraphWriter implements Subscriber<RunEvent> {

    static final String RUN_GRAPH = "step_sequence";

    private final Path graphDir;
    private final Path assets;
    private final RecipeGraphs graphs;
    /** Recipes in the order they started; keyed by test_id. */
    private final Map<String, RecipeTally> recipes = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();

    GraphWriter(Path graphDir, Path assets, RecipeGraphs graphs) {
        this.graphDir = graphDir;
        this.assets = assets;
        this.graphs = graphs;
    }

    @Override
    public void subscribe(Subscriptions<RunEvent> on) {
        on.event(RunEvent.RunStarted.class, e -> ReportWarmUp.graphs());
        on.event(RunEvent.RecipeStarted.class, e -> recipeStarted(e.recipe(), e.ctx()));
        on.event(RunEvent.StepFinished.class, e -> stepFinished(e.recipe(), e.step(), e.outcome()));
        on.event(RunEvent.StepSkipped.class, e -> stepSkipped(e.recipe(), e.step(), e.reason()));
        on.event(RunEvent.RecipeFinished.class, e -> recipeFinished(e.recipe(), e.ctx()));
        on.event(RunEvent.RunFinished.class, e -> runFinished(e.run()));
    }

    public void recipeStarted(Recipe recipe, Context ctx) {
        recipes.put(recipe.testId(), new RecipeTally(recipe));
        synchronized (order) {
            order.add(recipe.testId());
        }
    }

    public void stepFinished(Recipe recipe, Step step, StepOutcome.Finished outcome) {
        tally(recipe).finished(step, outcome);
    }

    public void stepSkipped(Recipe recipe, Step step, String reason) {
        tally(recipe).skipped(step, reason);
    }

    public void recipeFinished(Recipe recipe, Context ctx) {
        RecipeTally tally = tally(recipe);
        write(graphs.of(tally).png(), GraphDot.of(recipe, tally.statuses(), tally.durations(), tally.cachedFrom()), graphDir,
                recipe.testId());
    }

    public void runFinished(RunInfo run) {
        List<RecipeTally> tallies;
        synchronized (order) {
            tallies = order.stream().map(recipes::get).toList();
        }
        if (tallies.isEmpty()) {
            return;
        }
        List<RecipeGraphs.Rendered> rendered = tallies.stream().map(graphs::of).toList();
        String dot = GraphDot.ofRun(tallies);
        try {
            byte[] png = rendered.size() == 1 ? rendered.get(0).png()
                    : PngEncoder.encode(GraphImage.stack(rendered.stream().map(RecipeGraphs.Rendered::image).toList()));
            write(png, dot, assets, RUN_GRAPH);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the run's step graph", e);
        }
    }

    private RecipeTally tally(Recipe recipe) {
        return recipes.computeIfAbsent(recipe.testId(), id -> new RecipeTally(recipe));
    }

    private static void write(byte[] png, String dot, Path dir, String name) {
        try {
            GraphFiles.write(dir, name, png, dot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the step graph " + dir.resolve(name + ".png"), e);
        }
    }
}
