package dev.orchestrator.junit;

import dev.orchestrator.schedule.internal.RecipeHistory;
import dev.orchestrator.schedule.internal.Shard;
import dev.orchestrator.schedule.internal.ShardPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.platform.engine.TestDescriptor;

/**
 * {@link Constants#SHARD}: after discovery, the recipes of the other shards are pruned from the test plan, so
 * JUnit shows (and the run records) only this shard's recipes. Every shard process discovers the same recipes
 * and computes the same {@link ShardPlan}.
 */
final class ShardSelection {

    private ShardSelection() {
    }

    /** Removes from {@code engine} every recipe that {@code shard} does not get. */
    static void apply(OrchestratorEngineDescriptor engine, Shard shard, ShardConfiguration scale,
                      Map<String, String> environment, ClassLoader classLoader, Consumer<String> warnings) {
        List<RecipeDescriptor> recipes = new ArrayList<>();
        for (TestDescriptor child : engine.getChildren()) {
            recipes.add((RecipeDescriptor) child);
        }
        List<ShardPlan.Item> items = recipes.stream().map(ShardSelection::item).toList();
        Set<String> ids = new LinkedHashSet<>();
        items.forEach(item -> ids.add(item.testId()));
        var durations = RecipeHistory.load(new RecipeHistory.Query(engine.configuration().workspace(),
                scale.databaseUrl(), environment, ids, scale.runId()), classLoader, warnings);
        Set<String> mine = new HashSet<>(ShardPlan.of(items, shard.count(), durations).part(shard).testIds());
        for (RecipeDescriptor recipe : recipes) {
            if (!mine.contains(idOf(recipe))) {
                recipe.removeFromHierarchy();
            }
        }
    }

    /** A recipe weighs its step count; an invalid one (no steps) still belongs to exactly one shard. */
    static ShardPlan.Item item(RecipeDescriptor recipe) {
        return new ShardPlan.Item(idOf(recipe), recipe.recipe().map(r -> r.steps().size()).orElse(0));
    }

    private static String idOf(RecipeDescriptor recipe) {
        return RecipeRegistry.idOf(recipe.loaded());
    }
}
