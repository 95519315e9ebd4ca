package dev.orchestrator.recipe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order rules: fills each step's dependencies (explicit {@code depends_on}, else the item before it),
 * and reports unknown names and dependency cycles. Stateless.
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
        for (Set<String> component : new Tarjan(graph).components()) {
            String first = component.iterator().next();
            boolean cyclic = component.size() > 1 || graph.get(first).contains(first);
            if (!cyclic) {
                continue;
            }
            // a cycle needs an edge pointing forward in the file, and only depends_on can do that: start there
            String start = byName.keySet().stream()
                    .filter(n -> component.contains(n) && byName.get(n).dependsOnExplicit())
                    .findFirst().orElse(first);
            List<String> cycle = pathBack(start, graph, component);
            StepDraft from = byName.get(start);
            Position at = from.explicitDeps() == null ? from.position() : from.explicitDeps().stream()
                    .filter(e -> e.value().asText().equals(cycle.get(1)))
                    .map(YamlNode::position).findFirst().orElse(from.position());
            problems.add(at, "dependency cycle: " + String.join(" -> ", cycle) + " (each step depends on the next)");
        }
    }

    /** The shortest path {@code start -> … -> start} inside {@code component} (breadth first). */
    private static List<String> pathBack(String start, Map<String, List<String>> graph, Set<String> component) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (String next : graph.getOrDefault(current, List.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>();
                    path.add(start);
                    for (String n = current; !n.equals(start); n = parent.get(n)) {
                        path.add(1, n);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(next) && !parent.containsKey(next)) {
                    parent.put(next, current);
                    queue.add(next);
                }
            }
        }
        return List.of(start, start);
    }

    /** Tarjan's strongly connected components; each component lists its steps in file order. */
    private static final class Tarjan {

        private final Map<String, List<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new LinkedHashSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, List<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> components() {
            graph.keySet().forEach(n -> {
                if (!index.containsKey(n)) {
                    visit(n);
                }
            });
            List<String> order = List.copyOf(graph.keySet());
            return components.stream().map(c -> {
                Set<String> inFileOrder = new LinkedHashSet<>();
                order.stream().filter(c::contains).forEach(inFileOrder::add);
                return inFileOrder;
            }).sorted((a, b) -> Integer.compare(order.indexOf(a.iterator().next()), order.indexOf(b.iterator().next())))
                    .toList();
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.push(node);
            onStack.add(node);
            for (String next : graph.getOrDefault(node, List.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                Set<String> component = new LinkedHashSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(node));
                components.add(component);
            }
        }
    }
}
