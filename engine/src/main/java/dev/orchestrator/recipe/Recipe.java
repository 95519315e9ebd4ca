package dev.orchestrator.recipe;

import java.util.List;
import java.util.Optional;

/**
 * A validated recipe: its metadata, settings and steps in file order.
 *
 * @param source   where it was loaded from
 * @param meta     the {@code test_meta} block
 * @param settings the {@code settings} block, or {@link Settings#DEFAULTS}
 * @param steps    every step in file order (the steps of a {@code parallel} group in their listed order)
 */
public record Recipe(RecipeSource source, TestMeta meta, Settings settings, List<Step> steps) {

    public Recipe {
        steps = List.copyOf(steps);
    }

    public String testId() {
        return meta.testId();
    }

    public Optional<Step> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
