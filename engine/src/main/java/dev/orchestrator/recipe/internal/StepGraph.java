package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The dependency graph of a recipe's steps, the one model that validation (cycles), scheduling (the
 * topological order) and drawing (the layers) share. Nodes are step names in file order; an edge goes from a
 * step to each step it depends on. A dependency on a name that is not a node is left out (validation reports
 * it). Immutable; the graph may hold cycles, and then only {@link #cyclicComponents()} and {@link #cycleFrom}
 * answer: {@link #topologicalOrder()} and {@link #layers()} throw.
 */
@API(status = INTERNAL)
public final class StepGraph {

    private final List<String> nodes;
    private final Map<String, List<String>> dependencies;
    private final Map<String, List<String>> dependents;
    private final Map<String, Integer> position;

    private StepGraph(Map<String, List<String>> edges) {
        this.nodes = List.copyOf(edges.keySet());
        this.position = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            position.put(nodes.get(i), i);
        }
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Map<String, List<String>> back = new LinkedHashMap<>();
        nodes.forEach(n -> back.put(n, new ArrayList<>()));
        edges.forEach((node, on) -> {
            List<String> known = on.stream().filter(position::containsKey).distinct().toList();
            deps.put(node, known);
            known.forEach(dep -> back.get(dep).add(node));
        });
        this.dependencies = Collections.unmodifiableMap(deps);
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        back.forEach((node, list) -> frozen.put(node, List.copyOf(list)));
        this.dependents = Collections.unmodifiableMap(frozen);
    }

    /**
     * A graph from each node's dependencies.
     *
     * @param dependsOn node → the nodes it depends on, in file order (its iteration order is the nodes' order)
     */
    public static StepGraph of(Map<String, List<String>> dependsOn) {
        return new StepGraph(dependsOn);
    }

    /** The graph of {@code steps} (by name, in the list's order, with their dependencies). */
    public static StepGraph of(List<Step> steps) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        steps.forEach(s -> edges.putIfAbsent(s.name(), s.scheduling().dependsOn()));
        return new StepGraph(edges);
    }

    /** The graph of a recipe's steps. */
    public static StepGraph of(Recipe recipe) {
        return of(recipe.steps());
    }

    /** Every node, in file order. */
    public List<String> nodes() {
        return nodes;
    }

    /** The nodes {@code node} depends on (edges to unknown names left out); empty for an unknown node. */
    public List<String> dependencies(String node) {
        return dependencies.getOrDefault(node, List.of());
    }

    /** The nodes that depend on {@code node}, in file order; empty for an unknown node. */
    public List<String> dependents(String node) {
        return dependents.getOrDefault(node, List.of());
    }

    /**
     * Every node in an order that puts each one after all it depends on; of the nodes ready at a time, the
     * first in the file goes first (Kahn's algorithm), so a graph without {@code depends_on} keeps file order.
     *
     * @throws IllegalArgumentException if the graph has a cycle
     */
    public List<String> topologicalOrder() {
        Map<String, Integer> waiting = new HashMap<>();
        nodes.forEach(n -> waiting.put(n, dependencies(n).size()));
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparingInt(position::get));
        nodes.stream().filter(n -> waiting.get(n) == 0).forEach(ready::add);
        List<String> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            String next = ready.poll();
            order.add(next);
            for (String dependent : dependents(next)) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() != nodes.size()) {
            List<String> stuck = nodes.stream().filter(n -> !order.contains(n)).toList();
            throw new IllegalArgumentException("dependency cycle among steps " + stuck);
        }
        return List.copyOf(order);
    }

    /**
     * Each node's layer: the length of the longest dependency path from a root (a node with no dependencies
     * is 0), in file order.
     *
     * @throws IllegalArgumentException if the graph has a cycle
     */
    public Map<String, Integer> layers() {
        Map<String, Integer> layers = new HashMap<>();
        for (String node : topologicalOrder()) {
            layers.put(node, dependencies(node).stream().mapToInt(d -> layers.get(d) + 1).max().orElse(0));
        }
        Map<String, Integer> inFileOrder = new LinkedHashMap<>();
        nodes.forEach(n -> inFileOrder.put(n, layers.get(n)));
        return Collections.unmodifiableMap(inFileOrder);
    }

    /**
     * The strongly connected components that hold a cycle (a self-dependency included), each listing its
     * nodes in file order, ordered by their first node. Empty when the graph is acyclic.
     */
    public List<Set<String>> cyclicComponents() {
        return new Tarjan().components().stream()
                .filter(c -> c.size() > 1 || dependencies(c.iterator().next()).contains(c.iterator().next()))
                .toList();
    }

    /**
     * The shortest cycle {@code start → … → start} that follows dependencies inside {@code start}'s component
     * (breadth first), each node depending on the next; {@code [start, start]} when none passes through it.
     */
    public List<String> cycleFrom(String start) {
        Set<String> component = cyclicComponents().stream().filter(c -> c.contains(start)).findFirst().orElse(Set.of());
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String current = queue.poll();
            for (String next : dependencies(current)) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>();
                    path.add(start);
                    for (String n = current; !n.equals(start); n = parent.get(n)) {
                        path.add(1, n);
                    }
                    path.add(start);
                    return List.copyOf(path);
                }
                if (component.contains(next) && !parent.containsKey(next)) {
                    parent.put(next, current);
                    queue.add(next);
                }
            }
        }
        return List.of(start, start);
    }

    /** Tarjan's strongly connected components; each lists its nodes in file order. */
    private final class Tarjan {

        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new LinkedHashSet<>();
        private final List<Set<String>> found = new ArrayList<>();

        List<Set<String>> components() {
            nodes.forEach(n -> {
                if (!index.containsKey(n)) {
                    visit(n);
                }
            });
            return found.stream().map(c -> {
                Set<String> inFileOrder = new LinkedHashSet<>();
                nodes.stream().filter(c::contains).forEach(inFileOrder::add);
                return Collections.unmodifiableSet(inFileOrder);
            }).sorted(Comparator.comparingInt(c -> position.get(c.iterator().next()))).toList();
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.push(node);
            onStack.add(node);
            for (String next : dependencies(node)) {
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
                found.add(component);
            }
        }
    }
}
