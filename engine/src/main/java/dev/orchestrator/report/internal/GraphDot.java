package dev.orchestrator.report.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.internal.DataFlow;
import dev.orchestrator.recipe.internal.Durations;
import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.internal.StepGraph;
import dev.orchestrator.event.StepStatus;
import dev.orchestrator.report.RecipeTally;
import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The step graph as Graphviz DOT text (docs/reports.md): a box per step, coloured as in {@link GraphImage}, an
 * edge per dependency of the recipe's {@link StepGraph}, each parallel group on one rank; when steps declare ctx
 * contracts, a dashed edge per {@link DataFlow} edge, labelled with the keys it carries (docs/contracts.md). A step
 * served from the step cache has the cached fill, a dashed border and "cached from run &lt;id&gt;" under its name.
 */
@API(status = INTERNAL)
public final class GraphDot {

    private GraphDot() {
    }

    /**
     * The graph of one recipe.
     *
     * @param statuses  step name → status; a step not in the map is "not run" (never null)
     * @param durations step name → wall time, shown in the box; a step not in the map shows none (never null)
     */
    public static String of(Recipe recipe, Map<String, StepStatus> statuses, Map<String, Duration> durations) {
        return of(recipe, statuses, durations, Map.of());
    }

    /**
     * The graph of one recipe, marking the steps served from the step cache.
     *
     * @param cachedFrom step name → the run id its result was reused from (docs/caching.md); never null
     */
    public static String of(Recipe recipe, Map<String, StepStatus> statuses, Map<String, Duration> durations,
                            Map<String, String> cachedFrom) {
        StringBuilder dot = new StringBuilder("digraph ").append(quote(recipe.testId())).append(" {\n")
                .append("  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        body(dot, recipe, statuses, durations, cachedFrom, "  ");
        return dot.append("}\n").toString();
    }

    /** Several recipes in one DOT graph, one cluster each. */
    static String of(List<RecipeTally> recipes) {
        StringBuilder dot = new StringBuilder("digraph step_sequence {\n")
                .append("  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        for (RecipeTally tally : recipes) {
            dot.append("  subgraph ").append(quote("cluster_" + tally.recipe().testId())).append(" {\n    label=")
                    .append(quote(tally.recipe().testId())).append(";\n");
            body(dot, tally.recipe(), tally.statuses(), tally.durations(), tally.cachedFrom(), "    ");
            dot.append("  }\n");
        }
        return dot.append("}\n").toString();
    }

    /** One run's graph: the recipe's own graph when the run had one recipe, else a cluster per recipe. */
    static String ofRun(List<RecipeTally> recipes) {
        return recipes.size() == 1
                ? of(recipes.get(0).recipe(), recipes.get(0).statuses(), recipes.get(0).durations(),
                        recipes.get(0).cachedFrom())
                : of(recipes);
    }

    private static void body(StringBuilder dot, Recipe recipe, Map<String, StepStatus> statuses,
                             Map<String, Duration> durations, Map<String, String> cachedFrom, String indent) {
        String prefix = recipe.testId() + "/";
        for (Step step : recipe.steps()) {
            String cached = cachedFrom.get(step.name());
            Color fill = cached != null ? GraphImage.CACHED : GraphImage.fill(statuses.get(step.name()));
            Duration d = durations.get(step.name());
            String detail = cached != null ? "cached from run " + cached : d == null ? null : Durations.elapsed(d);
            dot.append(indent).append(quote(prefix + step.name())).append(" [label=\"").append(escape(step.name()))
                    .append(detail == null ? "" : "\\n" + escape(detail)).append('"')
                    .append(", fillcolor=").append(quote(String.format("#%06X", fill.getRGB() & 0xFFFFFF)))
                    // the node default is "rounded,filled": a cached step adds the dashed border of the PNG
                    .append(cached != null ? ", style=\"rounded,filled,dashed\"" : "")
                    .append("];\n");
        }
        recipe.steps().stream().map(s -> s.scheduling().parallelGroup()).filter(Objects::nonNull).distinct().forEach(group -> {
            dot.append(indent).append("{ rank=same;");
            recipe.steps().stream().filter(s -> group.equals(s.scheduling().parallelGroup()))
                    .forEach(s -> dot.append(' ').append(quote(prefix + s.name())).append(';'));
            dot.append(" }\n");
        });
        StepGraph graph = StepGraph.of(recipe);
        for (String step : graph.nodes()) {
            for (String dep : graph.dependencies(step)) {
                dot.append(indent).append(quote(prefix + dep)).append(" -> ").append(quote(prefix + step)).append(";\n");
            }
        }
        if (DataFlow.hasContracts(recipe.steps())) {
            String colour = quote(String.format("#%06X", DataEdges.COLOUR.getRGB() & 0xFFFFFF));
            for (DataFlow.Edge edge : DataFlow.of(recipe).edges()) {
                // constraint=false: data edges follow the dependencies, they must not move the ranks
                dot.append(indent).append(quote(prefix + edge.from())).append(" -> ").append(quote(prefix + edge.to()))
                        .append(" [style=dashed, color=").append(colour).append(", fontcolor=").append(colour)
                        .append(", label=").append(quote(String.join(", ", edge.keys())))
                        .append(", constraint=false];\n");
            }
        }
    }

    private static String quote(String s) {
        return '"' + escape(s) + '"';
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
