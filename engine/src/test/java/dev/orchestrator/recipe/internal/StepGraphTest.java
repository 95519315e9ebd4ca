package dev.orchestrator.recipe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepGraphTest {

    /** Nodes in insertion (file) order, each with its dependencies. */
    private static StepGraph graph(String... nodeAndDeps) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (String entry : nodeAndDeps) {
            String[] parts = entry.split(":", -1);
            edges.put(parts[0], parts[1].isEmpty() ? List.of() : List.of(parts[1].split(",")));
        }
        return StepGraph.of(edges);
    }

    @Test
    void knowsNodesEdgesBothWaysAndLeavesOutUnknownNames() {
        StepGraph g = graph("a:", "b:a,ghost", "c:a", "d:b,c");
        assertThat(g.nodes()).containsExactly("a", "b", "c", "d");
        assertThat(g.dependencies("b")).containsExactly("a");
        assertThat(g.dependents("a")).containsExactly("b", "c");
        assertThat(g.dependents("d")).isEmpty();
        assertThat(g.dependencies("nobody")).isEmpty();
    }

    @Test
    void topologicalOrderPutsDependenciesFirstAndKeepsFileOrderOnTies() {
        assertThat(graph("a:", "b:", "c:").topologicalOrder()).containsExactly("a", "b", "c");
        // d comes first in the file but needs c: it waits; the ready step first in the file goes next
        assertThat(graph("d:c", "a:", "c:a", "b:").topologicalOrder()).containsExactly("a", "c", "d", "b");
    }

    @Test
    void layersAreTheLongestPathFromARoot() {
        Map<String, Integer> layers = graph("a:", "b:a", "c:a", "d:b", "e:d,c", "f:").layers();
        assertThat(layers).containsExactly(Map.entry("a", 0), Map.entry("b", 1), Map.entry("c", 1),
                Map.entry("d", 2), Map.entry("e", 3), Map.entry("f", 0));
    }

    @Test
    void cyclesAreFoundPerComponentWithTheirShortestPath() {
        StepGraph g = graph("a:c", "b:a", "c:b", "d:", "e:e", "f:d");
        assertThat(g.cyclicComponents()).hasSize(2);
        assertThat(g.cyclicComponents().get(0)).containsExactly("a", "b", "c");
        assertThat(g.cyclicComponents().get(1)).containsExactly("e");
        assertThat(g.cycleFrom("a")).containsExactly("a", "c", "b", "a");
        assertThat(g.cycleFrom("e")).containsExactly("e", "e");
        assertThat(graph("a:", "b:a").cyclicComponents()).isEmpty();
    }

    @Test
    void orderAndLayersRefuseACycle() {
        StepGraph g = graph("a:b", "b:a", "c:");
        assertThatThrownBy(g::topologicalOrder).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dependency cycle among steps [a, b]");
        assertThatThrownBy(g::layers).isInstanceOf(IllegalArgumentException.class);
    }
}
