package dev.orchestrator.cli;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.schedule.StepStatus;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link GraphRenderer} that writes DOT text only (no picture): a node per step, parallel groups boxed. */
final class DotGraphRenderer implements GraphRenderer {

    private static final Map<StepStatus, String> COLOURS = Map.of(
            StepStatus.PASSED, "#b7e4c7",
            StepStatus.FAILED, "#f4a6a6",
            StepStatus.SKIPPED, "#d9d9d9");
    private static final String NOT_RUN = "#ffffff";

    @Override
    public String toDot(Recipe recipe, Map<String, StepStatus> statuses, Map<String, Duration> durations) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph ").append(quote(recipe.testId())).append(" {\n");
        dot.append("  graph [rankdir=LR, label=").append(quote(recipe.testId() + " (" + recipe.source().displayName() + ")"))
                .append(", labelloc=t, fontname=\"Helvetica\"];\n");
        dot.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        Map<Integer, List<Step>> groups = new TreeMap<>();
        Map<String, String> nodes = new LinkedHashMap<>();
        for (Step step : recipe.steps()) {
            nodes.put(step.name(), node(step, statuses.get(step.name()), durations.get(step.name())));
            if (step.parallelGroup() != null) {
                groups.computeIfAbsent(step.parallelGroup(), g -> new java.util.ArrayList<>()).add(step);
            }
        }
        for (Map.Entry<Integer, List<Step>> group : groups.entrySet()) {
            dot.append("  subgraph cluster_parallel_").append(group.getKey()).append(" {\n");
            dot.append("    label=\"parallel\"; style=dashed;\n");
            for (Step step : group.getValue()) {
                dot.append("    ").append(nodes.remove(step.name())).append('\n');
            }
            dot.append("  }\n");
        }
        nodes.values().forEach(n -> dot.append("  ").append(n).append('\n'));
        for (Step step : recipe.steps()) {
            for (String dependency : step.dependsOn()) {
                dot.append("  ").append(quote(dependency)).append(" -> ").append(quote(step.name())).append(";\n");
            }
        }
        dot.append("}\n");
        return dot.toString();
    }

    private static String node(Step step, StepStatus status, Duration duration) {
        StringBuilder label = new StringBuilder().append(step.idx()).append(". ").append(step.name())
                .append("\\n").append(step.type().yamlName());
        if (status != null) {
            label.append(" · ").append(status.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (duration != null) {
            label.append(" · ").append(Durations.format(duration));
        }
        return quote(step.name()) + " [label=" + quote(label.toString()) + ", fillcolor=\""
                + (status == null ? NOT_RUN : COLOURS.get(status)) + "\"];";
    }

    /** A DOT quoted id; {@code \n} sequences already in the text are kept as DOT line breaks. */
    private static String quote(String text) {
        return "\"" + text.replace("\"", "\\\"") + "\"";
    }

    @Override
    public Optional<BufferedImage> render(Recipe recipe, Map<String, StepStatus> statuses,
                                          Map<String, Duration> durations) {
        return Optional.empty();
    }
}
