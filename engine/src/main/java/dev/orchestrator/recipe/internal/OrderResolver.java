package dev.orchestrator.recipe.internal;

import dev.orchestrator.recipe.Position;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order rules: fills each step's dependencies (explicit {@code depends_on}, else the item before it),
 * and reports unknown names and dependency cycles (found with the recipe's {@link StepGraph}). Stateless.
 */
final class OrderResolver {

    /** One item of {@code steps}: a single step, or the steps of one {@code parallel} group. */
    record Item(List<StepDraft> steps) {
        Item {
            steps = List.copyOf(steps);
        }
    }

    /** The dependencies of every step, in the order of {@code items} flattened. */
    List<List<String>> resolve(List<Item> items, Problems problems) {
        Set<String> names = new LinkedHashSet<>();
        items.forEach(item -> item.steps().forEach(s -> {
            if (s.name() != null) {
                names.add(s.name());
            }
        }));
        List<List<String>> result = new ArrayList<>();
        Map<String, StepDraft> byName = new LinkedHashMap<>();
        Map<String, List<String>> graph = new LinkedHashMap<>();
        List<String> previous = List.of();
        for (Item item : items) {
            for (StepDraft step : item.steps()) {
                List<String> deps = step.dependsOnExplicit() ? explicit(step, names, problems) : previous;
                result.add(deps);
                if (step.name() != null && !byName.containsKey(step.name())) {
                    byName.put(step.name(), step);
                    graph.put(step.name(), deps);
                }
            }
            previous = item.steps().stream().map(StepDraft::name).filter(n -> n != null).toList();
        }
        reportCycles(graph, byName, problems);
        return result;
    }

    private static List<String> explicit(StepDraft step, Set<String> names, Problems problems) {
        if (step.explicitDeps() == null) {
            return List.of(); // malformed depends_on: already reported
        }
        List<String> deps = new ArrayList<>();
        for (YamlNode.Scalar entry : step.explicitDeps()) {
            String dep = entry.value().asText();
            if (names.contains(dep)) {
                if (!deps.contains(dep)) {
                    deps.add(dep);
                }
            } else {
                problems.add(entry.position(), "unknown step '" + dep + "' in depends_on of " + step.label()
                        + Suggestions.hint(dep, names, "step names"));
            }
        }
        return deps;
    }

    /** One problem per strongly connected component that holds a cycle (a self-dependency included). */
    private static void reportCycles(Map<String, List<String>> graph, Map<String, StepDraft> byName, Problems problems) {
        StepGraph steps = StepGraph.of(graph);
        for (Set<String> component : steps.cyclicComponents()) {
            // a cycle needs an edge pointing forward in the file, and only depends_on can do that: start there
            String start = component.stream().filter(n -> byName.get(n).dependsOnExplicit())
                    .findFirst().orElse(component.iterator().next());
            List<String> cycle = steps.cycleFrom(start);
            StepDraft from = byName.get(start);
            Position at = from.explicitDeps() == null ? from.position() : from.explicitDeps().stream()
                    .filter(e -> e.value().asText().equals(cycle.get(1)))
                    .map(YamlNode::position).findFirst().orElse(from.position());
            problems.add(at, "dependency cycle: " + String.join(" -> ", cycle) + " (each step depends on the next)");
        }
    }
}
