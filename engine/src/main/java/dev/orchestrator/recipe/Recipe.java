package dev.orchestrator.recipe;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A validated recipe: its metadata, settings and steps in file order.
 *
 * @param source   where it was loaded from
 * @param meta     the {@code test_meta} block
 * @param settings the {@code settings} block, or {@link Settings#DEFAULTS}
 * @param steps    every step in file order (the steps of a {@code parallel} group in their listed order)
 * @param secrets  the {@code secrets} list: names of keys (in ctx, params, args, env) whose values are secrets
 *                 and are masked in every log and report; empty if absent
 */
@API(status = EXPERIMENTAL)
public record Recipe(RecipeSource source, TestMeta meta, Settings settings, List<Step> steps, List<String> secrets) {

    public Recipe {
        steps = List.copyOf(steps);
        secrets = List.copyOf(secrets);
    }

    /** A recipe that declares no secrets. */
    public Recipe(RecipeSource source, TestMeta meta, Settings settings, List<Step> steps) {
        this(source, meta, settings, steps, List.of());
    }

    public String testId() {
        return meta.testId();
    }

    public Optional<Step> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
