package dev.orchestrator.recipe.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.orchestrator.recipe.Recipe;
import dev.orchestrator.recipe.Step;
import dev.orchestrator.recipe.StepContract;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The ctx data flow of a recipe's steps over its {@link StepGraph} (docs/contracts.md): which steps are upstream
 * of which (transitively), which may run at the same time, and the data edges, from the step that writes a key
 * to each later step that reads it. Built from the steps' {@link StepContract}s; the graph must be acyclic.
 * Immutable.
 */
@API(status = INTERNAL)
public final class DataFlow {

    /** The key the runner puts into the ctx before the first step: every step may read it. */
    public static final String TEST_META = "test_meta";

    /**
     * One data edge: {@code to} reads {@code keys}, which {@code from} (upstream of it, with no other writer of
     * those keys in between) writes.
     */
    public record Edge(String from, String to, List<String> keys) {
        public Edge {
            keys = List.copyOf(keys);
        }
    }

    private final List<Step> steps;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<BitSet> upstream = new ArrayList<>();

    private DataFlow(List<Step> steps) {
        this.steps = List.copyOf(steps);
        StepGraph graph = StepGraph.of(steps);
        for (int i = 0; i < this.steps.size(); i++) {
            index.putIfAbsent(this.steps.get(i).name(), i);
            upstream.add(new BitSet());
        }
        for (String node : graph.topologicalOrder()) {
            BitSet closure = upstream.get(index.get(node));
            for (String dep : graph.dependencies(node)) {
                closure.set(index.get(dep));
                closure.or(upstream.get(index.get(dep)));
            }
        }
    }

    /**
     * The data flow of {@code steps}.
     *
     * @throws IllegalArgumentException if their dependencies form a cycle
     */
    public static DataFlow of(List<Step> steps) {
        return new DataFlow(steps);
    }

    /** The data flow of a recipe's steps. */
    public static DataFlow of(Recipe recipe) {
        return of(recipe.steps());
    }

    /** Whether any step declares reads or writes (without contracts there is nothing to check or draw). */
    public static boolean hasContracts(List<Step> steps) {
        return steps.stream().anyMatch(s -> s.contract().declaresReads() || s.contract().declaresWrites());
    }

    /** Whether {@code ancestor} is upstream of {@code step}: {@code step} depends on it, directly or not. */
    public boolean isUpstream(String ancestor, String step) {
        Integer a = index.get(ancestor);
        Integer s = index.get(step);
        return a != null && s != null && upstream.get(s).get(a);
    }

    /** Whether two different steps may run at the same time: neither is upstream of the other. */
    public boolean mayOverlap(String a, String b) {
        return !a.equals(b) && !isUpstream(a, b) && !isUpstream(b, a);
    }

    /** The steps upstream of {@code step}, in file order. */
    public List<Step> upstreamOf(String step) {
        Integer s = index.get(step);
        if (s == null) {
            return List.of();
        }
        return upstream.get(s).stream().mapToObj(steps::get).toList();
    }

    /**
     * The data edges, readers in file order: for each key a step declares it reads, the nearest upstream steps
     * declaring they write it (those not upstream of another such writer); keys read from one writer share one
     * edge. Steps without declared reads have no incoming data edge.
     */
    public List<Edge> edges() {
        List<Edge> edges = new ArrayList<>();
        for (Step reader : steps) {
            Map<String, Set<String>> byWriter = new LinkedHashMap<>();
            for (String key : reader.contract().reads()) {
                List<Step> writers = upstreamOf(reader.name()).stream()
                        .filter(w -> w.contract().declaresWrites() && w.contract().writes().contains(key)).toList();
                for (Step writer : writers) {
                    boolean shadowed = writers.stream().anyMatch(other -> isUpstream(writer.name(), other.name()));
                    if (!shadowed) {
                        byWriter.computeIfAbsent(writer.name(), w -> new LinkedHashSet<>()).add(key);
                    }
                }
            }
            byWriter.forEach((writer, keys) -> edges.add(new Edge(writer, reader.name(), List.copyOf(keys))));
        }
        return List.copyOf(edges);
    }
}
